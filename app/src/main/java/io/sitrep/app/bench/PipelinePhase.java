package io.sitrep.app.bench;

import io.sitrep.app.EmbeddedPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One phase of reports through the whole pipeline, and the warm-up before the measured ones: sends
 * the next incidents' reports through a {@link Sink}, waits until the escalation topic shows their
 * exact per-region totals and the pipeline has lag 0, and returns the phase's figures.
 */
final class PipelinePhase {
    /**
     * Warm-up time at most: the run must end under a load where the JIT never settles. On this
     * machine the compilers still took 41-49 % of the CPU after eight 800-report rounds (20 s), and
     * settled below 10 % after about a minute of pipeline work.
     */
    static final long MAX_WARM_UP_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
    static final double SETTLED_JIT_SHARE = 0.1;
    /** Warm-up rounds at most of a pipeline with other JVMs ({@link #warmUpRounds}). */
    static final int OTHER_JVM_WARM_UP_ROUNDS = 15;

    private PipelinePhase() {
    }

    /** Sends one report; completes with true when ingest accepted it. */
    interface Sink {
        CompletableFuture<Boolean> send(String json) throws Exception;
    }

    /**
     * Rounds through the whole pipeline until the JIT takes at most {@value #SETTLED_JIT_SHARE} of the
     * CPU of a round, in this process and in the other instances ({@code others}, may be null), or
     * until {@link #MAX_WARM_UP_NANOS} or {@code maxRounds} rounds: no pipeline is measured while its code is still being compiled.
     * Returns the number of rounds and the last round's JIT shares, for the run's figures.
     */
    static Map<String, Object> warmUp(final BenchRun run, final OutputMonitor monitor, final PipelineDrain drain,
                                      final ResourceSampler sampler, final EmbeddedPipeline pipeline, final StreamsProcesses others,
                                      final int maxRounds, final Sink sink) throws Exception {
        final long round = warmUpRound(run.settings());
        final long start = System.nanoTime();
        final Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 1; ; i++) {
            final double othersCpu = others == null ? 0 : others.cpuSeconds();
            final double othersJit = others == null ? 0 : others.compilerSeconds();
            final Map<String, Object> m = run(run, "warm-up", round, monitor, drain, sampler, pipeline, sink);
            // an incomplete round has no share: the run is failed already, warming further would not help
            final double jit = (double) m.getOrDefault("jitShare", 0.0);
            final double othersShare = others == null ? 0
                    : (others.compilerSeconds() - othersJit) / Math.max(1e-9, others.cpuSeconds() - othersCpu);
            out.put("warmUpRounds", i);
            out.put("warmUpSeconds", BenchRun.round(BenchRun.secondsSince(start, System.nanoTime()), 1));
            out.put("lastWarmUpJitShare", jit);
            out.put("lastWarmUpPerSecond", m.getOrDefault("endToEndPerSecond", 0.0));
            if (others != null) {
                out.put("lastWarmUpOtherProcessesJitShare", BenchRun.round(othersShare, 2));
                run.progress().printf("bench: JIT %.0f %% of the other instances' CPU in that round%n", 100 * othersShare);
            }
            if (jit <= SETTLED_JIT_SHARE && othersShare <= SETTLED_JIT_SHARE
                    || i >= maxRounds || System.nanoTime() - start > MAX_WARM_UP_NANOS) {
                return out;
            }
        }
    }

    /** What a pipeline of the run is for. */
    enum Mode {
        /** Rounds until the JIT compilers settle; nothing measured. */
        WARM_JVM,
        /** Every phase of the run. */
        FULL,
        /** The straight-to-Kafka phase only, for the thread and process comparisons. */
        DIRECT
    }

    /**
     * Warm-up rounds at most: many on the JIT's own pipeline; two on a measured one (caches,
     * connections, RocksDB). With other JVMs ({@code otherJvms}), which start cold, up to
     * {@value #OTHER_JVM_WARM_UP_ROUNDS}, until their compilers settle too: every report of the
     * pipeline stays in its dedup index (the horizon is days), so the rounds are bounded by this
     * process's heap. Round 6 tried that and met a rebalance at the start of the measured phase that
     * moved the dedup index task (Kafka Streams logged the task's store, left without a checkpoint
     * under exactly-once, as corrupted: an ERROR line); that was the default assignor's follow-up
     * rebalance for a stateful task moved to a new instance, which the pipeline's own assignor
     * ({@code IndexIsolatingTaskAssignor}) does not schedule.
     */
    static int warmUpRounds(final Mode mode, final BenchRun.Settings settings, final boolean otherJvms) {
        if (mode != Mode.WARM_JVM) {
            // 2: measuredFirstIncident counts on it
            return otherJvms ? OTHER_JVM_WARM_UP_ROUNDS : 2;
        }
        // the incidents of every round must fit the generator's space (a round's reports are mostly new incidents)
        return (int) Math.max(1, Math.min(60, SyntheticReports.capacity(settings.regions()) / 2 / warmUpRound(settings)));
    }

    /**
     * The first incident of a measured pipeline's phase 3: past the incidents of the most rounds a
     * warm-up without other JVMs runs ({@link #warmUpRounds}), so that phase 3 of the main pipeline and
     * of the thread comparison send the same reports however many rounds each warm-up took. Before
     * round 17 phase 3 went on from wherever the warm-up stopped, and the two phases' reports held
     * 6,969 or 7,019 new incidents.
     */
    static long measuredFirstIncident(final BenchRun.Settings settings) {
        return 2 * warmUpRound(settings);
    }

    /** Reports per warm-up round. */
    static long warmUpRound(final BenchRun.Settings settings) {
        return Math.max(100, Math.min(2_000, settings.reports() / 10));
    }

    /** Sends {@code count} reports of the next incidents and waits for their exact totals; the figures of the phase. */
    static Map<String, Object> run(final BenchRun run, final String name, final long count, final OutputMonitor monitor,
                                   final PipelineDrain drain, final ResourceSampler sampler, final EmbeddedPipeline pipeline,
                                   final Sink sink) throws Exception {
        final SyntheticReports.Options options = run.generatorOptions(count);
        // the phase's texts are written before its clock starts: writing them is the scrapers' work, not the
        // pipeline's (as in the raw baseline). Written during the phase, they took about 0.3 CPU-seconds
        // of 10,000 article-size reports and made half a gigabyte of garbage beside the stream threads (round 19)
        final List<String> texts = new ArrayList<>((int) count);
        long incidents = 0;
        for (SyntheticReports it = new SyntheticReports(options); it.hasNext(); ) {
            final SyntheticReports.Report report = it.next();
            texts.add(report.json());
            incidents += report.kind() == SyntheticReports.Kind.NEW ? 1 : 0;
        }
        final Map<String, Long> target = run.target(monitor, incidents);
        run.progress().printf("bench: pipeline via %s, %,d reports (%,d incidents) …%n", name, count, incidents);

        final Map<String, Long> writtenBefore = RecordsWritten.byTopic(pipeline.streams().clients());
        final Map<String, Long> requestsBefore = BrokerRequests.snapshot(pipeline.streams().clients());
        final ResourceSampler.Phase phase = sampler.start();
        final StreamThreadTime threadsBefore = StreamThreadTime.sample(pipeline.streams().clients());
        final long start = System.nanoTime();
        final ReportFeeder.Sent sent = run.feeder().send(texts, sink).get();
        final long done = run.settle(target, monitor, drain);
        final ResourceSampler.Usage usage = phase.stop();
        final StreamThreadTime threadsAfter = StreamThreadTime.sample(pipeline.streams().clients());
        run.advance(incidents);

        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("reports", count);
        m.put("incidents", incidents);
        m.put("refused", sent.refused());
        m.put("ingestPerSecond", BenchRun.round(count / BenchRun.secondsSince(start, sent.lastAckNanos()), 0));
        m.put("complete", done >= 0);
        m.put("exactCounts", run.checkExact(target, monitor, done, sent.refused()));
        if (done < 0) {
            run.progress().printf("bench: %s phase did NOT complete within %s; events missing per region: %s%n", name,
                    run.settings().phaseTimeout(), m.get("missingEvents"));
            return m;
        }
        // per stage, cumulative: reports ÷ (phase start → the stage's last output record seen from outside)
        m.put("dedupPerSecond", BenchRun.round(count / BenchRun.secondsSince(start, Math.min(monitor.lastUniqueNanos(), done)), 0));
        m.put("attributionPerSecond", BenchRun.round(count / BenchRun.secondsSince(start, Math.min(monitor.lastEventNanos(), done)), 0));
        m.put("endToEndPerSecond", BenchRun.round(count / BenchRun.secondsSince(start, done), 0));
        m.put("endToEndSeconds", BenchRun.round(BenchRun.secondsSince(start, done), 2));
        final Map<String, Long> written = RecordsWritten.delta(writtenBefore, RecordsWritten.byTopic(pipeline.streams().clients()));
        final long accepted = count - sent.refused();
        // the raw record ingest wrote, plus everything the streams application wrote (changelogs included)
        m.put("recordsPerReport", BenchRun.round((accepted + written.values().stream().mapToLong(Long::longValue).sum())
                / (double) Math.max(1, count), 2));
        m.put("recordsWritten", written);
        m.put("recordsPerProduceRequest", RecordsWritten.perProduceRequest(pipeline.streams().clients()));
        // what the broker was asked during the phase (by every client: the bench's, ingest's, the pipeline's),
        // and the retries of the Streams application's producers
        m.put("brokerRequests", RecordsWritten.delta(requestsBefore, BrokerRequests.snapshot(pipeline.streams().clients())));
        m.put("cpuCores", BenchRun.round(usage.cores(), 2));
        // the whole process's CPU (broker, clients, collector and compilers too) per report sent: the figure to
        // compare between runs on a shared host, beside the host's own speed (HostCalibration)
        m.put("cpuMsPerReport", BenchRun.round(1000 * usage.cpuSeconds() / Math.max(1, count), 3));
        m.put("jitShare", BenchRun.round(usage.jitShare(), 2));
        // where the CPU went, by thread group (stream threads, broker request handlers, compilers, GC, ...)
        m.put("cpuSecondsByThreadGroup", usage.cpuByThreadGroup());
        // the part of it in the kernel: the broker's socket and log I/O, page faults
        m.put("kernelCpuSecondsByThreadGroup", usage.kernelCpuByThreadGroup());
        m.put("peakHeapMiB", usage.peakHeapBytes() >> 20);
        // every thread of the process stands still in a pause: the count, total and longest of the phase's
        m.put("gcPauses", GcPauses.figures(usage.gcPauses()));
        // cores busy in each half second of the phase: how long the pipeline took to fill and to drain
        m.put("coresByHalfSecond", usage.coresBySlice());
        // each stream thread's phase: on the CPU, blocked on Kafka (commits, flushes, polls), or neither (waiting for a core, GC pauses)
        m.put("streamThreadSeconds", threadsAfter.secondsSince(threadsBefore, usage.wallSeconds()));
        run.progress().printf("bench: pipeline via %s %,.0f reports/s end to end (%.1f s), %s records per report, %.2f cores, "
                        + "JIT %.0f %% of the CPU, records per produce request %s%n", name, count / BenchRun.secondsSince(start, done),
                BenchRun.secondsSince(start, done), m.get("recordsPerReport"), usage.cores(), 100 * usage.jitShare(),
                m.get("recordsPerProduceRequest"));
        return m;
    }
}
