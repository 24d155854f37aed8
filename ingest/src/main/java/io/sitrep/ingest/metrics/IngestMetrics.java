package io.sitrep.ingest.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ingest's own metrics, kept in memory and rendered in the Prometheus text format by
 * {@link #renderPrometheus()}. No metrics library: ingest must stay small, and the app (or the
 * {@code ops} module) decides where they are served.
 *
 * <ul>
 *   <li>{@code sitrep_ingest_reports_total{outcome,reason,scraper}}: one per report (item), with
 *       outcome {@code accepted}, {@code rejected} (reason = code) or {@code unavailable};</li>
 *   <li>{@code sitrep_ingest_requests_total{status}}: one per HTTP answer;</li>
 *   <li>{@code sitrep_ingest_request_seconds}: histogram of whole-request time (read to answer);</li>
 *   <li>{@code sitrep_ingest_produce_seconds}: histogram of send-to-acknowledgement per report;</li>
 *   <li>{@code sitrep_ingest_inflight_bytes}: request bodies currently held by ingest.</li>
 * </ul>
 *
 * <p>The scraper label is bounded: after {@value #MAX_SCRAPER_LABELS} distinct ids further ones
 * are counted as {@code other}, so a client sending random ids with authentication off cannot
 * blow up the series count. Thread-safe; recording is lock-free.
 */
public final class IngestMetrics {

    /** Most distinct scraper label values before {@code other} is used. */
    public static final int MAX_SCRAPER_LABELS = 500;
    /** Upper bounds of the histogram buckets, in seconds. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final Map<String, LongAdder> reports = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Boolean> scraperLabels = new ConcurrentHashMap<>();
    private final Histogram requestSeconds = new Histogram();
    private final Histogram produceSeconds = new Histogram();
    private final AtomicLong inflightBytes = new AtomicLong();

    /** Counts one report with its outcome ({@code accepted}, {@code rejected}, {@code unavailable}). */
    public void report(final String outcome, final String reason, final String scraperId) {
        final String key = "outcome=\"" + outcome + "\",reason=\"" + (reason == null ? "" : reason) + "\",scraper=\""
                + escape(scraperLabel(scraperId)) + "\"";
        reports.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** Counts one HTTP answer and records how long the request took. */
    public void request(final int status, final Duration elapsed) {
        requests.computeIfAbsent(Integer.toString(status), k -> new LongAdder()).increment();
        requestSeconds.observe(elapsed);
    }

    /** Records the time from send to acknowledgement of one report. */
    public void produced(final Duration elapsed) {
        produceSeconds.observe(elapsed);
    }

    /** Adds (or, negative, removes) bytes held in memory by requests in progress. */
    public void inflightBytes(final long delta) {
        inflightBytes.addAndGet(delta);
    }

    /** Bytes held now. */
    public long inflightBytes() {
        return inflightBytes.get();
    }

    /** Reports counted per label set, e.g. {@code outcome="accepted",reason="",scraper="a"}; sorted. */
    public Map<String, Long> reportCounts() {
        final Map<String, Long> snapshot = new TreeMap<>();
        reports.forEach((k, v) -> snapshot.put(k, v.sum()));
        return snapshot;
    }

    /** Answers counted per HTTP status; sorted. */
    public Map<Integer, Long> requestCounts() {
        final Map<Integer, Long> snapshot = new TreeMap<>();
        requests.forEach((k, v) -> snapshot.put(Integer.parseInt(k), v.sum()));
        return snapshot;
    }

    /** All metrics in the Prometheus text exposition format (version 0.0.4). */
    public String renderPrometheus() {
        final StringBuilder out = new StringBuilder(4096);
        out.append("# HELP sitrep_ingest_reports_total Reports received by ingest, by outcome, reason code and scraper.\n")
                .append("# TYPE sitrep_ingest_reports_total counter\n");
        reportCounts().forEach((labels, n) -> out.append("sitrep_ingest_reports_total{").append(labels).append("} ")
                .append(n).append('\n'));
        out.append("# HELP sitrep_ingest_requests_total HTTP answers of POST /v1/reports, by status.\n")
                .append("# TYPE sitrep_ingest_requests_total counter\n");
        requestCounts().forEach((status, n) -> out.append("sitrep_ingest_requests_total{status=\"").append(status)
                .append("\"} ").append(n).append('\n'));
        requestSeconds.render(out, "sitrep_ingest_request_seconds", "Time from request to answer.");
        produceSeconds.render(out, "sitrep_ingest_produce_seconds", "Time from send to broker acknowledgement, per report.");
        out.append("# HELP sitrep_ingest_inflight_bytes Request bodies held by ingest now.\n")
                .append("# TYPE sitrep_ingest_inflight_bytes gauge\n")
                .append("sitrep_ingest_inflight_bytes ").append(inflightBytes.get()).append('\n');
        return out.toString();
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

    private static String escape(final String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Cumulative-bucket histogram in seconds. */
    static final class Histogram {
        private final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
        private final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(final Duration elapsed) {
            final double seconds = elapsed.toNanos() / 1e9;
            int i = 0;
            while (i < BUCKETS.length && seconds > BUCKETS[i]) {
                i++;
            }
            counts[i].increment();
            sumNanos.add(elapsed.toNanos());
        }

        void render(final StringBuilder out, final String name, final String help) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                    .append("# TYPE ").append(name).append(" histogram\n");
            long cumulative = 0;
            for (int i = 0; i < counts.length; i++) {
                cumulative += counts[i].sum();
                final String le = i < BUCKETS.length ? String.format(Locale.ROOT, "%s", BUCKETS[i]) : "+Inf";
                out.append(name).append("_bucket{le=\"").append(le).append("\"} ").append(cumulative).append('\n');
            }
            out.append(name).append("_sum ").append(String.format(Locale.ROOT, "%.6f", sumNanos.sum() / 1e9)).append('\n');
            out.append(name).append("_count ").append(cumulative).append('\n');
        }
    }
}
