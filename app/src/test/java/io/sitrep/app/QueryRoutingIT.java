package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.schemas.TopicPlan;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Streams instances of two threads (so two clients each, sharing the instance's query
 * address) share the pipeline (4 partitions); the query API of either one answers every region,
 * forwarding to the instance that owns it, and the figures equal the sample corpus's expected table.
 */
@Tag("integration")
@Timeout(240)
class QueryRoutingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final BrokerWithRegistry CLUSTER = new BrokerWithRegistry();
    @TempDir
    static Path dir;
    private static final Map<String, HttpFront> fronts = new TreeMap<>();
    private static final Map<String, StreamsRunner> instances = new TreeMap<>();
    private static IngestService ingest;

    @BeforeAll
    static void start() throws Exception {
        final TopicSpecs topics = TopicSpecs.create(new HttpSchemaRegistryClient(CLUSTER.registryUrl()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers()))) {
            TopicPlan.ensure(admin, TopicPlan.pipelineTopics(4, (short) 1), Duration.ofSeconds(30));
        }
        final Gazetteer gazetteer = Gazetteer.loadDefault();
        for (String name : List.of("a", "b")) {
            final HttpFront http = HttpFront.bind(0);
            final StreamsRunner streams = new StreamsRunner(new StreamsSettings(CLUSTER.bootstrapServers(), "sitrep-routing-it",
                    dir.resolve(name), StreamsSettings.DEFAULT_DEDUP_HORIZON, 2, Map.of(), "localhost:" + http.port()),
                    topics, gazetteer);
            QueryService.mountOn(http, streams);
            fronts.put(name, http);
            instances.put(name, streams);
            streams.start();
            http.start();
        }
        ingest = IngestService.create(CLUSTER.bootstrapServers(), topics, gazetteer::isKnownCode, Map.of(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        ingest.mountOn(fronts.get("a"));
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        instances.values().forEach(StreamsRunner::close);
        fronts.values().forEach(HttpFront::close);
    }

    private static HttpResponse<String> get(final String instance, final String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fronts.get(instance).baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerEveryRegionFromEitherInstance() throws Exception {
        for (String line : SampleCorpus.reportLines()) {
            HTTP.send(HttpRequest.newBuilder(URI.create(fronts.get("a").baseUrl() + "/v1/reports"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(line)).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        final Map<String, Long> expected = SampleCorpus.expectedEvents();

        // both instances list every region with the expected totals (each list is gathered from both)
        final long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        Map<String, Map<String, Long>> seen = Map.of();
        while (System.nanoTime() < deadline) {
            seen = Map.of("a", totals("a"), "b", totals("b"));
            if (seen.get("a").equals(expected) && seen.get("b").equals(expected) && allRunning()) {
                break;
            }
        }
        assertThat(seen.get("a")).isEqualTo(expected);
        assertThat(seen.get("b")).isEqualTo(expected);

        // every single region, from either instance; some answers must have come from the other one
        final Set<String> servedElsewhere = new HashSet<>();
        for (String code : expected.keySet()) {
            for (String instance : fronts.keySet()) {
                final HttpResponse<String> region = get(instance, "/v1/regions/" + code);
                assertThat(region.statusCode()).as(code + " from " + instance + ": " + region.body()).isEqualTo(200);
                final JsonNode body = JSON.readTree(region.body());
                assertThat(body.path("totalEvents").asLong()).isEqualTo(expected.get(code));
                assertThat(body.path("days")).hasSize(90);
                region.headers().firstValue("X-Sitrep-Served-By").ifPresent(by -> servedElsewhere.add(instance + "->" + by));

                final JsonNode events = JSON.readTree(get(instance, "/v1/regions/" + code + "/events").body());
                assertThat(events.path("count").asLong()).isEqualTo(expected.get(code));
                assertThat(events.path("events").get(0).path("evidence").asText()).isNotBlank();
            }
        }
        assertThat(servedElsewhere).as("requests forwarded to the owning instance").isNotEmpty();
    }

    private static boolean allRunning() {
        return instances.values().stream().allMatch(i -> i.state() == KafkaStreams.State.RUNNING);
    }

    private static Map<String, Long> totals(final String instance) throws Exception {
        final HttpResponse<String> response = get(instance, "/v1/regions");
        final Map<String, Long> totals = new HashMap<>();
        if (response.statusCode() == 200) {
            for (JsonNode r : JSON.readTree(response.body()).path("regions")) {
                if (r.path("totalEvents").asLong() > 0) {
                    totals.put(r.path("regionCode").asText(), r.path("totalEvents").asLong());
                }
            }
        }
        return new TreeMap<>(totals);
    }
}
