package io.sitrep.app.bench;

import io.sitrep.app.EmbeddedCluster;
import io.sitrep.app.EmbeddedPipeline;
import io.sitrep.ingest.client.IngestClient;
import io.sitrep.ingest.client.ReportOutcome;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;

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
     * @param streamThreads  Kafka Streams threads (0 = one per available core)
     * @param scalingThreads threads of a second, fresh pipeline that runs the straight-to-Kafka phase
     *                       again for comparison (0 = skip)
     * @param scalingProcesses processes of a third, fresh pipeline of one thread each (this one and
     *                       more {@code sitrep streams} JVMs) that runs that phase again (below 2 = skip)
     * @param dedupHorizon   the dedup stage's memory
     * @param phaseTimeout   a phase that has not completed by then fails the run
     * @param dataDir        broker data and state (null = a fresh temporary folder, deleted afterwards)
     * @param seed           generator seed
     * @param streamsProperties Kafka Streams properties for every pipeline of the run ({@code StreamsSettings} overrides)
     */
    public record Settings(long reports, long httpReports, int latencySeconds, double rate, double duplicateRate,
                           double syndicationRate, int regions, int partitions, int streamThreads, int scalingThreads,
                           int scalingProcesses, Duration dedupHorizon, Duration phaseTimeout, Path dataDir, long seed,
                           Map<String, String> streamsProperties, int jitWarmUpPipelines) {
        public Settings {
            streamsProperties = Map.copyOf(streamsProperties);
            if (jitWarmUpPipelines < 0) {
                throw new IllegalArgumentException("JIT warm-up pipelines cannot be negative, was " + jitWarmUpPipelines);
            }
        }

        /** The threads the main pipeline runs with. */
        public int threads() {
            return streamThreads > 0 ? streamThreads : Runtime.getRuntime().availableProcessors();
        }

        /** The settings as the JSON output prints them. */
        Map<String, Object> asMap() {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("reports", reports());
            m.put("httpReports", httpReports());
            m.put("latencySeconds", latencySeconds());
            m.put("rate", rate());
            m.put("duplicateRate", duplicateRate());
            m.put("syndicationRate", syndicationRate());
            m.put("regions", regions());
            m.put("partitions", partitions());
            m.put("streamThreads", threads());
            m.put("scalingThreads", scalingThreads());
            m.put("scalingProcesses", scalingProcesses());
            m.put("dedupHorizon", dedupHorizon().toString());
            m.put("seed", seed());
            m.put("streamsProperties", new java.util.TreeMap<>(streamsProperties()));
            m.put("jitWarmUpPipelines", jitWarmUpPipelines());
            return m;
        }
    }

    /**
     * Small transactions of each producer of {@link TransactionWarmUp} on each of the JIT's pipelines,
     * at most for {@link #WARM_UP_TRANSACTIONS_BUDGET}: a C2 compilation needs about 5,000 calls of a method.
     * 40 s since round 28: with the transactions read back as they commit, 30 s held 2,516 and 4,765 of
     * the 6,000 (the first JIT pipeline's in a JVM whose compilers are busiest), against 5,860-6,000 before.
     */
    static final int WARM_UP_TRANSACTIONS = 3_000;
    static final Duration WARM_UP_TRANSACTIONS_BUDGET = Duration.ofSeconds(40);

    /** Pipelines started and stopped one after the other for the JIT before the measured ones, by default. */
    public static final int JIT_WARM_UP_PIPELINES = 2;
    /** Dedup horizon of the JIT's warm-up pipeline. */
    private static final Duration WARM_JVM_HORIZON = Duration.ofSeconds(60);

    private final Settings settings;
    private final PrintStream progress;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private long nextIncident;
    private boolean exact = true;
    /** JIT warm-up pipelines started so far. */
    private int jitPipelines;
    /** Sends the reports of every phase of the run (set while it runs). */
    private ReportFeeder feeder;
    /** Polls the output monitor of each pipeline of the run (set while it runs). */
    private OutputMonitor.Poller poller;
    /** The broker and registry of every pipeline of the run. */
    private EmbeddedCluster cluster;
    private long childErrorLines;

    public BenchRun(final Settings settings, final PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs every phase; returns the results in print order. */
    public Map<String, Object> run() throws Exception {
        final long incidentsNeeded = estimateIncidents();
        if (incidentsNeeded > SyntheticReports.capacity(settings.regions())) {
            throw new IllegalArgumentException("the run needs about " + incidentsNeeded + " incidents but only "
                    + SyntheticReports.capacity(settings.regions()) + " fit " + settings.regions()
                    + " regions: lower --reports/--http-reports/--latency-seconds or raise --regions");
        }
        results.put("machine", Map.of("cpus", ResourceSampler.cpus(), "maxHeapMiB", ResourceSampler.maxHeapBytes() >> 20,
                "java", System.getProperty("java.version")));
        results.put("settings", settings.asMap());
        final long startNanos = System.nanoTime();
        final boolean temporary = settings.dataDir() == null;
        final Path clusterDir = temporary ? Files.createTempDirectory("sitrep-bench-cluster-") : settings.dataDir().resolve("cluster");
        try (ErrorLineCounter errors = ErrorLineCounter.install(); ResourceSampler sampler = new ResourceSampler();
             ReportFeeder feeder = new ReportFeeder(); OutputMonitor.Poller poller = new OutputMonitor.Poller()) {
            this.feeder = feeder;
            this.poller = poller;
            progress.printf("bench: starting the embedded broker and schema registry (every pipeline of the run uses them)…%n");
            cluster = EmbeddedCluster.start(0, 0, clusterDir);
            // the JIT first, on a pipeline of its own: a measured pipeline then starts in a warm JVM and
            // holds only its own reports in memory (the dedup index keeps every report of its horizon).
            // Twice: stopping a pipeline and starting the next takes branches that its rounds never did,
            // and the compilers then threw away the code they had made without them (hundreds of
            // methods of the clients and the broker) and made it again during the measured phase
            for (int pipeline = 1; pipeline <= settings.jitWarmUpPipelines(); pipeline++) {
                runPipeline(settings.threads(), 1, PipelinePhase.Mode.WARM_JVM, sampler);
                nextIncident = 0;
            }
            runPipeline(settings.threads(), 1, PipelinePhase.Mode.FULL, sampler);
            final double main = (double) section("pipelineKafka").getOrDefault("endToEndPerSecond", 0.0);
            if (settings.scalingThreads() > 0) {
                // the same reports again (PipelinePhase.measuredFirstIncident), on fresh topics and state, with
                // another thread count
                nextIncident = 0;
                final Map<String, Object> other = runPipeline(settings.scalingThreads(), 1, PipelinePhase.Mode.DIRECT, sampler);
                final double again = (double) other.getOrDefault("endToEndPerSecond", 0.0);
                other.put("speedupOfMain", again > 0 ? round(main / again, 2) : 0.0);
                other.put("speedupCeiling", speedupCeiling(ResourceSampler.cpus(), (double) other.getOrDefault("cpuCores", 0.0),
                        number(section("pipelineKafka").get("threads")), settings.scalingThreads()));
                results.put("scaling", other);
            }
            if (settings.scalingProcesses() > 1) {
                // and again with one thread in each of several processes, as separate replicas would run
                nextIncident = 0;
                final Map<String, Object> spread = runPipeline(1, settings.scalingProcesses(), PipelinePhase.Mode.DIRECT, sampler);
                final double oneThread = (double) section("scaling").getOrDefault("endToEndPerSecond", 0.0);
                final double again = (double) spread.getOrDefault("endToEndPerSecond", 0.0);
                spread.put("speedupOverOneThread", oneThread > 0 && settings.scalingThreads() == 1 ? round(again / oneThread, 2) : 0.0);
                results.put("processes", spread);
            }
            results.put("peakHeapMiB", sampler.runPeakHeapBytes() >> 20);
            // the host's speed, in a JVM whose compilers made the text steps' code in the pipelines (measured
            // first, in a cold JVM, eight rounds of 400 reports took 512 us per report, against 288 here: the JIT's)
            results.put("hostCalibration", calibrateHost().asMap());
            results.put("errorLines", errors.count() + childErrorLines);
            if (errors.count() > 0) {
                results.put("firstErrorLine", errors.first());
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            if (temporary) {
                deleteQuietly(clusterDir);
            }
        }
        results.put("totalSeconds", round((System.nanoTime() - startNanos) / 1e9, 1));
        results.put("exact", exact);
        return results;
    }

    private HostCalibration.Result calibrateHost() {
        final HostCalibration.Result r = HostCalibration.measure(Gazetteer.loadDefault());
        progress.printf("bench: host calibration: %.1f us CPU per report for the two text steps on one thread (best %.1f), "
                + "%.1f ns per memory read; on two threads at once %.1f us per report each (%.2f ×)%n", r.microsPerReport(),
                r.bestMicrosPerReport(), r.nanosPerMemoryRead(), r.twoThreadMicrosPerReport(), r.twoThreadFactor());
        return r;
    }

    /**
     * One pipeline on the run's broker and registry, cleared for it, with {@code threads} stream threads here and, when
     * {@code processes} &gt; 1, as many more in other JVMs: all phases, or only the straight-to-Kafka
     * one (returned).
     */
    private Map<String, Object> runPipeline(final int threads, final int processes, final PipelinePhase.Mode mode,
                                            final ResourceSampler sampler) throws Exception {
        final Map<String, Object> figures = runPipelineOnce(threads, processes, mode, sampler);
        // the next pipeline finds the broker as a new one would be: no topic, no group (schemas kept)
        cluster.clear(Duration.ofSeconds(60));
        return figures;
    }

    private Map<String, Object> runPipelineOnce(final int threads, final int processes, final PipelinePhase.Mode mode,
                                                final ResourceSampler sampler) throws Exception {
        final boolean full = mode == PipelinePhase.Mode.FULL;
        final boolean temporary = settings.dataDir() == null;
        final Path dataDir = temporary ? Files.createTempDirectory("sitrep-bench-")
                // each pipeline a folder of its own: a state folder left by an earlier pipeline holds offsets
                // of topics the cluster has deleted since (the global store fails on them)
                : settings.dataDir().resolve(mode == PipelinePhase.Mode.WARM_JVM ? "jit-warm-up-" + ++jitPipelines : full ? "main"
                        : processes > 1 ? "processes-" + processes : "threads-" + threads);
        // the warm-up pipeline is not measured: a short horizon bounds its memory (copies follow their story within seconds)
        final Duration horizon = mode == PipelinePhase.Mode.WARM_JVM ? WARM_JVM_HORIZON : settings.dedupHorizon();
        final Map<String, String> overrides = new java.util.HashMap<>(settings.streamsProperties());
        overrides.put("num.stream.threads", String.valueOf(threads));
        Map<String, Object> direct = Map.of();
        try {
            final ResourceSampler.Phase startup = sampler.start();
            progress.printf("bench: starting a pipeline (streams with %d thread(s), HTTP) on fresh topics…%n", threads);
            try (EmbeddedPipeline pipeline = EmbeddedPipeline.startOn(cluster, new EmbeddedPipeline.Options(0, 0, 0, dataDir,
                    settings.partitions(), horizon, overrides), step -> { });
                 OutputMonitor monitor = new OutputMonitor(pipeline.bootstrapServers(),
                         new HttpSchemaRegistryClient(pipeline.registryUrl()), poller);
                 PipelineDrain drain = new PipelineDrain(pipeline.bootstrapServers(), StreamsSettings.DEFAULT_APPLICATION_ID)) {
                final double startupSeconds = round(startup.stop().wallSeconds(), 1);
                final ReportValidator validator = new ReportValidator(Clock.systemUTC(), pipeline.gazetteer()::isKnownCode);
                Map<String, Object> transactions = Map.of();
                if (full) {
                    results.put("startupSeconds", startupSeconds);
                    progress.printf("bench: raw baseline, %,d records (the pipeline's raw reports, same bytes) …%n",
                            settings.reports());
                    results.put("raw", RawBaseline.measure(pipeline, validator, sampler, generatorOptions(settings.reports()),
                            settings.partitions()));
                    progress.printf("bench: raw produce+consume %,.0f records/s%n",
                            (double) section("raw").getOrDefault("endToEndPerSecond", 0.0));
                } else if (mode == PipelinePhase.Mode.WARM_JVM) {
                    // the raw baseline's plain producer and consumer pass other types through the clients'
                    // code than the pipeline does: the compilers see both before the measured phases
                    RawBaseline.measure(pipeline, validator, sampler, generatorOptions(PipelinePhase.warmUpRound(settings)),
                            settings.partitions());
                    // the broker's and the producers' per-request and per-transaction code, to C2's thresholds;
                    // a producer per stream thread, as the pipeline has
                    progress.printf("bench: %,d small transactions in each of %d producers, for the JIT …%n",
                            WARM_UP_TRANSACTIONS, threads);
                    transactions = TransactionWarmUp.run(pipeline.bootstrapServers(), settings.partitions(),
                            threads, WARM_UP_TRANSACTIONS, WARM_UP_TRANSACTIONS_BUDGET);
                    progress.printf("bench: %s transactions in %s s%n", transactions.get("transactions"), transactions.get("seconds"));
                }
                try (ReportPublisher publisher = publisher(pipeline);
                     StreamsProcesses others = processes > 1 ? startOthers(pipeline, processes - 1, threads, dataDir) : null) {
                    // one sink for the warm-up and the measured phase: a second lambda at the call site would be a
                    // type the compiled send code has not seen, and the compilers would make it again in the phase
                    final PipelinePhase.Sink toKafka = json -> publishDirect(validator, publisher, json);
                    final Map<String, Object> warmUp = PipelinePhase.warmUp(this, monitor, drain, sampler, pipeline, others,
                            PipelinePhase.warmUpRounds(mode, settings, others != null), toKafka);
                    if (mode == PipelinePhase.Mode.WARM_JVM) {
                        if (settings.latencySeconds() > 0) {
                            // the latency phase's paced load, at about the rate it will be offered (half of the
                            // measured phase's; the rounds' rate stands in for it here)
                            final double rate = Math.max(1, Math.floor((double) warmUp.getOrDefault("lastWarmUpPerSecond", 0.0) / 2));
                            warmUp.putAll(LatencyPhase.warmUp(this, rate, monitor, sampler, validator, publisher, pipeline, drain));
                        }
                        warmUp.put("transactions", transactions);
                        results.put("jitWarmUp", warmUp);
                        return warmUp;
                    }
                    // phase 3 of every measured pipeline sends the same reports, whether its warm-up stopped after
                    // one round or two: it starts past two rounds' incidents (a round's reports bound them).
                    // A pipeline with other JVMs warms up for more rounds and starts further on
                    nextIncident = Math.max(nextIncident, PipelinePhase.measuredFirstIncident(settings));
                    final double othersCpuBefore = others == null ? 0 : others.cpuSeconds();
                    final double othersJitBefore = others == null ? 0 : others.compilerSeconds();
                    direct = PipelinePhase.run(this, "kafka", settings.reports(), monitor, drain, sampler, pipeline, toKafka);
                    direct.putAll(warmUp);
                    direct.put("threads", threads);
                    direct.put("processes", processes);
                    direct.put("tasksByThread", tasksByThread(pipeline));
                    if (others != null) {
                        // this process's figures cover its own share only: the other instances' CPU is read from
                        // outside, their records written are not counted (the rate and exactness are whole)
                        direct.put("otherProcessesCpuSeconds", round(others.cpuSeconds() - othersCpuBefore, 1));
                        direct.put("otherProcessesJitShare", round((others.compilerSeconds() - othersJitBefore)
                                / Math.max(1e-9, others.cpuSeconds() - othersCpuBefore), 2));
                        direct.put("recordsPerReportThisProcess", direct.remove("recordsPerReport"));
                        // this instance leaves first: were the others to go first, their tasks would move back
                        // here onto state left without a checkpoint, which Kafka Streams wipes with an ERROR line
                        pipeline.streams().close();
                        others.close();
                        childErrorLines += others.errorLines();
                    }
                    if (!full) {
                        return direct;
                    }
                    results.put("pipelineKafka", direct);
                    if (settings.httpReports() > 0) {
                        try (IngestClient client = IngestClient.builder(URI.create(pipeline.http().baseUrl()))
                                .maxBatchReports(500).senderThreads(2).build()) {
                            results.put("pipelineHttp", PipelinePhase.run(this, "http", settings.httpReports(), monitor, drain,
                                    sampler, pipeline, json -> client.submit(json).thenApply(ReportOutcome::isAccepted)));
                        }
                    }
                    if (settings.latencySeconds() > 0) {
                        final double rate = settings.rate() > 0 ? settings.rate()
                                : Math.max(1, Math.floor((double) direct.getOrDefault("endToEndPerSecond", 0.0) / 2));
                        results.put("latency", LatencyPhase.run(this, rate, monitor, sampler, validator, publisher, pipeline,
                                drain, settings.latencySeconds()));
                    }
                }
                // every client's state: the first client's is streams/<application id>, the others' streams/client-<i>/…
                results.put("stateStores", StoreSizes.asResults(pipeline, dataDir.resolve("streams")));
            }
        } finally {
            if (temporary) {
                deleteQuietly(dataDir);
            }
        }
        return direct;
    }

    private StreamsProcesses startOthers(final EmbeddedPipeline pipeline, final int count, final int threads,
                                         final Path dataDir) throws Exception {
        progress.printf("bench: starting %d more streams process(es) of %d thread(s) on the same broker…%n", count, threads);
        return StreamsProcesses.start(count, threads, pipeline.bootstrapServers(), pipeline.registryUrl(),
                StreamsSettings.DEFAULT_APPLICATION_ID, settings.partitions(), settings.dedupHorizon(), settings.streamsProperties(),
                dataDir.resolve("others"), threads * (count + 1), settings.phaseTimeout());
    }

    /** This process's stream threads and the tasks each one runs: the work is shared by task, not by load. */
    private static Map<String, Object> tasksByThread(final EmbeddedPipeline pipeline) {
        final Map<String, Object> m = new TreeMap<>();
        final List<KafkaStreams> clients = pipeline.streams().clients();
        for (int i = 0; i < clients.size(); i++) {
            final int client = i;
            clients.get(i).metadataForLocalThreads().forEach(t -> m.put(RecordsWritten.threadKey(client, clients.size(), t.threadName()),
                    t.activeTasks().stream().map(task -> task.taskId().toString()).sorted().toList()));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(final String name) {
        return results.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    public boolean exact() {
        return exact;
    }

    private long estimateIncidents() {
        final double news = 1 - settings.duplicateRate() - settings.syndicationRate();
        // the latency phase's rate may only be known later; it is fitted into what is left then
        final double latencyReports = settings.rate() > 0 ? settings.rate() * settings.latencySeconds() : 0;
        // the main pipeline sends the most (the JIT's own pipeline is sized in PipelinePhase#warmUpRounds)
        final long main = PipelinePhase.warmUpRounds(PipelinePhase.Mode.FULL, settings, false) * PipelinePhase.warmUpRound(settings)
                + settings.reports() + settings.httpReports();
        return (long) (main * news + latencyReports * news) + 1;
    }

    ReportFeeder feeder() {
        if (feeder == null) {
            throw new IllegalStateException("the run is not running");
        }
        return feeder;
    }

    Settings settings() {
        return settings;
    }

    PrintStream progress() {
        return progress;
    }

    long nextIncident() {
        return nextIncident;
    }

    /** The next phase continues the incident sequence after {@code incidents} more. */
    void advance(final long incidents) {
        nextIncident += incidents;
    }

    SyntheticReports.Options generatorOptions(final long count) {
        return new SyntheticReports.Options(count, settings.duplicateRate(), settings.syndicationRate(),
                settings.regions(), settings.seed(), nextIncident, today, true);
    }

    private static ReportPublisher publisher(final EmbeddedPipeline pipeline) {
        // blocking on a full buffer is the backpressure we want here, not a failure after 5 s
        return ReportPublisher.create(pipeline.bootstrapServers(), pipeline.topics().reportsRaw().valueSerde().serializer(),
                pipeline.topics().reportsRejected().valueSerde().serializer(), Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000));
    }

    static CompletableFuture<Boolean> publishDirect(final ReportValidator validator, final ReportPublisher publisher,
                                                            final String json) {
        return publishDirect(validator, publisher, json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #publishDirect(ReportValidator, ReportPublisher, String)} of a report's UTF-8 bytes. */
    static CompletableFuture<Boolean> publishDirect(final ReportValidator validator, final ReportPublisher publisher,
                                                    final byte[] utf8) {
        final ValidationResult v = validator.validate(utf8);
        if (!(v instanceof ValidationResult.Valid valid)) {
            return CompletableFuture.completedFuture(false);
        }
        return publisher.publish(valid.report()).handle((m, e) -> e == null);
    }

    /** The absolute per-region totals that complete a phase of {@code incidents} new incidents; set on the monitor. */
    Map<String, Long> target(final OutputMonitor monitor, final long incidents) {
        final Map<String, Long> target = new HashMap<>(monitor.totals());
        SyntheticReports.expectedEvents(nextIncident, incidents, settings.regions())
                .forEach((region, n) -> target.merge(region, n, Long::sum));
        monitor.expect(target);
        return target;
    }

    /**
     * Waits until the totals reached {@code target} and then until the pipeline has lag 0 on every
     * topic it reads; returns the nanoTime of the later of the two, or -1 on timeout.
     */
    long settle(final Map<String, Long> target, final OutputMonitor monitor, final PipelineDrain drain) throws Exception {
        final long reached = monitor.awaitTarget(settings.phaseTimeout());
        if (reached < 0) {
            return -1;
        }
        final long drained = drain.awaitZeroLag(settings.phaseTimeout());
        monitor.awaitCaughtUp();
        return drained < 0 ? -1 : Math.max(reached, drained);
    }

    /**
     * Strict: after the phase, every region's total equals its target and no other region has
     * events; a refused report or an incomplete phase is not exact either. Records the verdict.
     */
    boolean checkExact(final Map<String, Long> target, final OutputMonitor monitor, final long done, final long refused) {
        final Map<String, Long> totals = monitor.totals();
        final Map<String, Long> wrong = new TreeMap<>();
        final Set<String> regions = new HashSet<>(target.keySet());
        regions.addAll(totals.keySet());
        for (String r : regions) {
            final long have = totals.getOrDefault(r, 0L);
            final long want = target.getOrDefault(r, 0L);
            if (have != want) {
                wrong.put(r, have - want);
            }
        }
        final boolean phaseExact = done >= 0 && refused == 0 && wrong.isEmpty();
        if (!wrong.isEmpty()) {
            progress.printf("bench: counts differ from the expectation (have − want per region): %s%n", wrong);
        }
        exact &= phaseExact;
        return phaseExact;
    }

    /**
     * The most the main phase's threads could gain over this comparison's fewer threads: at the
     * comparison's CPU per report, every core of the machine busy from the first report to the last
     * ({@code cpus} ÷ the cores the comparison kept busy), and no more than the ratio of threads. The
     * broker, the producers' I/O, the collector and the load generator share the process, so one
     * stream thread already keeps more than one core busy; 0 when the main phase has no more threads.
     */
    static double speedupCeiling(final int cpus, final double comparisonCores, final double mainThreads, final int comparisonThreads) {
        if (comparisonCores <= 0 || comparisonThreads <= 0 || mainThreads <= comparisonThreads) {
            return 0.0;
        }
        return round(Math.min(cpus / comparisonCores, mainThreads / comparisonThreads), 2);
    }

    private static double number(final Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    // ---- helpers ------------------------------------------------------------------------------

    static double percentile(final long[] sorted, final double q) {
        if (sorted.length == 0) {
            return 0;
        }
        final int idx = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, idx)];
    }

    static double secondsSince(final long start, final long end) {
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

}
