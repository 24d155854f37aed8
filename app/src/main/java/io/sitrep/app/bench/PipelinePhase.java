package io.sitrep.app.bench;

import io.sitrep.app.EmbeddedPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One phase of reports through the whole pipeline, and the warm-up before the measured ones: sends
 * the next incidents' reports through a {@link Sink}, waits until the escalation topic shows their
 * exact per-region totals and the pipeline has lag 0, and returns the phase's figures.
 */
final class PipelinePhase {
    /** Warm-up rounds at most: under a heavy load the JIT may not settle, and the run must end. */
    static final int MAX_WARM_UP_ROUNDS = 8;
    private static final double SETTLED_JIT_SHARE = 0.1;

    private PipelinePhase() {
    }

    /** Sends one report; completes with true when ingest accepted it. */
    interface Sink {
        CompletableFuture<Boolean> send(String json) throws Exception;
    }

    /**
     * Rounds through the whole pipeline until the JIT takes at most {@value #SETTLED_JIT_SHARE} of the
     * process CPU (at most {@value #MAX_WARM_UP_ROUNDS} rounds), so that no pipeline is measured while
     * its code is still being compiled: on this machine one warm-up of 300 reports left the compilers
     * at 37 % of the CPU of the phase after it.
     */
    static void warmUp(final BenchRun run, final OutputMonitor monitor, final PipelineDrain drain, final ResourceSampler sampler,
                       final EmbeddedPipeline pipeline, final Sink sink) throws Exception {
        final long round = warmUpRound(run.settings());
        for (int i = 1; i <= MAX_WARM_UP_ROUNDS; i++) {
            // an incomplete round has no share: the run is failed already, warming further would not help
            final double jit = (double) run(run, "warm-up", round, monitor, drain, sampler, pipeline, sink)
                    .getOrDefault("jitShare", 0.0);
            if (jit <= SETTLED_JIT_SHARE) {
                return;
            }
        }
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
        final long incidents = options.incidents();
        final Map<String, Long> target = run.target(monitor, incidents);
        run.progress().printf("bench: pipeline via %s, %,d reports (%,d incidents) …%n", name, count, incidents);

        final Semaphore inFlight = new Semaphore(20_000);
        final AtomicLong refused = new AtomicLong();
        final AtomicLong lastAck = new AtomicLong();
        final Map<String, Long> writtenBefore = RecordsWritten.byTopic(pipeline.streams().streams());
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
        final long done = run.settle(target, monitor, drain);
        final ResourceSampler.Usage usage = phase.stop();
        run.advance(incidents);

        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("reports", count);
        m.put("incidents", incidents);
        m.put("refused", refused.get());
        m.put("ingestPerSecond", BenchRun.round(count / BenchRun.secondsSince(start, lastAck.get()), 0));
        m.put("complete", done >= 0);
        m.put("exactCounts", run.checkExact(target, monitor, done, refused.get()));
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
        final Map<String, Long> written = RecordsWritten.delta(writtenBefore, RecordsWritten.byTopic(pipeline.streams().streams()));
        final long accepted = count - refused.get();
        // the raw record ingest wrote, plus everything the streams application wrote (changelogs included)
        m.put("recordsPerReport", BenchRun.round((accepted + written.values().stream().mapToLong(Long::longValue).sum())
                / (double) Math.max(1, count), 2));
        m.put("recordsWritten", written);
        m.put("recordsPerProduceRequest", RecordsWritten.perProduceRequest(pipeline.streams().streams()));
        m.put("cpuCores", BenchRun.round(usage.cores(), 2));
        m.put("jitShare", BenchRun.round(usage.jitShare(), 2));
        // where the CPU went, by thread group (stream threads, broker request handlers, compilers, GC, ...)
        m.put("cpuSecondsByThreadGroup", usage.cpuByThreadGroup());
        m.put("peakHeapMiB", usage.peakHeapBytes() >> 20);
        run.progress().printf("bench: pipeline via %s %,.0f reports/s end to end (%.1f s), %s records per report, %.2f cores, "
                        + "JIT %.0f %% of the CPU, records per produce request %s%n", name, count / BenchRun.secondsSince(start, done),
                BenchRun.secondsSince(start, done), m.get("recordsPerReport"), usage.cores(), 100 * usage.jitShare(),
                m.get("recordsPerProduceRequest"));
        return m;
    }
}
