package io.sitrep.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.app.SitrepCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sitrep bench} end to end, small and without the JIT's pipelines: every phase but the
 * process comparison runs, on its own embedded broker, in a JVM of its own (the bench counts every
 * ERROR line its JVM logs, and fails on one; this test JVM's other tests must not count). Checks
 * that the run completes with exact counts and no ERROR line, and that its figures are there and
 * consistent, not how fast it was: timing belongs to the benchmark itself.
 */
@Tag("integration")
@Timeout(300)
class BenchSmokeIT {
    @TempDir
    Path dir;

    @Test
    void shouldRunEveryPhaseWithExactCountsAndPrintItsFigures() throws Exception {
        final Path out = dir.resolve("bench.out");
        final Path err = dir.resolve("bench.err");
        final List<String> command = List.of(javaBinary(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                SitrepCommand.class.getName(), "bench", "--json", "--reports", "400", "--http-reports", "100",
                "--latency-seconds", "3", "--rate", "40", "--threads", "2", "--scaling-threads", "1",
                "--scaling-processes", "0", "--jit-warm-up-pipelines", "0", "--data-dir", dir.resolve("data").toString());
        final Process bench = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!bench.waitFor(270, TimeUnit.SECONDS)) {
            bench.destroyForcibly();
        }
        final String log = Files.readString(err, StandardCharsets.UTF_8);
        final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(bench.isAlive()).as("bench still running after 270 s; its log:%n%s", log).isFalse();
        assertThat(bench.exitValue()).as("exit code; stdout %s%nlog:%n%s", lines, log).isZero();

        // one line of JSON, then the key=value line
        assertThat(lines).hasSize(2);
        final JsonNode json = new ObjectMapper().readTree(lines.get(0));
        final Map<String, String> kv = keyValues(lines.get(1));
        assertThat(kv.get("exact")).isEqualTo("true");
        assertThat(kv.get("error_lines")).isEqualTo("0");
        assertThat(kv.get("reports")).isEqualTo("400");
        assertThat(kv.get("threads")).isEqualTo("2");
        assertThat(kv.get("scaling_threads")).isEqualTo("1");
        for (final String rate : List.of("raw_rps", "pipeline_rps", "http_rps", "scaling_rps", "offered_rps")) {
            assertThat(Double.parseDouble(kv.get(rate))).as(rate).isPositive();
        }
        assertThat(Double.parseDouble(kv.get("p50_ms"))).isPositive().isLessThanOrEqualTo(Double.parseDouble(kv.get("p99_ms")));
        // the line's figures are the JSON's
        assertThat(Double.parseDouble(kv.get("pipeline_rps"))).isEqualTo(json.at("/pipelineKafka/endToEndPerSecond").asDouble());
        assertThat(Double.parseDouble(kv.get("speedup"))).isEqualTo(json.at("/scaling/speedupOfMain").asDouble());
        // the process's CPU per report of the main phase, and the host's speed measured after the pipelines
        assertThat(Double.parseDouble(kv.get("cpu_ms_per_report"))).isPositive()
                .isEqualTo(json.at("/pipelineKafka/cpuMsPerReport").asDouble());
        assertThat(Double.parseDouble(kv.get("host_us_per_report"))).isPositive()
                .isEqualTo(json.at("/hostCalibration/microsPerReport").asDouble())
                .isGreaterThanOrEqualTo(json.at("/hostCalibration/bestMicrosPerReport").asDouble());
        assertThat(json.at("/hostCalibration/reports").asInt()).isEqualTo(HostCalibration.REPORTS);
        assertThat(Double.parseDouble(kv.get("host_ns_per_read"))).isPositive()
                .isEqualTo(json.at("/hostCalibration/nanosPerMemoryRead").asDouble());
        assertThat(Double.parseDouble(kv.get("host_two_thread_factor"))).isPositive()
                .isEqualTo(json.at("/hostCalibration/twoThreadFactor").asDouble());
        // a report is written at least twice (raw and unique); the one-thread phase kept some core busy
        assertThat(Double.parseDouble(kv.get("records_per_report"))).isGreaterThan(2);
        final double oneThreadCores = json.at("/scaling/cpuCores").asDouble();
        assertThat(oneThreadCores).isPositive();
        assertThat(Double.parseDouble(kv.get("speedup_ceiling")))
                .isEqualTo(BenchRun.speedupCeiling(json.at("/machine/cpus").asInt(), oneThreadCores, 2, 1));
        // every phase of the pipeline reached its exact totals, nothing was refused
        for (final String phase : List.of("/pipelineKafka", "/pipelineHttp", "/scaling")) {
            assertThat(json.at(phase + "/complete").asBoolean()).as(phase).isTrue();
            assertThat(json.at(phase + "/refused").asLong()).as(phase).isZero();
        }
        // the thread comparison sent phase 3's reports: as many new incidents, and as many unique reports
        assertThat(json.at("/scaling/incidents").asLong()).isEqualTo(json.at("/pipelineKafka/incidents").asLong());
        final long unique = json.at("/pipelineKafka/recordsWritten/sitrep.reports.unique").asLong();
        assertThat(unique).isPositive();
        assertThat(json.at("/scaling/recordsWritten/sitrep.reports.unique").asLong()).isEqualTo(unique);
        assertThat(json.at("/settings/jitWarmUpPipelines").asInt()).isZero();
        assertThat(json.has("jitWarmUp")).isFalse();
    }

    private static Map<String, String> keyValues(final String line) {
        final Map<String, String> m = new HashMap<>();
        Arrays.stream(line.trim().split(" ")).map(p -> p.split("=", 2)).forEach(p -> m.put(p[0], p.length > 1 ? p[1] : ""));
        return m;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
