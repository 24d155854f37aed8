package io.sitrep.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest's metrics, recorded in the process's Micrometer registry (the one served at
 * {@code /metrics}); names as Prometheus shows them:
 *
 * <ul>
 *   <li>{@code sitrep_ingest_reports_total{outcome,reason,scraper}}: one per report, with outcome
 *       {@code accepted}, {@code rejected} (reason = code), {@code unavailable} or {@code not_processed};</li>
 *   <li>{@code sitrep_ingest_requests_total{status}}: one per HTTP answer;</li>
 *   <li>{@code sitrep_ingest_io_errors_total}: requests ended by an I/O error, without an answer;</li>
 *   <li>{@code sitrep_ingest_request_seconds}: histogram of whole-request time (read to answer);</li>
 *   <li>{@code sitrep_ingest_produce_seconds}: histogram of send-to-acknowledgement per report;</li>
 *   <li>{@code sitrep_ingest_inflight_bytes}: request bodies currently held by ingest.</li>
 * </ul>
 *
 * <p>These meters are the one count of ingest's outcomes (tests read them through
 * {@link #reportCounts()} and {@link #requestCounts()}). The scraper label is bounded: after
 * {@value #MAX_SCRAPER_LABELS} distinct ids further ones are counted as {@code other}, so a client
 * sending random ids with authentication off cannot blow up the series count. Thread-safe.
 */
public final class IngestMetrics {

    /** Most distinct scraper label values before {@code other} is used. */
    public static final int MAX_SCRAPER_LABELS = 500;
    /** Upper bounds of the histogram buckets, in seconds. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private static final String REPORTS = "sitrep.ingest.reports";
    private static final String REQUESTS = "sitrep.ingest.requests";

    private final MeterRegistry registry;
    private final Map<String, Boolean> scraperLabels = new ConcurrentHashMap<>();
    private final Timer requestSeconds;
    private final Timer produceSeconds;
    private final Counter ioErrors;
    private final AtomicLong inflightBytes = new AtomicLong();

    /** Metrics in a registry of their own (tests, tools). */
    public IngestMetrics() {
        this(new SimpleMeterRegistry());
    }

    /** Metrics in the process's registry. */
    public IngestMetrics(final MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        final Duration[] buckets = Arrays.stream(BUCKETS).mapToObj(s -> Duration.ofNanos((long) (s * 1e9))).toArray(Duration[]::new);
        this.requestSeconds = Timer.builder("sitrep.ingest.request").description("Time from request to answer.")
                .serviceLevelObjectives(buckets).register(registry);
        this.produceSeconds = Timer.builder("sitrep.ingest.produce")
                .description("Time from send to broker acknowledgement, per report.").serviceLevelObjectives(buckets).register(registry);
        this.ioErrors = Counter.builder("sitrep.ingest.io.errors").description("Requests ended by an I/O error, unanswered.")
                .register(registry);
        Gauge.builder("sitrep.ingest.inflight.bytes", inflightBytes, AtomicLong::get).description("Request bodies held by ingest now.")
                .baseUnit("bytes").register(registry);
    }

    /** Counts one report with its outcome ({@code accepted}, {@code rejected}, {@code unavailable}, {@code not_processed}). */
    public void report(final String outcome, final String reason, final String scraperId) {
        Counter.builder(REPORTS).description("Reports received by ingest, by outcome, reason code and scraper.")
                .tag("outcome", outcome).tag("reason", reason == null ? "" : reason).tag("scraper", scraperLabel(scraperId))
                .register(registry).increment();
    }

    /** Counts one HTTP answer and records how long the request took. */
    public void request(final int status, final Duration elapsed) {
        Counter.builder(REQUESTS).description("HTTP answers of POST /v1/reports, by status.")
                .tag("status", Integer.toString(status)).register(registry).increment();
        requestSeconds.record(elapsed);
    }

    /** Counts a request that ended with an I/O error (the client went away) and got no answer. */
    public void ioError() {
        ioErrors.increment();
    }

    /** Records the time from send to acknowledgement of one report. */
    public void produced(final Duration elapsed) {
        produceSeconds.record(elapsed);
    }

    /** Adds (or, negative, removes) bytes held in memory by requests in progress. */
    public void inflightBytes(final long delta) {
        inflightBytes.addAndGet(delta);
    }

    /** Requests ended by an I/O error so far. */
    public long ioErrors() {
        return (long) ioErrors.count();
    }

    /** Reports counted per label set, e.g. {@code outcome="accepted",reason="",scraper="a"}; sorted. */
    public Map<String, Long> reportCounts() {
        final Map<String, Long> snapshot = new TreeMap<>();
        registry.find(REPORTS).counters().forEach(c -> snapshot.put("outcome=\"" + c.getId().getTag("outcome")
                + "\",reason=\"" + c.getId().getTag("reason") + "\",scraper=\"" + c.getId().getTag("scraper") + "\"",
                (long) c.count()));
        return snapshot;
    }

    /** Answers counted per HTTP status; sorted. */
    public Map<Integer, Long> requestCounts() {
        final Map<Integer, Long> snapshot = new TreeMap<>();
        registry.find(REQUESTS).counters().forEach(c -> snapshot.put(Integer.parseInt(c.getId().getTag("status")), (long) c.count()));
        return snapshot;
    }

    private String scraperLabel(final String scraperId) {
        if (scraperId == null) {
            return "";
        }
        if (scraperLabels.containsKey(scraperId)) {
            return scraperId;
        }
        if (scraperLabels.size() >= MAX_SCRAPER_LABELS) {
            return "other";
        }
        scraperLabels.put(scraperId, Boolean.TRUE);
        return scraperId;
    }
}
