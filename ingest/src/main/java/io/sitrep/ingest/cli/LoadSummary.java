package io.sitrep.ingest.cli;

import java.util.List;

/**
 * What a {@link JsonlLoader} run did. Counts are exact; the line lists hold at most
 * {@link JsonlLoader#MAX_LISTED_LINES} entries each, in line order.
 *
 * @param read          report lines read (blank and {@code #} comment lines not counted)
 * @param sent          reports the broker acknowledged
 * @param rejected      lines refused by validation (also written to the rejected topic)
 * @param failed        valid reports whose send failed or was not acknowledged in time; not
 *                      known to be stored, safe to load again (stable report ids)
 * @param rejectedLines which lines were refused, and why
 * @param failedLines   which lines failed to send, and why ({@code PUBLISH_FAILED}, {@code PUBLISH_TIMEOUT})
 */
public record LoadSummary(int read, int sent, int rejected, int failed, List<RejectedLine> rejectedLines,
        List<RejectedLine> failedLines) {

    /** Copies the lists. */
    public LoadSummary {
        rejectedLines = List.copyOf(rejectedLines);
        failedLines = List.copyOf(failedLines);
    }

    /** True when every report line was stored; the CLI exits non-zero otherwise. */
    public boolean clean() {
        return rejected == 0 && failed == 0;
    }

    /**
     * One line that did not make it.
     *
     * @param lineNumber 1-based physical line number in the file
     * @param code       a validation {@code ReasonCode} name, or {@code PUBLISH_FAILED}/{@code PUBLISH_TIMEOUT}
     * @param message    human description, never the payload
     */
    public record RejectedLine(int lineNumber, String code, String message) {
    }
}
