package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped log4j2.xml, in a child JVM (the variable is read from the real environment): the
 * text pattern has an ISO-8601 time with its UTC offset and the thread; {@code
 * SITREP_LOG_FORMAT=json} prints one JSON object (ECS) per line, exceptions included.
 */
class LogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONFIG = Path.of("target", "classes", "log4j2.xml");

    /** What the child JVM logs. */
    public static final class Emit {
        private static final Logger log = LoggerFactory.getLogger("io.sitrep.app.LogFormatTest");

        public static void main(final String[] args) {
            log.info("stage {} started", "dedup");
            log.warn("could not reach the registry", new IllegalStateException("connection refused"));
        }
    }

    @Test
    void shouldPrintIsoTimeWithOffsetAndThreadInTheTextPattern() throws Exception {
        final List<String> lines = run(Map.of("TZ", "Asia/Kabul"));
        assertThat(lines.get(0)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+04:30 INFO  \\[main\\] "
                + "LogFormatTest - stage dedup started");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("IllegalStateException: connection refused"));
    }

    @Test
    void shouldPrintOneJsonObjectPerLineWhenAskedForJson() throws Exception {
        final List<String> lines = run(Map.of("SITREP_LOG_FORMAT", "json", "TZ", "Asia/Kabul"));
        assertThat(lines).hasSize(2);
        final JsonNode info = JSON.readTree(lines.get(0));
        assertThat(info.path("@timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(info.path("log.level").asText()).isEqualTo("INFO");
        assertThat(info.path("message").asText()).isEqualTo("stage dedup started");
        assertThat(info.path("process.thread.name").asText()).isEqualTo("main");
        assertThat(info.path("log.logger").asText()).isEqualTo("io.sitrep.app.LogFormatTest");
        final JsonNode warn = JSON.readTree(lines.get(1));
        assertThat(warn.path("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(warn.path("error.stack_trace").asText()).contains("LogFormatTest$Emit.main");
    }

    private static List<String> run(final Map<String, String> env) throws IOException, InterruptedException {
        final String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "-Dlog4j2.configurationFile=" + CONFIG.toAbsolutePath(), Emit.class.getName());
        pb.environment().remove("SITREP_LOG_FORMAT");
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        final Process process = pb.start();
        final String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(stderr).isZero();
        return stderr.lines().filter(l -> !l.isBlank()).toList();
    }
}
