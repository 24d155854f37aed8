package io.sitrep.ingest.intake;

/**
 * One report as received, before validation.
 *
 * @param where  where it came from, prefixed to the message of its refusal on the rejected topic
 *               ({@code "line 3"}, {@code "line 5 of reports.jsonl"}); {@code null} for none
 * @param line   its line in a batch or file (1-based), 0 for a single report
 * @param bytes  the payload (cut at the report cap when {@code cut})
 * @param cut    the payload was longer than the report cap: it is refused as {@code TEXT_TOO_LARGE}
 */
public record Payload(String where, int line, byte[] bytes, boolean cut) {
    /** A single report, whole. */
    public static Payload single(final byte[] bytes) {
        return new Payload(null, 0, bytes, false);
    }
}
