package io.sitrep.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadCpuTest {

    @Test
    void shouldCountTheKernelTimeOfAThreadAsPartOfItsCpuTime(@TempDir final Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");
        final Map<String, ThreadCpu.Ticks> before = ThreadCpu.sample();
        // system calls until the kernel has counted some ticks of them: about 0.1 s of CPU
        final byte[] block = new byte[64 * 1024];
        final Path file = dir.resolve("io");
        final long start = System.nanoTime();
        while (ThreadCpu.kernelSeconds(before, ThreadCpu.sample()).values().stream().mapToDouble(Double::doubleValue).sum() < 0.05
                && System.nanoTime() - start < 30_000_000_000L) {
            for (int i = 0; i < 200; i++) {
                Files.write(file, block);
            }
        }
        final Map<String, ThreadCpu.Ticks> after = ThreadCpu.sample();

        final Map<String, Double> total = ThreadCpu.bySeconds(before, after);
        final Map<String, Double> kernel = ThreadCpu.kernelSeconds(before, after);
        assertThat(kernel.values().stream().mapToDouble(Double::doubleValue).sum()).isGreaterThanOrEqualTo(0.05);
        kernel.forEach((group, seconds) -> assertThat(seconds).as(group).isBetween(0.0, total.get(group)));
    }
}
