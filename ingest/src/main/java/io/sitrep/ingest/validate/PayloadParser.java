package io.sitrep.ingest.validate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Payload-level checks of {@link ReportValidator}: strict UTF-8, one JSON value, an object. A
 * problem found here stops the field checks.
 */
final class PayloadParser {

    private static final int MAX_PARSER_MESSAGE_CHARS = 300;

    // Strict: one value per body, no duplicate keys; source snippets stay out of messages.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The parsed object, or the payload-level problem that stops validation. */
    record Parsed(JsonNode root, Problem problem) {
    }

    private PayloadParser() {
    }

    static Parsed parse(final byte[] payload) {
        final Optional<String> text = decodeStrictUtf8(payload);
        if (text.isEmpty()) {
            return failed(new Problem(ReasonCode.INVALID_UTF8, null,
                    "the payload is not valid UTF-8 (first bad byte at offset " + firstBadUtf8Offset(payload) + ")"));
        }
        final JsonNode root;
        try {
            root = MAPPER.readTree(text.get());
        } catch (JsonProcessingException e) {
            return failed(new Problem(ReasonCode.MALFORMED_JSON, null, parserMessage(e)));
        }
        if (root == null || root.isMissingNode()) {
            return failed(new Problem(ReasonCode.MALFORMED_JSON, null, "the payload is empty: expected one JSON object"));
        }
        if (!root.isObject()) {
            return failed(new Problem(ReasonCode.NOT_AN_OBJECT, null,
                    "the payload is a JSON " + FieldReader.typeName(root) + ": expected one JSON object"));
        }
        return new Parsed(root, null);
    }

    private static Parsed failed(final Problem problem) {
        return new Parsed(null, problem);
    }

    private static String parserMessage(final JsonProcessingException e) {
        final String original = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
        final String cut = original.length() > MAX_PARSER_MESSAGE_CHARS ? original.substring(0, MAX_PARSER_MESSAGE_CHARS) + "..." : original;
        final JsonLocation location = e.getLocation();
        final String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return "the payload is not valid JSON: " + cut + where;
    }

    private static Optional<String> decodeStrictUtf8(final byte[] payload) {
        final CharsetDecoder decoder = strictDecoder();
        final CharBuffer out = CharBuffer.allocate(payload.length);
        final ByteBuffer in = ByteBuffer.wrap(payload);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            return Optional.empty();
        }
        out.flip();
        String text = out.toString();
        // some editors and Windows tools write a byte-order mark; it is not part of the JSON
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return Optional.of(text);
    }

    private static int firstBadUtf8Offset(final byte[] payload) {
        final ByteBuffer in = ByteBuffer.wrap(payload);
        strictDecoder().decode(in, CharBuffer.allocate(payload.length), true);
        return in.position();
    }

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
