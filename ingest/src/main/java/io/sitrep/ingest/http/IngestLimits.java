package io.sitrep.ingest.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of {@code POST /v1/reports}. Build with {@link #defaults()} and the {@code with...}
 * methods.
 *
 * @param maxBodyBytes      cap on a single-report body and on each line of a batch (default 1 MiB)
 * @param maxBatchBytes     cap on an NDJSON body (default 8 MiB)
 * @param maxBatchLines     cap on the reports in one NDJSON body (default 1 000)
 * @param ackDeadline       longest wait for the broker before answering 503 (default 10 s)
 * @param retryAfter        sent in {@code Retry-After} with a 503 (default 5 s)
 * @param reportsPerSecond  sustained reports per second per scraper; {@code 0} = no limit (default 200)
 * @param burst             reports a scraper may send at once (default 2 000)
 */
public record IngestLimits(int maxBodyBytes, int maxBatchBytes, int maxBatchLines, Duration ackDeadline,
        Duration retryAfter, double reportsPerSecond, int burst) {

    /** Checks every limit is positive (the rate may be 0). */
    public IngestLimits {
        positive(maxBodyBytes, "maxBodyBytes");
        positive(maxBatchBytes, "maxBatchBytes");
        positive(maxBatchLines, "maxBatchLines");
        positive(burst, "burst");
        Objects.requireNonNull(ackDeadline, "ackDeadline");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (ackDeadline.isNegative() || ackDeadline.isZero()) {
            throw new IllegalArgumentException("ackDeadline must be positive: " + ackDeadline);
        }
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
        if (reportsPerSecond < 0 || Double.isNaN(reportsPerSecond)) {
            throw new IllegalArgumentException("reportsPerSecond must be >= 0: " + reportsPerSecond);
        }
    }

    /** Default cap on a report, in bytes (1 MiB). */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** Default cap on an NDJSON body, in bytes (8 MiB). */
    public static final int DEFAULT_MAX_BATCH_BYTES = 8 * 1024 * 1024;
    /** Default cap on the reports of one NDJSON body. */
    public static final int DEFAULT_MAX_BATCH_LINES = 1_000;
    /** Default wait for the broker before answering 503, ISO-8601 (a constant, for option defaults). */
    public static final String DEFAULT_ACK_DEADLINE = "PT10S";
    /** Default sustained reports per second per scraper. */
    public static final int DEFAULT_RATE = 200;
    /** Default reports a scraper may send at once. */
    public static final int DEFAULT_BURST = 2_000;

    /** 1 MiB per report, 8 MiB and 1 000 reports per batch, 10 s deadline, retry after 5 s, 200/s burst 2 000. */
    public static IngestLimits defaults() {
        return new IngestLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BATCH_BYTES, DEFAULT_MAX_BATCH_LINES,
                Duration.parse(DEFAULT_ACK_DEADLINE), Duration.ofSeconds(5), DEFAULT_RATE, DEFAULT_BURST);
    }

    public IngestLimits withMaxBodyBytes(final int value) {
        return new IngestLimits(value, maxBatchBytes, maxBatchLines, ackDeadline, retryAfter, reportsPerSecond, burst);
    }

    public IngestLimits withMaxBatchBytes(final int value) {
        return new IngestLimits(maxBodyBytes, value, maxBatchLines, ackDeadline, retryAfter, reportsPerSecond, burst);
    }

    public IngestLimits withMaxBatchLines(final int value) {
        return new IngestLimits(maxBodyBytes, maxBatchBytes, value, ackDeadline, retryAfter, reportsPerSecond, burst);
    }

    public IngestLimits withAckDeadline(final Duration value) {
        return new IngestLimits(maxBodyBytes, maxBatchBytes, maxBatchLines, value, retryAfter, reportsPerSecond, burst);
    }

    public IngestLimits withRetryAfter(final Duration value) {
        return new IngestLimits(maxBodyBytes, maxBatchBytes, maxBatchLines, ackDeadline, value, reportsPerSecond, burst);
    }

    /** Rate limit per scraper; {@code reportsPerSecond = 0} turns it off. */
    public IngestLimits withRateLimit(final double perSecond, final int burstReports) {
        return new IngestLimits(maxBodyBytes, maxBatchBytes, maxBatchLines, ackDeadline, retryAfter, perSecond, burstReports);
    }

    private static void positive(final int value, final String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
