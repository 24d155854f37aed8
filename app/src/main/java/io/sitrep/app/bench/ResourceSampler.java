package io.sitrep.app.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU and heap of this JVM (broker, registry, streams, ingest and the benchmark's own clients all
 * live in it). CPU is the process CPU time; heap is sampled every 100 ms, so a peak shorter than
 * that can be missed. JIT time is the CPU time of the compiler threads (Linux: from /proc; elsewhere
 * the compilers' elapsed time, which overstates it on a busy machine): while it is a large part of
 * the CPU, the code measured is not yet the code that runs in a long-lived process. The garbage
 * collector's pauses in a phase come from {@link GcPauses}.
 */
final class ResourceSampler implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "sitrep-bench-sampler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong runPeakHeap = new AtomicLong();
    private final GcPauses gcPauses = new GcPauses();
    /** The process CPU time at each tick of the sampler over the last {@link #TICKS_KEPT_NANOS} (nanoTime, CPU nanoseconds). */
    private final ConcurrentLinkedQueue<long[]> cpuTicks = new ConcurrentLinkedQueue<>();
    /** Longer than any phase (the phase timeout's default is 5 minutes), so phases can overlap and still read theirs. */
    private static final long TICKS_KEPT_NANOS = TimeUnit.MINUTES.toNanos(15);

    /** Width of a slice of {@link Usage#coresBySlice}. */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** CPU and heap of one phase. */
    record Usage(double wallSeconds, double cpuSeconds, double jitSeconds, long peakHeapBytes, Map<String, Double> cpuByThreadGroup,
                 Map<String, Double> kernelCpuByThreadGroup, List<GcPauses.Pause> gcPauses, List<Double> coresBySlice) {
        double cores() {
            return wallSeconds <= 0 ? 0 : cpuSeconds / wallSeconds;
        }

        /** Share of the process CPU the JIT compilers took. */
        double jitShare() {
            return cpuSeconds <= 0 ? 0 : Math.min(1, jitSeconds / cpuSeconds);
        }
    }

    /** A running measurement; {@link #stop()} ends it. */
    final class Phase {
        private final long startNanos = System.nanoTime();
        private final long startCpu = os.getProcessCpuTime();
        private final long startJitMs = jitMillis();
        private final Map<String, ThreadCpu.Ticks> startThreads = ThreadCpu.sample();

        Phase() {
            peakHeap.set(memory.getHeapMemoryUsage().getUsed());
        }

        Usage stop() {
            final Map<String, ThreadCpu.Ticks> now = ThreadCpu.sample();
            final Map<String, Double> groups = largestGroups(ThreadCpu.bySeconds(startThreads, now));
            final Map<String, Double> kernel = ThreadCpu.kernelSeconds(startThreads, now);
            final Map<String, Double> kernelOfGroups = new java.util.LinkedHashMap<>();
            groups.keySet().forEach(g -> kernelOfGroups.put(g, Math.round(kernel.getOrDefault(g, 0.0) * 100) / 100.0));
            final long stopNanos = System.nanoTime();
            final long stopCpu = os.getProcessCpuTime();
            // the phase's own readings at its start and stop, the sampler's ticks between them
            final List<long[]> ticks = new ArrayList<>();
            ticks.add(new long[] {startNanos, startCpu});
            cpuTicks.stream().filter(t -> t[0] > startNanos && t[0] < stopNanos).forEach(ticks::add);
            ticks.add(new long[] {stopNanos, stopCpu});
            return new Usage((stopNanos - startNanos) / 1e9, (stopCpu - startCpu) / 1e9,
                    (jitMillis() - startJitMs) / 1e3, peakHeap.get(), groups, kernelOfGroups, gcPauses.between(startNanos, stopNanos),
                    coresBySlice(ticks, SLICE_NANOS));
        }
    }

    /**
     * Cores busy in each slice of {@code sliceNanos} from the first tick ({nanoTime, process CPU
     * nanoseconds}, in time order), each tick's CPU spread evenly over the time since the one
     * before; the last slice may be shorter. Shows how a phase fills the machine: a pipeline
     * starting to fill, a backlog in full flow, the last records draining through its hops.
     */
    static List<Double> coresBySlice(final List<long[]> ticks, final long sliceNanos) {
        final List<Double> out = new ArrayList<>();
        if (ticks.size() < 2) {
            return out;
        }
        final long start = ticks.get(0)[0];
        final long end = ticks.get(ticks.size() - 1)[0];
        final double[] cpu = new double[(int) Math.max(1, (end - start + sliceNanos - 1) / sliceNanos)];
        for (int i = 1; i < ticks.size(); i++) {
            final long from = ticks.get(i - 1)[0];
            final long to = ticks.get(i)[0];
            if (to <= from) {
                continue;
            }
            final double perNano = (double) (ticks.get(i)[1] - ticks.get(i - 1)[1]) / (to - from);
            for (long t = from; t < to; ) {
                final int slice = (int) ((t - start) / sliceNanos);
                final long upTo = Math.min(to, start + (slice + 1) * sliceNanos);
                cpu[slice] += perNano * (upTo - t);
                t = upTo;
            }
        }
        for (int k = 0; k < cpu.length; k++) {
            final long width = Math.min(sliceNanos, end - (start + k * sliceNanos));
            out.add(width <= 0 ? 0.0 : Math.round(cpu[k] / width * 100) / 100.0);
        }
        return out;
    }

    /** Thread groups that took at least 2 % of the phase's thread CPU, largest first (rounded to 0.01 s). */
    private static Map<String, Double> largestGroups(final Map<String, Double> groups) {
        final double total = groups.values().stream().mapToDouble(Double::doubleValue).sum();
        final Map<String, Double> out = new java.util.LinkedHashMap<>();
        groups.entrySet().stream().filter(e -> e.getValue() >= 0.02 * total)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
        return out;
    }

    ResourceSampler() {
        timer.scheduleAtFixedRate(() -> {
            final long used = memory.getHeapMemoryUsage().getUsed();
            peakHeap.accumulateAndGet(used, Math::max);
            runPeakHeap.accumulateAndGet(used, Math::max);
            final long now = System.nanoTime();
            cpuTicks.add(new long[] {now, os.getProcessCpuTime()});
            while (now - cpuTicks.peek()[0] > TICKS_KEPT_NANOS) {
                cpuTicks.poll();
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    private long jitMillis() {
        final Map<String, ThreadCpu.Ticks> threads = ThreadCpu.sample();
        if (!threads.isEmpty()) {
            return Math.round(ThreadCpu.compilerSeconds(Map.of(), threads) * 1e3);
        }
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    Phase start() {
        return new Phase();
    }

    long runPeakHeapBytes() {
        return runPeakHeap.get();
    }

    static long maxHeapBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        gcPauses.close();
    }
}
