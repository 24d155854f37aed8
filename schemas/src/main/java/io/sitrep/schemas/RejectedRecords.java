package io.sitrep.schemas;

import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The one factory of {@link RejectedRecord} envelopes, for ingest and every stream stage, with one
 * size policy: the message is cut at {@value #MAX_MESSAGE_CHARS} characters and the original (text
 * or bytes) at {@value #MAX_ORIGINAL_BYTES} bytes, so that an envelope always fits a broker's
 * default 1 MiB record limit and the rejected topic never refuses a write for size.
 * {@code originalTruncated} says when the original was cut. Pure functions.
 */
public final class RejectedRecords {
    /** Cap on {@code originalText} (UTF-8 bytes, cut at a character boundary) and {@code originalBytes}. */
    public static final int MAX_ORIGINAL_BYTES = 64 * 1024;
    /** Cap on {@code message}, in characters; a payload with hundreds of problems stays readable. */
    public static final int MAX_MESSAGE_CHARS = 4_000;

    private RejectedRecords() {
    }

    /** An envelope with stage, reason, message (capped) and time; the caller adds what else it knows. */
    public static RejectedRecord.Builder envelope(final Stage stage, final String reasonCode, final String message,
            final Instant rejectedAt) {
        Objects.requireNonNull(message, "message");
        return RejectedRecord.newBuilder()
                .setStage(Objects.requireNonNull(stage, "stage"))
                .setReasonCode(Objects.requireNonNull(reasonCode, "reasonCode"))
                .setMessage(message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message)
                .setRejectedAt(Objects.requireNonNull(rejectedAt, "rejectedAt"));
    }

    /**
     * Sets {@code originalText} from a payload that should be text: bytes that are not UTF-8 become
     * U+FFFD (the field is for people reading the topic); {@code null} leaves it unset.
     *
     * @param cutBefore the payload was already cut before it reached here (a line over a cap)
     */
    public static RejectedRecord.Builder withText(final RejectedRecord.Builder builder, final byte[] original,
            final boolean cutBefore) {
        if (original != null) {
            // lenient decode: bad sequences turn into U+FFFD instead of failing
            final String text = new String(original, 0, Math.min(original.length, MAX_ORIGINAL_BYTES * 2), StandardCharsets.UTF_8);
            final String capped = capUtf8(text, MAX_ORIGINAL_BYTES);
            builder.setOriginalText(capped)
                    .setOriginalTruncated(cutBefore || capped.length() < text.length() || original.length > MAX_ORIGINAL_BYTES * 2);
        } else {
            builder.setOriginalTruncated(cutBefore);
        }
        return builder;
    }

    /** Sets {@code originalBytes} from a record value read from Kafka; {@code null} leaves it unset. */
    public static RejectedRecord.Builder withBytes(final RejectedRecord.Builder builder, final byte[] original) {
        final boolean truncated = original != null && original.length > MAX_ORIGINAL_BYTES;
        if (original != null) {
            builder.setOriginalBytes(ByteBuffer.wrap(truncated ? Arrays.copyOf(original, MAX_ORIGINAL_BYTES) : original));
        }
        return builder.setOriginalTruncated(truncated);
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
