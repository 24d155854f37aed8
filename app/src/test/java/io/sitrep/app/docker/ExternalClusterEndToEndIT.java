package io.sitrep.app.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.app.Closing;
import io.sitrep.app.EndToEndScenarios;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end assertions of {@code PipelineEndToEndIT}, but with the roles deployed the way
 * docker-compose.yml and deploy/k8s deploy them: {@code sitrep topics create} and
 * {@code sitrep schemas register} as the init step, then {@code sitrep streams} and
 * {@code sitrep ingest} as separate roles against an external cluster, every setting given as a
 * {@code SITREP_*} variable. The cluster comes from {@link ClusterProvider}: the in-process
 * broker by default, Kafka and Schema Registry containers with
 * {@code -Dsitrep.it.cluster=testcontainers} (skipped, with the reason, where Docker is absent).
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(ClusterAvailable.class)
class ExternalClusterEndToEndIT implements EndToEndScenarios.AsTests {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String APPLICATION_ID = "e2e-external-" + System.nanoTime();

    @TempDir
    static Path dataDir;
    private static ClusterProvider cluster;
    private static RunningRole streams;
    private static RunningRole ingest;

    @BeforeAll
    static void deploy() throws Exception {
        cluster = ClusterProvider.start(dataDir);
        final Map<String, String> shared = Map.of(
                "SITREP_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "SITREP_SCHEMA_REGISTRY_URL", cluster.schemaRegistryUrl(),
                "SITREP_HTTP_PORT", "0",
                "SITREP_KAFKA_CLIENT_DNS_LOOKUP", "use_all_dns_ips");

        final Map<String, String> init = with(shared, "SITREP_PARTITIONS", "2", "SITREP_REPLICATION_FACTOR", "1");
        final RunningRole.Result topics = RunningRole.run(init, "topics", "create");
        assertThat(topics.exitCode()).as(topics.output()).isZero();
        final RunningRole.Result schemas = RunningRole.run(init, "schemas", "register");
        assertThat(schemas.exitCode()).as(schemas.output()).isZero();

        streams = RunningRole.start("streams", with(shared,
                "SITREP_APPLICATION_ID", APPLICATION_ID,
                "SITREP_STATE_DIR", dataDir.resolve("streams").toString(),
                "SITREP_REPLICATION_FACTOR", "1",
                "SITREP_KAFKA_COMMIT_INTERVAL_MS", "200"), Duration.ofMinutes(3), "streams");
        ingest = RunningRole.start("ingest", with(shared, "SITREP_NO_AUTH", "true"), Duration.ofMinutes(1), "ingest");
    }

    @AfterAll
    static void undeploy() throws Exception {
        Closing.closeAll(ingest, streams, cluster);
    }

    private static Map<String, String> with(final Map<String, String> base, final String... pairs) {
        final Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void shouldServeReadinessFromEveryRoleAgainstTheExternalCluster() throws Exception {
        for (final RunningRole role : List.of(streams, ingest)) {
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            HttpResponse<String> ready;
            do {
                ready = HTTP.send(HttpRequest.newBuilder(URI.create(role.baseUrl() + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } while (ready.statusCode() != 200 && System.nanoTime() < deadline);
            assertThat(ready.statusCode()).as(role + " /readyz on " + cluster.description() + ": " + ready.body()).isEqualTo(200);
        }
    }

    @Override
    public EndToEndScenarios.Target target() {
        return new EndToEndScenarios.Target(ingest.baseUrl(), cluster.bootstrapServers(), cluster.schemaRegistryUrl(),
                APPLICATION_ID, cluster.description());
    }
}
