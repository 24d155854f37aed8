package io.sitrep.ingest.publish;

import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * Builds the {@link RejectedRecord} that ingest writes for a refused report: stage
 * {@link Stage#INGEST}, the reason code, a human message, what is known about the sender, and the
 * original payload as text, capped at {@value #MAX_ORIGINAL_BYTES} UTF-8 bytes.
 *
 * <p>Bytes that are not UTF-8 are kept as text with U+FFFD in place of each bad sequence: the
 * envelope's {@code originalText} is meant for people reading the rejected topic, and
 * {@code originalBytes} is reserved for records that came from Kafka. Pure functions.
 */
public final class Rejections {

    /** Cap on {@code originalText}: 64 KiB of UTF-8, cut at a character boundary. */
    public static final int MAX_ORIGINAL_BYTES = 64 * 1024;
    /** Cap on {@code message}, in characters; a payload with hundreds of problems stays readable. */
    public static final int MAX_MESSAGE_CHARS = 4_000;

    private Rejections() {
    }

    /**
     * The refusal of a report that failed validation: reason = first problem's code, message = all
     * problem messages.
     *
     * @param invalid    the validation outcome
     * @param original   the payload as received
     * @param rejectedAt when ingest refused it
     */
    public static RejectedRecord forInvalid(final ValidationResult.Invalid invalid, final byte[] original,
            final Instant rejectedAt) {
        return ingest(invalid.reason().name(), invalid.summary(), invalid.scraperId(), invalid.reportId(), original,
                rejectedAt);
    }

    /**
     * Any ingest refusal.
     *
     * @param reasonCode stable reason code
     * @param message    human description
     * @param scraperId  the sender, when known
     * @param reportId   the report id, when known
     * @param original   the payload (or the part of it that was read); may be {@code null}
     * @param rejectedAt when ingest refused it
     */
    public static RejectedRecord ingest(final String reasonCode, final String message, final String scraperId,
            final String reportId, final byte[] original, final Instant rejectedAt) {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(rejectedAt, "rejectedAt");
        final RejectedRecord.Builder builder = RejectedRecord.newBuilder()
                .setStage(Stage.INGEST)
                .setReasonCode(reasonCode)
                .setMessage(message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message)
                .setScraperId(scraperId)
                .setReportId(reportId)
                .setRejectedAt(rejectedAt);
        if (original != null) {
            // lenient decode: REPLACE turns bad sequences into U+FFFD instead of failing
            final String text = new String(original, StandardCharsets.UTF_8);
            final String capped = capUtf8(text, MAX_ORIGINAL_BYTES);
            builder.setOriginalText(capped).setOriginalTruncated(capped.length() < text.length());
        }
        return builder.build();
    }

    /** The longest prefix of {@code text} whose UTF-8 form fits in {@code maxBytes}, never splitting a character. */
    static String capUtf8(final String text, final int maxBytes) {
        if (text.length() * 3L <= maxBytes) {
            return text;
        }
        final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        final CharBuffer in = CharBuffer.wrap(text);
        // the encoder stops before a character that does not fit whole, surrogate pairs included
        encoder.encode(in, ByteBuffer.allocate(maxBytes), true);
        return text.substring(0, in.position());
    }
}
