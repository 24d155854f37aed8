package io.sitrep.app.bench;

import io.sitrep.app.EmbeddedPipeline;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongBinaryOperator;

/**
 * The bench's latency phase: reports offered open-loop at a fixed rate; latency = intended send
 * time of the first report of a new incident → receipt of the first escalation update
 * ({@code read_committed}) whose region total includes it. The phase ends, like the others, when
 * every count is reached and the pipeline has lag 0 everywhere.
 */
final class LatencyPhase {
    /**
     * The sender wakes at most this often and sends every report due by then ({@link PacedSchedule}):
     * at 1,250 reports/s, 5 reports a wake instead of one. Each waits up to 4 ms more before it is
     * sent, and that wait counts in its latency.
     */
    static final long SEND_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

    private LatencyPhase() {
    }

    static Map<String, Object> run(final BenchRun run, final double rate, final OutputMonitor monitor,
                                   final ResourceSampler sampler, final ReportValidator validator,
                                   final ReportPublisher publisher, final EmbeddedPipeline pipeline,
                                   final PipelineDrain drain, final int seconds) throws Exception {
        final double news = 1 - run.settings().duplicateRate() - run.settings().syndicationRate();
        final long room = (long) ((SyntheticReports.capacity(run.settings().regions()) - run.nextIncident()) * news * 0.95);
        final long count = Math.min((long) (rate * seconds), room);
        final SyntheticReports.Options options = run.generatorOptions(count);
        final long incidents = options.incidents();
        final Map<String, Long> base = monitor.totals();
        final Map<String, Long> target = new HashMap<>(base);
        SyntheticReports.expectedEvents(run.nextIncident(), incidents, run.settings().regions())
                .forEach((region, n) -> target.merge(region, n, Long::sum));
        run.progress().printf("bench: latency at %,.0f reports/s offered for %d s (straight to Kafka) …%n", rate, seconds);

        // per region, the intended send times of its new incidents, oldest first
        final Map<String, ArrayDeque<Long>> waiting = new HashMap<>();
        final Map<String, Long> resolved = new HashMap<>();
        final long[] latencies = new long[(int) incidents];
        // the intended send time of each latency measured, to show when in the phase a slow one was sent
        final long[] sentAt = new long[(int) incidents];
        final int[] measured = {0};
        monitor.listener((region, total, received) -> {
            synchronized (waiting) {
                final long ordinal = total - base.getOrDefault(region, 0L);
                final ArrayDeque<Long> queue = waiting.get(region);
                long done = resolved.getOrDefault(region, 0L);
                while (queue != null && done < ordinal && !queue.isEmpty()) {
                    final long intended = queue.pollFirst();
                    sentAt[measured[0]] = intended;
                    latencies[measured[0]++] = received - intended;
                    done++;
                }
                resolved.put(region, done);
            }
        });
        monitor.expect(target);
        final List<long[]> dedupSamples = new ArrayList<>();
        // the phase's texts are written before its clock starts, as in the other phases (PipelinePhase):
        // writing them is the scrapers' work, not the pipeline's
        final PackedTexts texts = new PackedTexts();
        final List<String> newIncidentRegions = new ArrayList<>();
        for (SyntheticReports it = new SyntheticReports(options); it.hasNext(); ) {
            final SyntheticReports.Report report = it.next();
            texts.add(report.json());
            newIncidentRegions.add(report.kind() == SyntheticReports.Kind.NEW ? report.region() : null);
        }
        final Semaphore inFlight = new Semaphore(20_000);
        final AtomicLong refused = new AtomicLong();
        final ResourceSampler.Phase phase = sampler.start();
        final StreamThreadTime threadsBefore = StreamThreadTime.sample(pipeline.streams().clients());
        final Map<String, Long> requestsBefore = BrokerRequests.snapshot(pipeline.streams().clients());
        final long start = System.nanoTime();
        long maxBehindNanos = 0;
        // the sender shares the machine with the pipeline: when it falls behind, the latency of the
        // events it sends late includes the wait (measured from the intended send time)
        final List<Long> behindBySecond = new ArrayList<>();
        try {
            final PacedSchedule schedule = PacedSchedule.of(start, rate, SEND_TICK_NANOS);
            long nextSample = start;
            long lastWake = start - SEND_TICK_NANOS;
            for (int i = 0; i < texts.size(); ) {
                final long wake = schedule.wakeFor(i, lastWake);
                long now = System.nanoTime();
                while (now < wake) {
                    LockSupport.parkNanos(wake - now);
                    now = System.nanoTime();
                }
                lastWake = now;
                // every report due by now, those that come due while these are sent included
                for (; i < texts.size(); i++) {
                    final long intended = schedule.intended(i);
                    now = System.nanoTime();
                    if (intended > now) {
                        break;
                    }
                    maxBehindNanos = Math.max(maxBehindNanos, now - intended);
                    mergeAt(behindBySecond, (int) ((intended - start) / 1_000_000_000L), (now - intended) / 1_000_000L, Math::max);
                    final String newIncidentRegion = newIncidentRegions.get(i);
                    if (newIncidentRegion != null) {
                        synchronized (waiting) {
                            waiting.computeIfAbsent(newIncidentRegion, r -> new ArrayDeque<>()).addLast(intended);
                        }
                    }
                    inFlight.acquire();
                    BenchRun.publishDirect(validator, publisher, texts.utf8(i)).whenComplete((ok, e) -> {
                        if (e != null || !Boolean.TRUE.equals(ok)) {
                            refused.incrementAndGet();
                        }
                        inFlight.release();
                    });
                    if (now >= nextSample) {
                        dedupSamples.add(new long[] {(now - start) / 1_000_000_000L, StoreSizes.dedupKeys(pipeline)});
                        nextSample = now + TimeUnit.SECONDS.toNanos(5);
                    }
                }
            }
            publisher.flush();
        } finally {
            texts.close();
        }
        final long done = run.settle(target, monitor, drain);
        final ResourceSampler.Usage usage = phase.stop();
        final StreamThreadTime threadsAfter = StreamThreadTime.sample(pipeline.streams().clients());
        monitor.listener((r, t, n) -> { });
        run.advance(incidents);

        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("offeredPerSecond", BenchRun.round(rate, 0));
        m.put("reports", count);
        m.put("incidents", incidents);
        m.put("refused", refused.get());
        m.put("senderMaxBehindMs", BenchRun.round(maxBehindNanos / 1e6, 1));
        m.put("textsHeldMiB", BenchRun.round(texts.packedBytes() / (1024.0 * 1024.0), 1));
        m.put("complete", done >= 0);
        m.put("exactCounts", run.checkExact(target, monitor, done, refused.get()));
        final long[] latencyOfEach;
        final long[] sent;
        synchronized (waiting) {
            latencyOfEach = Arrays.copyOf(latencies, measured[0]);
            sent = Arrays.copyOf(sentAt, measured[0]);
        }
        final List<Long> maxBySecond = maxBySecond(start, sent, latencyOfEach);
        final long[] sorted = latencyOfEach.clone();
        Arrays.sort(sorted);
        m.put("measured", sorted.length);
        m.put("p50Ms", BenchRun.round(BenchRun.percentile(sorted, 0.50) / 1e6, 0));
        m.put("p95Ms", BenchRun.round(BenchRun.percentile(sorted, 0.95) / 1e6, 0));
        m.put("p99Ms", BenchRun.round(BenchRun.percentile(sorted, 0.99) / 1e6, 0));
        m.put("maxMs", BenchRun.round(sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, 0));
        m.put("cpuCores", BenchRun.round(usage.cores(), 2));
        m.put("jitShare", BenchRun.round(usage.jitShare(), 2));
        m.put("peakHeapMiB", usage.peakHeapBytes() >> 20);
        // a slow stretch, and what the process did meanwhile: when (the longest latency of the events
        // sent in each second of the phase), the collector's pauses, and where the stream threads' time went
        m.put("maxMsBySecondSent", maxBySecond);
        m.put("senderBehindMsBySecond", behindBySecond);
        m.put("coresByHalfSecond", usage.coresBySlice());
        m.put("gcPauseMsBySecond", pauseMsBySecond(start, usage.gcPauses()));
        final Map<String, Object> pauses = GcPauses.figures(usage.gcPauses());
        m.put("gcPauses", pauses);
        m.put("cpuSecondsByThreadGroup", usage.cpuByThreadGroup());
        m.put("streamThreadSeconds", threadsAfter.secondsSince(threadsBefore, usage.wallSeconds()));
        // EndTxn: the stream threads' commits (CommitWhenIdle adds some between the intervals at a paced load)
        m.put("brokerRequests", RecordsWritten.delta(requestsBefore, BrokerRequests.snapshot(pipeline.streams().clients())));
        m.put("dedupKeysOverTime", dedupSamples.stream().map(s -> List.of(s[0], s[1])).toList());
        run.progress().printf("bench: latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms over %,d new events; longest GC pause %s ms%n",
                BenchRun.percentile(sorted, 0.5) / 1e6, BenchRun.percentile(sorted, 0.95) / 1e6, BenchRun.percentile(sorted, 0.99) / 1e6, sorted.length,
                pauses.get("maxMs"));
        return m;
    }

    /** The collector's pause time in each second from {@code start}, by the second each pause ended in. */
    static List<Long> pauseMsBySecond(final long start, final List<GcPauses.Pause> pauses) {
        final List<Long> out = new ArrayList<>();
        for (final GcPauses.Pause p : pauses) {
            if (p.endNanos() - start < 0) {
                continue;
            }
            mergeAt(out, (int) ((p.endNanos() - start) / 1_000_000_000L), p.millis(), Long::sum);
        }
        return out;
    }

    /** Seconds of one paced warm-up slice ({@link #warmUp}). */
    static final int WARM_UP_SLICE_SECONDS = 5;
    /** Paced warm-up at most: the run must end under a load where the JIT never settles. */
    static final int MAX_WARM_UP_SLICES = 12;

    /**
     * Slices of {@value #WARM_UP_SLICE_SECONDS} s at {@code rate}, on the JIT's own pipeline, until the
     * compilers take at most a tenth of the CPU of a slice (at most {@value #MAX_WARM_UP_SLICES} slices).
     * A paced load runs other code than a backlog does: a transaction every commit interval on every
     * hop, each carrying a few reports. In the measured latency phase after rounds alone, the
     * compilers took 4.97-7.12 CPU-s of 31 s (broker: transaction coordinator, group coordinator's
     * offset replay; clients: produce and fetch), on a machine the pipeline kept 1.6 cores busy
     * (docs/PERFORMANCE.md, round 14). Returns the slices run and the last one's JIT share.
     */
    static Map<String, Object> warmUp(final BenchRun run, final double rate, final OutputMonitor monitor,
                                      final ResourceSampler sampler, final ReportValidator validator,
                                      final ReportPublisher publisher, final EmbeddedPipeline pipeline,
                                      final PipelineDrain drain) throws Exception {
        final Map<String, Object> out = new LinkedHashMap<>();
        final long start = System.nanoTime();
        run.progress().printf("bench: paced warm-up for the JIT: slices of %d s at %,.0f reports/s until the compilers settle …%n",
                WARM_UP_SLICE_SECONDS, rate);
        for (int i = 1; ; i++) {
            final Map<String, Object> slice = run(run, rate, monitor, sampler, validator, publisher, pipeline, drain,
                    WARM_UP_SLICE_SECONDS);
            final double jit = (double) slice.getOrDefault("jitShare", 0.0);
            out.put("pacedWarmUpSlices", i);
            out.put("pacedWarmUpPerSecond", BenchRun.round(rate, 0));
            out.put("pacedWarmUpSeconds", BenchRun.round(BenchRun.secondsSince(start, System.nanoTime()), 1));
            out.put("lastPacedWarmUpJitShare", jit);
            if (jit <= PipelinePhase.SETTLED_JIT_SHARE || i >= MAX_WARM_UP_SLICES || !Boolean.TRUE.equals(slice.get("complete"))) {
                return out;
            }
        }
    }

    /**
     * For each second of the phase (by intended send time, from {@code startNanos}), the longest of the
     * latencies of the events sent in it, in ms; 0 for a second with none. {@code latencies} is
     * unordered here: the i-th belongs to the i-th send time.
     */
    static List<Long> maxBySecond(final long startNanos, final long[] sentNanos, final long[] latencies) {
        final List<Long> out = new ArrayList<>();
        for (int i = 0; i < sentNanos.length; i++) {
            mergeAt(out, (int) Math.max(0, (sentNanos[i] - startNanos) / 1_000_000_000L), Math.round(latencies[i] / 1e6), Math::max);
        }
        return out;
    }

    /** Combines {@code value} into {@code perSecond[second]} with {@code how}, the seconds before it 0 until set. */
    private static void mergeAt(final List<Long> perSecond, final int second, final long value, final LongBinaryOperator how) {
        while (perSecond.size() <= second) {
            perSecond.add(0L);
        }
        perSecond.set(second, how.applyAsLong(perSecond.get(second), value));
    }
}
