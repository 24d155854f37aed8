package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.schemas.TopicPlan;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sitrep streams} as operators run it, against an in-process broker and registry: its
 * probes answer, it becomes ready, and when its stream threads keep dying (here: its input
 * topic is deleted under it) Kafka Streams ends in ERROR and the command exits with
 * {@value StreamsCommand#EXIT_STREAMS_FAILED} instead of running on without processing.
 */
@Tag("integration")
@Timeout(240)
class StreamsProbesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    static final BrokerWithRegistry CLUSTER = new BrokerWithRegistry();
    @TempDir
    static Path dir;

    @Test
    void shouldServeProbesBecomeReadyAndExitNonZeroWhenKafkaStreamsFails() throws Exception {
        final int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(new SitrepCommand()).execute(
                "streams", "--bootstrap-servers=" + CLUSTER.bootstrapServers(), "--schema-registry-url=" + CLUSTER.registryUrl(),
                "--application-id=sitrep-probes-it", "--state-dir=" + dir.resolve("state"), "--http-port=" + port,
                "--partitions=1", "--replication-factor=1",
                // one thread, so that the deleted input topic kills the instance's only consumer (with one
                // thread per core, the default, the run to ERROR took longer than the test waits on a loaded machine)
                "--threads=1",
                // a dead thread stays a group member until its session times out (45 s by default):
                // the broker's minimum keeps the four deaths to ERROR within seconds
                "--kafka-property=consumer.session.timeout.ms=6000"));

        final HttpResponse<String> alive = await(port, "/healthz", r -> r.statusCode() == 200, exit);
        assertThat(JSON.readTree(alive.body()).path("status").asText()).isEqualTo("ok");
        final HttpResponse<String> ready = await(port, "/readyz", r -> r.statusCode() == 200, exit);
        final JsonNode checks = JSON.readTree(ready.body()).path("checks");
        assertThat(checks.findValuesAsText("name")).containsExactly("kafka", "streams", "schemaRegistry");
        assertThat(checks.get(1).path("detail").asText()).isEqualTo("state RUNNING");
        assertThat(checks.get(2).path("required").asBoolean()).isFalse();
        assertThat(await(port, "/metrics", r -> r.body().contains("sitrep_streams_restore_remaining_records"), exit).statusCode())
                .isEqualTo(200);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers()))) {
            admin.deleteTopics(List.of(TopicPlan.pipelineTopics(1, (short) 1).get(0).name())).all().get(30, TimeUnit.SECONDS);
        }
        assertThat(exit.get(180, TimeUnit.SECONDS)).isEqualTo(StreamsCommand.EXIT_STREAMS_FAILED);
    }

    /** Polls until {@code done} holds, failing early if the command ended. */
    private static HttpResponse<String> await(final int port, final String path, final Predicate<HttpResponse<String>> done,
                                              final CompletableFuture<Integer> command) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            assertThat(command.isDone()).as("sitrep streams ended early: " + (command.isDone() ? command.join() : "")).isFalse();
            try {
                last = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (done.test(last)) {
                    return last;
                }
            } catch (ConnectException notYetListening) {
                // the port opens a moment after the command starts
            } catch (IOException e) {
                last = null;
            }
            try {
                command.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                // expected: poll again
            }
        }
        throw new AssertionError(path + " never satisfied the condition; last answer: " + (last == null ? "none" : last.body()));
    }
}
