package io.sitrep.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * CPU and heap of this JVM (broker, registry, streams, ingest and the benchmark's own clients all
 * live in it). CPU is the process CPU time; heap is sampled every 100 ms, so a peak shorter than
 * that can be missed. JIT time is the CPU time of the compiler threads (Linux: from /proc; elsewhere
 * the compilers' elapsed time, which overstates it on a busy machine): while it is a large part of
 * the CPU, the code measured is not yet the code that runs in a long-lived process.
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

    /** CPU and heap of one phase. */
    record Usage(double wallSeconds, double cpuSeconds, double jitSeconds, long peakHeapBytes) {
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

        Phase() {
            peakHeap.set(memory.getHeapMemoryUsage().getUsed());
        }

        Usage stop() {
            return new Usage((System.nanoTime() - startNanos) / 1e9, (os.getProcessCpuTime() - startCpu) / 1e9,
                    (jitMillis() - startJitMs) / 1e3, peakHeap.get());
        }
    }

    ResourceSampler() {
        timer.scheduleAtFixedRate(() -> {
            final long used = memory.getHeapMemoryUsage().getUsed();
            peakHeap.accumulateAndGet(used, Math::max);
            runPeakHeap.accumulateAndGet(used, Math::max);
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    private long jitMillis() {
        final Path tasks = Path.of("/proc/self/task");
        if (Files.isDirectory(tasks)) {
            long ticks = 0;
            try (Stream<Path> threads = Files.list(tasks)) {
                for (final Path t : (Iterable<Path>) threads::iterator) {
                    ticks += compilerTicks(t);
                }
                return ticks * 10; // USER_HZ = 100
            } catch (IOException | UncheckedIOException e) {
                // fall back to the MXBean below
            }
        }
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** User + system ticks of a thread when it is a JIT compiler thread ("C1/C2 CompilerThread…"), else 0. */
    private static long compilerTicks(final Path thread) {
        try {
            if (!Files.readString(thread.resolve("comm")).contains("CompilerThre")) {
                return 0;
            }
            final String stat = Files.readString(thread.resolve("stat"));
            // fields after the ")" that closes the thread name: state is field 3, utime 14, stime 15
            final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the thread ended meanwhile
        }
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
    }
}
