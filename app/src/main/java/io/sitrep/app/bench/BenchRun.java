package io.sitrep.app.bench;

import io.sitrep.app.EmbeddedPipeline;
import io.sitrep.ingest.client.IngestClient;
import io.sitrep.ingest.client.ReportOutcome;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.streams.StreamsSettings;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One run of {@code sitrep bench} on the embedded broker: the raw baseline, the pipeline fed
 * straight to Kafka, the pipeline fed over HTTP, and end-to-end latency at a fixed offered rate.
 * Every phase continues the same incident sequence, so each one adds new events whose exact
 * per-region counts are known in advance; a phase ends when the escalation topic shows them all.
 * Results go into an ordered map (text, JSON and the key=value line are rendered from it).
 */
public final class BenchRun {

    /**
     * @param reports        reports fed straight to Kafka (and records in the raw baseline)
     * @param httpReports    reports fed over HTTP (0 = skip)
     * @param latencySeconds length of the fixed-rate phase (0 = skip)
     * @param rate           offered rate of that phase, reports/s (0 = half the measured pipeline throughput)
     * @param duplicateRate  share of byte-for-byte resends
     * @param syndicationRate share of other outlets' copies
     * @param regions        provinces the reports are about
     * @param partitions     partitions of every pipeline topic
     * @param streamThreads  Kafka Streams threads
     * @param dedupHorizon   the dedup stage's memory
     * @param phaseTimeout   a phase that has not completed by then fails the run
     * @param dataDir        broker data and state (null = a fresh temporary folder, deleted afterwards)
     * @param seed           generator seed
     */
    public record Settings(long reports, long httpReports, int latencySeconds, double rate, double duplicateRate,
                           double syndicationRate, int regions, int partitions, int streamThreads, Duration dedupHorizon,
                           Duration phaseTimeout, Path dataDir, long seed) {
    }

    private final Settings settings;
    private final PrintStream progress;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private long nextIncident;
    private boolean exact = true;

    public BenchRun(final Settings settings, final PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs every phase; returns the results in print order. */
    public Map<String, Object> run() throws Exception {
        final boolean temporary = settings.dataDir() == null;
        final Path dataDir = temporary ? Files.createTempDirectory("sitrep-bench-") : settings.dataDir();
        final long incidentsNeeded = estimateIncidents();
        if (incidentsNeeded > SyntheticReports.capacity(settings.regions())) {
            throw new IllegalArgumentException("the run needs about " + incidentsNeeded + " incidents but only "
                    + SyntheticReports.capacity(settings.regions()) + " fit " + settings.regions()
                    + " regions: lower --reports/--http-reports/--latency-seconds or raise --regions");
        }
        results.put("machine", Map.of("cpus", ResourceSampler.cpus(), "maxHeapMiB", ResourceSampler.maxHeapBytes() >> 20,
                "java", System.getProperty("java.version")));
        results.put("settings", settingsMap());
        final Map<String, String> overrides = settings.streamThreads() > 1
                ? Map.of("num.stream.threads", String.valueOf(settings.streamThreads())) : Map.of();
        final long startNanos = System.nanoTime();
        try (ResourceSampler sampler = new ResourceSampler()) {
            final ResourceSampler.Phase startup = sampler.start();
            progress.println("bench: starting the embedded pipeline (broker, registry, streams, HTTP)…");
            try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(new EmbeddedPipeline.Options(0, 0, 0, dataDir,
                    settings.partitions(), settings.dedupHorizon(), overrides), step -> { });
                 OutputMonitor monitor = new OutputMonitor(pipeline.bootstrapServers(),
                         new HttpSchemaRegistryClient(pipeline.registryUrl()))) {
                results.put("startupSeconds", round(startup.stop().wallSeconds(), 1));
                final Path stateDir = dataDir.resolve("streams").resolve(StreamsSettings.DEFAULT_APPLICATION_ID);
                final ReportValidator validator = new ReportValidator(Clock.systemUTC(), pipeline.gazetteer()::isKnownCode);

                rawBaseline(pipeline, validator, sampler);
                final double pipelineRate;
                try (ReportPublisher publisher = publisher(pipeline)) {
                    final Map<String, Object> direct = pipelinePhase("kafka", settings.reports(), monitor, sampler,
                            json -> publishDirect(validator, publisher, json));
                    results.put("pipelineKafka", direct);
                    pipelineRate = (double) direct.getOrDefault("endToEndPerSecond", 0.0);
                    if (settings.httpReports() > 0) {
                        try (IngestClient client = IngestClient.builder(URI.create(pipeline.http().baseUrl()))
                                .maxBatchReports(500).senderThreads(2).build()) {
                            results.put("pipelineHttp", pipelinePhase("http", settings.httpReports(), monitor, sampler,
                                    json -> client.submit(json).thenApply(ReportOutcome::isAccepted)));
                        }
                    }
                    if (settings.latencySeconds() > 0) {
                        final double rate = settings.rate() > 0 ? settings.rate() : Math.max(1, Math.floor(pipelineRate / 2));
                        results.put("latency", latencyPhase(rate, monitor, sampler, validator, publisher, pipeline, stateDir));
                    }
                }
                results.put("stateStores", storeSizes(pipeline, stateDir));
            }
            results.put("peakHeapMiB", sampler.runPeakHeapBytes() >> 20);
        } finally {
            if (temporary) {
                deleteQuietly(dataDir);
            }
        }
        results.put("totalSeconds", round((System.nanoTime() - startNanos) / 1e9, 1));
        results.put("exact", exact);
        return results;
    }

    public boolean exact() {
        return exact;
    }

    private long estimateIncidents() {
        final double news = 1 - settings.duplicateRate() - settings.syndicationRate();
        // the latency phase's rate may only be known later; it is fitted into what is left then
        final double latencyReports = settings.rate() > 0 ? settings.rate() * settings.latencySeconds() : 0;
        return (long) ((settings.reports() + settings.httpReports()) * news + latencyReports * news) + 1;
    }

    private Map<String, Object> settingsMap() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("reports", settings.reports());
        m.put("httpReports", settings.httpReports());
        m.put("latencySeconds", settings.latencySeconds());
        m.put("rate", settings.rate());
        m.put("duplicateRate", settings.duplicateRate());
        m.put("syndicationRate", settings.syndicationRate());
        m.put("regions", settings.regions());
        m.put("partitions", settings.partitions());
        m.put("streamThreads", settings.streamThreads());
        m.put("dedupHorizon", settings.dedupHorizon().toString());
        m.put("seed", settings.seed());
        return m;
    }

    private SyntheticReports.Options generatorOptions(final long count) {
        return new SyntheticReports.Options(count, settings.duplicateRate(), settings.syndicationRate(),
                settings.regions(), settings.seed(), nextIncident, today);
    }

    // ---- raw baseline -------------------------------------------------------------------------

    private void rawBaseline(final EmbeddedPipeline pipeline, final ReportValidator validator,
                             final ResourceSampler sampler) throws Exception {
        progress.printf("bench: raw baseline, %,d records (the pipeline's raw reports, same bytes) …%n", settings.reports());
        // the baseline sends the very records the first pipeline phase will send, serialized by the pipeline's serde
        final Serializer<RawReport> serializer = pipeline.topics().reportsRaw().valueSerde().serializer();
        final List<byte[][]> records = new ArrayList<>((int) settings.reports());
        for (SyntheticReports it = new SyntheticReports(generatorOptions(settings.reports())); it.hasNext(); ) {
            final ValidationResult v = validator.validate(it.next().json().getBytes(StandardCharsets.UTF_8));
            final RawReport report = ((ValidationResult.Valid) v).report();
            records.add(new byte[][] {report.getReportId().getBytes(StandardCharsets.UTF_8),
                serializer.serialize(Topics.REPORTS_RAW, report)});
        }
        // a short warm-up on its own topic, so the measured run does not pay for JIT and connection set-up
        RawBaseline.run(pipeline.bootstrapServers(), "sitrep.bench.warmup", settings.partitions(),
                records.subList(0, Math.min(records.size(), 20_000)));
        final ResourceSampler.Phase phase = sampler.start();
        final RawBaseline.Result raw = RawBaseline.run(pipeline.bootstrapServers(), "sitrep.bench.baseline",
                settings.partitions(), records);
        final ResourceSampler.Usage usage = phase.stop();
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", raw.records());
        m.put("avgRecordBytes", raw.bytes() / Math.max(1, raw.records()));
        m.put("producePerSecond", round(raw.produceRate(), 0));
        m.put("endToEndPerSecond", round(raw.endToEndRate(), 0));
        m.put("endToEndSeconds", round(raw.endToEndSeconds(), 2));
        m.put("cpuCores", round(usage.cores(), 2));
        results.put("raw", m);
        progress.printf("bench: raw produce+consume %,.0f records/s%n", raw.endToEndRate());
    }

    // ---- pipeline phases ----------------------------------------------------------------------

    /** Sends one report; completes with true when ingest accepted it. */
    private interface Sink {
        CompletableFuture<Boolean> send(String json) throws Exception;
    }

    private static ReportPublisher publisher(final EmbeddedPipeline pipeline) {
        // blocking on a full buffer is the backpressure we want here, not a failure after 5 s
        return ReportPublisher.create(pipeline.bootstrapServers(), pipeline.topics().reportsRaw().valueSerde().serializer(),
                pipeline.topics().reportsRejected().valueSerde().serializer(), Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000));
    }

    private static CompletableFuture<Boolean> publishDirect(final ReportValidator validator, final ReportPublisher publisher,
                                                            final String json) {
        final ValidationResult v = validator.validate(json.getBytes(StandardCharsets.UTF_8));
        if (!(v instanceof ValidationResult.Valid valid)) {
            return CompletableFuture.completedFuture(false);
        }
        return publisher.publish(valid.report()).handle((m, e) -> e == null);
    }

    private Map<String, Object> pipelinePhase(final String name, final long count, final OutputMonitor monitor,
                                              final ResourceSampler sampler, final Sink sink) throws Exception {
        final SyntheticReports.Options options = generatorOptions(count);
        final long incidents = options.incidents();
        final Map<String, Long> target = new HashMap<>(monitor.totals());
        SyntheticReports.expectedEvents(nextIncident, incidents, settings.regions())
                .forEach((region, n) -> target.merge(region, n, Long::sum));
        monitor.expect(target);
        progress.printf("bench: pipeline via %s, %,d reports (%,d incidents) …%n", name, count, incidents);

        final Semaphore inFlight = new Semaphore(20_000);
        final AtomicLong refused = new AtomicLong();
        final AtomicLong lastAck = new AtomicLong();
        final ResourceSampler.Phase phase = sampler.start();
        final long start = System.nanoTime();
        final List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        for (SyntheticReports it = new SyntheticReports(options); it.hasNext(); ) {
            inFlight.acquire();
            final CompletableFuture<Boolean> f = sink.send(it.next().json()).whenComplete((ok, e) -> {
                if (e != null || !Boolean.TRUE.equals(ok)) {
                    refused.incrementAndGet();
                }
                lastAck.accumulateAndGet(System.nanoTime(), Math::max);
                inFlight.release();
            });
            pending.add(f);
            if (pending.size() >= 10_000) {
                pending.removeIf(CompletableFuture::isDone);
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).handle((v, e) -> null).get();
        final long done = monitor.awaitTarget(settings.phaseTimeout());
        final ResourceSampler.Usage usage = phase.stop();
        monitor.awaitCaughtUp();
        nextIncident += incidents;

        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("reports", count);
        m.put("incidents", incidents);
        m.put("refused", refused.get());
        m.put("ingestPerSecond", round(count / secondsSince(start, lastAck.get()), 0));
        if (done < 0) {
            exact = false;
            m.put("complete", false);
            m.put("missingEvents", missing(target, monitor.totals()));
            progress.printf("bench: %s phase did NOT complete within %s; events missing per region: %s%n", name,
                    settings.phaseTimeout(), m.get("missingEvents"));
            return m;
        }
        final boolean phaseExact = monitor.totals().equals(target) || target.entrySet().stream()
                .allMatch(e -> monitor.totals().getOrDefault(e.getKey(), 0L).equals(e.getValue()));
        exact &= phaseExact && refused.get() == 0;
        m.put("complete", true);
        m.put("exactCounts", phaseExact);
        m.put("dedupPerSecond", round(count / secondsSince(start, Math.min(monitor.lastUniqueNanos(), done)), 0));
        m.put("attributionPerSecond", round(count / secondsSince(start, Math.min(monitor.lastEventNanos(), done)), 0));
        m.put("endToEndPerSecond", round(count / secondsSince(start, done), 0));
        m.put("endToEndSeconds", round(secondsSince(start, done), 2));
        m.put("cpuCores", round(usage.cores(), 2));
        m.put("peakHeapMiB", usage.peakHeapBytes() >> 20);
        progress.printf("bench: pipeline via %s %,.0f reports/s end to end (%.1f s)%n", name,
                count / secondsSince(start, done), secondsSince(start, done));
        return m;
    }

    // ---- latency at a fixed offered rate ------------------------------------------------------

    private Map<String, Object> latencyPhase(final double rate, final OutputMonitor monitor, final ResourceSampler sampler,
                                             final ReportValidator validator, final ReportPublisher publisher,
                                             final EmbeddedPipeline pipeline, final Path stateDir) throws Exception {
        final double news = 1 - settings.duplicateRate() - settings.syndicationRate();
        final long room = (long) ((SyntheticReports.capacity(settings.regions()) - nextIncident) * news * 0.95);
        final long count = Math.min((long) (rate * settings.latencySeconds()), room);
        final SyntheticReports.Options options = generatorOptions(count);
        final long incidents = options.incidents();
        final Map<String, Long> base = monitor.totals();
        final Map<String, Long> target = new HashMap<>(base);
        SyntheticReports.expectedEvents(nextIncident, incidents, settings.regions())
                .forEach((region, n) -> target.merge(region, n, Long::sum));
        progress.printf("bench: latency at %,.0f reports/s offered for %d s (straight to Kafka) …%n", rate,
                settings.latencySeconds());

        // per region, the intended send times of its new incidents, oldest first
        final Map<String, ArrayDeque<Long>> waiting = new HashMap<>();
        final Map<String, Long> resolved = new HashMap<>();
        final long[] latencies = new long[(int) incidents];
        final int[] measured = {0};
        monitor.listener((region, total, received) -> {
            synchronized (waiting) {
                final long ordinal = total - base.getOrDefault(region, 0L);
                final ArrayDeque<Long> queue = waiting.get(region);
                long done = resolved.getOrDefault(region, 0L);
                while (queue != null && done < ordinal && !queue.isEmpty()) {
                    latencies[measured[0]++] = received - queue.pollFirst();
                    done++;
                }
                resolved.put(region, done);
            }
        });
        monitor.expect(target);
        final List<long[]> dedupSamples = new ArrayList<>();
        final Semaphore inFlight = new Semaphore(20_000);
        final AtomicLong refused = new AtomicLong();
        final ResourceSampler.Phase phase = sampler.start();
        final long start = System.nanoTime();
        final long interval = (long) (1e9 / rate);
        long nextSample = start;
        long i = 0;
        long maxBehindNanos = 0;
        for (SyntheticReports it = new SyntheticReports(options); it.hasNext(); i++) {
            final long intended = start + i * interval;
            long now = System.nanoTime();
            while (now < intended) {
                LockSupport.parkNanos(intended - now);
                now = System.nanoTime();
            }
            maxBehindNanos = Math.max(maxBehindNanos, now - intended);
            final SyntheticReports.Report report = it.next();
            if (report.kind() == SyntheticReports.Kind.NEW) {
                synchronized (waiting) {
                    waiting.computeIfAbsent(report.region(), r -> new ArrayDeque<>()).addLast(intended);
                }
            }
            inFlight.acquire();
            publishDirect(validator, publisher, report.json()).whenComplete((ok, e) -> {
                if (e != null || !Boolean.TRUE.equals(ok)) {
                    refused.incrementAndGet();
                }
                inFlight.release();
            });
            if (now >= nextSample) {
                dedupSamples.add(new long[] {(now - start) / 1_000_000_000L, dedupKeys(pipeline, stateDir)});
                nextSample = now + TimeUnit.SECONDS.toNanos(5);
            }
        }
        publisher.flush();
        final long done = monitor.awaitTarget(settings.phaseTimeout());
        final ResourceSampler.Usage usage = phase.stop();
        monitor.listener((r, t, n) -> { });
        nextIncident += incidents;

        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("offeredPerSecond", round(rate, 0));
        m.put("reports", count);
        m.put("incidents", incidents);
        m.put("refused", refused.get());
        m.put("senderMaxBehindMs", round(maxBehindNanos / 1e6, 1));
        m.put("complete", done >= 0);
        exact &= done >= 0 && refused.get() == 0;
        final long[] sorted;
        synchronized (waiting) {
            sorted = Arrays.copyOf(latencies, measured[0]);
        }
        Arrays.sort(sorted);
        m.put("measured", sorted.length);
        m.put("p50Ms", round(percentile(sorted, 0.50) / 1e6, 0));
        m.put("p95Ms", round(percentile(sorted, 0.95) / 1e6, 0));
        m.put("p99Ms", round(percentile(sorted, 0.99) / 1e6, 0));
        m.put("maxMs", round(sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, 0));
        m.put("cpuCores", round(usage.cores(), 2));
        m.put("peakHeapMiB", usage.peakHeapBytes() >> 20);
        m.put("dedupKeysOverTime", dedupSamples.stream().map(s -> List.of(s[0], s[1])).toList());
        progress.printf("bench: latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms over %,d new events%n",
                percentile(sorted, 0.5) / 1e6, percentile(sorted, 0.95) / 1e6, percentile(sorted, 0.99) / 1e6, sorted.length);
        return m;
    }

    private static long dedupKeys(final EmbeddedPipeline pipeline, final Path stateDir) {
        // store names carry their topology's prefix (STYLE.md §3): the dedup stage's stores start with "dedup"
        return StoreSizes.read(pipeline.streams().streams(), null).entrySet().stream()
                .filter(e -> e.getKey().startsWith("dedup")).mapToLong(e -> e.getValue().keys()).sum();
    }

    private static Map<String, Object> storeSizes(final EmbeddedPipeline pipeline, final Path stateDir) {
        final Map<String, Object> out = new LinkedHashMap<>();
        StoreSizes.read(pipeline.streams().streams(), stateDir).forEach((store, size) -> out.put(store,
                Map.of("estimatedKeys", size.keys(), "rocksdbKiB", size.rocksBytes() >> 10, "diskKiB", size.diskBytes() >> 10)));
        return out;
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static Map<String, Long> missing(final Map<String, Long> target, final Map<String, Long> totals) {
        final Map<String, Long> m = new LinkedHashMap<>();
        target.forEach((r, n) -> {
            final long have = totals.getOrDefault(r, 0L);
            if (have != n) {
                m.put(r, n - have);
            }
        });
        return m;
    }

    static double percentile(final long[] sorted, final double q) {
        if (sorted.length == 0) {
            return 0;
        }
        final int idx = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, idx)];
    }

    private static double secondsSince(final long start, final long end) {
        return Math.max(1e-3, (end - start) / 1e9);
    }

    static double round(final double v, final int digits) {
        final double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static void deleteQuietly(final Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a temp folder left behind is not worth failing the run for
        }
    }

    /** Formats a rate or figure for humans. */
    public static String human(final Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%,d", d.longValue())
                    : String.format(Locale.ROOT, "%,.2f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        return String.valueOf(v);
    }
}
