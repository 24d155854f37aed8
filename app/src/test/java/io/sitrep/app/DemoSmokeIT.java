package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sitrep demo --exit-when-done}, in-process on free ports: the sample corpus must produce the expected table. */
@Tag("integration")
@Timeout(300)
class DemoSmokeIT {
    @TempDir
    Path dataDir;

    @Test
    void shouldExitZeroWithExpectedCountsWhenSampleCorpusIsDone() {
        final StringWriter out = new StringWriter();
        final CommandLine cli = new CommandLine(new SitrepCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));

        final int exit = cli.execute("demo", "--kafka-port=0", "--registry-port=0", "--http-port=0",
                "--data-dir=" + dataDir, "--exit-when-done", "--timeout=PT2M");

        // decided on figures read again after every topic of the application was consumed, not at
        // the first moment the totals looked right
        assertThat(out.toString()).contains("counts match the expected table")
                .contains("read again after every topic of the application was consumed")
                .contains("records not yet consumed on all its topics: 0");
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("AF-KHO").contains("2 refused (400)");
        // the corpus holds 4 scraper resends and 3 syndicated wire copies (sample/README.md): ingest
        // answers a resend with the original's id and offset without writing it again, so dedup
        // sees, and drops, exactly the 3 syndicated copies
        assertThat(out.toString()).contains("3 copies dropped by dedup");
    }
}
