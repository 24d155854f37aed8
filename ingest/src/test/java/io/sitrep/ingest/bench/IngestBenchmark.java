package io.sitrep.ingest.bench;

import static io.sitrep.ingest.support.IngestFixture.SCRAPER_A;
import static io.sitrep.ingest.support.IngestFixture.TOKEN_A;
import static io.sitrep.ingest.support.ReportJson.aReport;

import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.ingest.http.IngestLimits;
import io.sitrep.ingest.support.IngestFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Timing figures for ingest on this machine; prints them, asserts nothing. Not part of the normal
 * build (the class name does not match surefire's patterns). Run:
 * <pre>
 * ./mvnw -B -pl ingest -am test -Dtest=IngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * and read {@code ingest/target/surefire-reports/io.sitrep.ingest.bench.IngestBenchmark-output.txt}
 * (lines starting with {@code BENCH}). In-process broker (1 node, 3 partitions), registry and
 * server share the JVM and the machine's cores with the load generator.
 */
@Tag("bench")
class IngestBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger IDS = new AtomicInteger();

    @Test
    void measure() throws Exception {
        try (IngestFixture fixture = IngestFixture.start(EmbeddedKafkaBroker.Options.defaults())) {
            final IngestFixture.Server server = fixture.server(IngestLimits.defaults().withRateLimit(0, 1), IngestFixture.tokens());
            final URI endpoint = server.endpoint();
            singleAtRate(endpoint, 50, Duration.ofSeconds(5), false);   // warm-up: JIT, connections, schemas
            singleAtRate(endpoint, 50, Duration.ofSeconds(20), true);
            singleAtRate(endpoint, 200, Duration.ofSeconds(20), true);
            singleAtRate(endpoint, 500, Duration.ofSeconds(20), true);
            batches(endpoint, 100, 1, 20);  // warm-up
            batches(endpoint, 500, 1, 60);
            batches(endpoint, 500, 4, 60);
            batches(endpoint, 1000, 4, 40);
        }
    }

    /** Open loop: requests start on schedule whatever the answers do; latency counts from the scheduled start. */
    private static void singleAtRate(final URI endpoint, final int perSecond, final Duration length, final boolean print)
            throws Exception {
        final int total = (int) (perSecond * length.toSeconds());
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>(total));
        final AtomicInteger not202 = new AtomicInteger();
        final List<CompletableFuture<?>> all = new ArrayList<>(total);
        final long start = System.nanoTime();
        final long interval = 1_000_000_000L / perSecond;
        for (int i = 0; i < total; i++) {
            final long scheduled = start + i * interval;
            LockSupport.parkNanos(scheduled - System.nanoTime());
            final HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN_A)
                    .POST(HttpRequest.BodyPublishers.ofString(report())).build();
            all.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                latencies.add(System.nanoTime() - scheduled);
                if (error != null || response.statusCode() != 202) {
                    not202.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
        final double achieved = total / ((System.nanoTime() - start) / 1e9);
        if (print) {
            final List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "BENCH single  rate=%d/s requests=%d achieved=%.0f/s p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms non202=%d%n",
                    perSecond, total, achieved, ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 1.0), not202.get());
        }
    }

    /** Closed loop: {@code clients} threads each send batches back to back. */
    private static void batches(final URI endpoint, final int batchSize, final int clients, final int batchesPerClient)
            throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(clients);
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger bad = new AtomicInteger();
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        final long start = System.nanoTime();
        final List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int b = 0; b < batchesPerClient; b++) {
                    final StringBuilder body = new StringBuilder(batchSize * 600);
                    for (int i = 0; i < batchSize; i++) {
                        body.append(report()).append('\n');
                    }
                    final long t0 = System.nanoTime();
                    final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer " + TOKEN_A)
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - t0);
                    if (response.statusCode() == 202) {
                        accepted.addAndGet(batchSize);
                    } else {
                        bad.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (final java.util.concurrent.Future<?> f : futures) {
            f.get(300, TimeUnit.SECONDS);
        }
        pool.shutdown();
        final double seconds = (System.nanoTime() - start) / 1e9;
        final List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "BENCH ndjson  batch=%d clients=%d reports=%d seconds=%.1f reports/s=%.0f batch-p50=%.0fms batch-p99=%.0fms non202=%d%n",
                batchSize, clients, accepted.get(), seconds, accepted.get() / seconds, ms(sorted, 0.5), ms(sorted, 0.99), bad.get());
    }

    private static String report() {
        return aReport().with("scraperId", SCRAPER_A).with("scraperReportId", "bench-" + IDS.incrementAndGet() + "-" + System.nanoTime())
                .json();
    }

    private static double ms(final List<Long> sorted, final double quantile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        final int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
