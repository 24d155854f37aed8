package io.sitrep.ingest.cli;

import java.util.concurrent.CompletableFuture;

/**
 * Where {@link JsonlLoader} sends each report line: straight to Kafka ({@link KafkaLineSink}) or
 * to an ingest endpoint over HTTP ({@link HttpLineSink}).
 */
public interface LineSink {

    /**
     * Sends one line.
     *
     * @param source     name of the input, for messages
     * @param lineNumber 1-based physical line number
     * @param bytes      the line without its line break (cut at the cap when {@code truncated})
     * @param truncated  the line was longer than the loader's cap
     * @return completes (normally, never exceptionally) once the line is settled or given up on
     */
    CompletableFuture<LineResult> submit(String source, int lineNumber, byte[] bytes, boolean truncated);

    /**
     * What became of one line.
     *
     * @param kind    stored, refused for good, or failed (not known to be stored; safe to resend)
     * @param code    reason code of a refusal or failure, else {@code null}
     * @param message human description, never the payload
     */
    record LineResult(Kind kind, String code, String message) {
        /** The three outcomes. */
        public enum Kind { STORED, REJECTED, FAILED }

        static final LineResult STORED = new LineResult(Kind.STORED, null, null);

        static LineResult rejected(final String code, final String message) {
            return new LineResult(Kind.REJECTED, code, message);
        }

        static LineResult failed(final String code, final String message) {
            return new LineResult(Kind.FAILED, code, message);
        }
    }
}
