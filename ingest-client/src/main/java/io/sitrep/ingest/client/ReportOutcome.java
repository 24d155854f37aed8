package io.sitrep.ingest.client;

/**
 * What ingest did with one report. Either {@link Status#ACCEPTED} (stored: the broker
 * acknowledged it) or {@link Status#REJECTED} (refused for good: resending it unchanged fails
 * again). Reports that could not be stored within the retry budget are not outcomes: their
 * futures fail with {@link IngestException}.
 *
 * @param status   accepted or rejected
 * @param reportId the report id ingest derived; {@code null} for some rejections
 * @param reason   the stable reason code of a rejection ({@code MISSING_FIELD}, {@code SCRAPER_NOT_ALLOWED}, ...)
 * @param message  human description of a rejection
 */
public record ReportOutcome(Status status, String reportId, String reason, String message) {

    /** Accepted or rejected. */
    public enum Status {
        /** Stored: the broker acknowledged it with acks=all. */
        ACCEPTED,
        /** Refused for good; see {@code reason}. */
        REJECTED
    }

    /** A stored report. */
    public static ReportOutcome accepted(final String reportId) {
        return new ReportOutcome(Status.ACCEPTED, reportId, null, null);
    }

    /** A refused report. */
    public static ReportOutcome rejected(final String reportId, final String reason, final String message) {
        return new ReportOutcome(Status.REJECTED, reportId, reason, message);
    }

    /** True when stored. */
    public boolean isAccepted() {
        return status == Status.ACCEPTED;
    }
}
