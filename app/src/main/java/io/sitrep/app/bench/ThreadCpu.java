package io.sitrep.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of every thread of this process, from {@code /proc/self/task} (Linux; empty elsewhere).
 * Unlike the JMX thread bean it also sees the JIT compilers, the garbage collector and native
 * threads such as RocksDB's: in a short run the compilers alone can take 40 % of the process CPU,
 * and a benchmark must say so.
 */
public final class ThreadCpu {
    /**
     * One thread: its name (as the kernel keeps it, at most 15 characters), its CPU in clock ticks,
     * and the part of it spent in the kernel (system calls: socket and file I/O, page faults).
     */
    public record Ticks(String name, long ticks, long kernelTicks) {
    }

    /** USER_HZ: the kernel counts thread CPU in hundredths of a second. */
    private static final double TICKS_PER_SECOND = 100;

    private ThreadCpu() {
    }

    /** Every live thread of this process by task id; empty where {@code /proc} is absent. */
    public static Map<String, Ticks> sample() {
        return sample(Path.of("/proc/self/task"));
    }

    /** Every live thread of another process (an instance the benchmark started) by task id. */
    static Map<String, Ticks> sample(final long pid) {
        return sample(Path.of("/proc", Long.toString(pid), "task"));
    }

    private static Map<String, Ticks> sample(final Path tasks) {
        final Map<String, Ticks> out = new HashMap<>();
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(t -> read(t).ifPresent(ticks -> out.put(t.getFileName().toString(), ticks)));
        } catch (IOException | UncheckedIOException e) {
            // the process is ending: report what was read
        }
        return out;
    }

    /** Seconds of CPU the JIT compiler threads ("C1/C2 CompilerThread…") used between two samples. */
    public static double compilerSeconds(final Map<String, Ticks> before, final Map<String, Ticks> after) {
        return bySeconds(before, after).entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /**
     * Where the CPU went between two samples: threads grouped by name with digits replaced by
     * {@code #} (the broker's request handlers, the garbage collector, the compilers, a client's
     * I/O thread), seconds per group.
     */
    public static Map<String, Double> bySeconds(final Map<String, Ticks> before, final Map<String, Ticks> after) {
        return bySeconds(before, after, false);
    }

    /** As {@link #bySeconds(Map, Map)}, counting only the time spent in the kernel. */
    public static Map<String, Double> kernelSeconds(final Map<String, Ticks> before, final Map<String, Ticks> after) {
        return bySeconds(before, after, true);
    }

    private static Map<String, Double> bySeconds(final Map<String, Ticks> before, final Map<String, Ticks> after,
                                                 final boolean kernelOnly) {
        final Map<String, Double> groups = new HashMap<>();
        after.forEach((task, now) -> {
            final Ticks then = before.get(task);
            final long used = kernelOnly ? now.kernelTicks() - (then == null ? 0 : then.kernelTicks())
                    : now.ticks() - (then == null ? 0 : then.ticks());
            groups.merge(now.name().replaceAll("[0-9]+", "#"), used / TICKS_PER_SECOND, Double::sum);
        });
        return groups;
    }

    private static java.util.Optional<Ticks> read(final Path thread) {
        try {
            final String stat = Files.readString(thread.resolve("stat"));
            final int nameEnd = stat.lastIndexOf(')');
            // after the ")" that closes the name: state is field 3, utime field 14, stime field 15
            final String[] f = stat.substring(nameEnd + 2).split(" ");
            return java.util.Optional.of(new Ticks(stat.substring(stat.indexOf('(') + 1, nameEnd),
                    Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[12])));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty(); // the thread ended meanwhile
        }
    }
}
