package io.sitrep.ingest.cli;

import static io.sitrep.ingest.support.ReportJson.aReport;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class LoadResumeTest {

    /** Records line numbers; fails the lines listed in {@code failing}. */
    private static final class FakeSink implements LineSink {
        private final List<Integer> seen = new ArrayList<>();
        private final List<Integer> failing;

        FakeSink(final List<Integer> failing) {
            this.failing = failing;
        }

        @Override
        public CompletableFuture<LineResult> submit(final String source, final int lineNumber, final byte[] bytes,
                final boolean truncated) {
            seen.add(lineNumber);
            return CompletableFuture.completedFuture(failing.contains(lineNumber)
                    ? LineResult.failed("PUBLISH_FAILED", "broker down") : LineResult.STORED);
        }
    }

    @Test
    void shouldResumeAtFirstFailedLineWhenLoadIsRunAgainFromCheckpoint(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("reports.jsonl");
        final StringBuilder jsonl = new StringBuilder("# comment\n");
        for (int i = 0; i < 6; i++) {
            jsonl.append(aReport().with("scraperReportId", "r" + i).json()).append(i == 2 ? "\r\n\n" : "\n");
        }
        Files.writeString(file, jsonl, StandardCharsets.UTF_8);
        final long size = Files.size(file);
        final AtomicReference<LoadCheckpoint> last = new AtomicReference<>();

        final FakeSink firstSink = new FakeSink(List.of(6));
        final LoadSummary first;
        try (InputStream in = Files.newInputStream(file)) {
            first = new JsonlLoader(firstSink, 10, 1 << 20, Duration.ofSeconds(5)).load(in, "reports.jsonl", LoadProgress.NONE,
                    new LoadCheckpoint(1, 0, size), last::set);
        }

        assertThat(first.failed()).isEqualTo(1);
        assertThat(last.get().nextLine()).as("line 6 failed; blank line 5 does not matter").isEqualTo(6);
        last.get().write(LoadCheckpoint.fileFor(file));
        final LoadCheckpoint resumeAt = LoadCheckpoint.read(LoadCheckpoint.fileFor(file)).orElseThrow();
        assertThat(resumeAt).isEqualTo(last.get());

        final FakeSink secondSink = new FakeSink(List.of());
        final LoadSummary second;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(resumeAt.offset());
            second = new JsonlLoader(secondSink, 10, 1 << 20, Duration.ofSeconds(5)).load(in, "reports.jsonl", LoadProgress.NONE,
                    resumeAt, last::set);
        }

        assertThat(secondSink.seen).containsExactly(6, 7, 8);
        assertThat(second.clean()).isTrue();
        assertThat(last.get()).isEqualTo(new LoadCheckpoint(9, size, size));
    }
}
