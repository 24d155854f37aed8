package io.sitrep.ingest.client;

/**
 * A report (or a whole request) that did not reach a final outcome: the endpoint refused the
 * request itself (401, 413 for a single report, 415, ...), or it stayed unavailable (503, 429,
 * network errors) until the retry budget ran out. In the second case the report may or may not
 * be stored; resending it later is safe because its report id is stable.
 */
public final class IngestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reason;

    /**
     * @param status HTTP status of the last answer; 0 when there was none (network error)
     * @param reason ingest's reason code, or a client-side code ({@code RETRIES_EXHAUSTED}, {@code IO_ERROR})
     */
    public IngestException(final int status, final String reason, final String message, final Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reason = reason;
    }

    /** HTTP status of the last answer, 0 when none came. */
    public int status() {
        return status;
    }

    /** The reason code. */
    public String reason() {
        return reason;
    }

    /** True when the report may still be stored by sending it again later (5xx, 429, network). */
    public boolean retryable() {
        return status == 0 || status == 429 || status >= 500;
    }
}
