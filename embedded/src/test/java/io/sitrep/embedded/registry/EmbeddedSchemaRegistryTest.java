package io.sitrep.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.embedded.PortInUseException;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.registry.RegisteredSchema;
import io.sitrep.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedded registry over HTTP, through the production client, on one broker for the class. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedSchemaRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RegistryTestCluster CLUSTER = new RegistryTestCluster();
    private static EmbeddedSchemaRegistry registry;

    private HttpSchemaRegistryClient client;
    private String subject;
    private String recordName;

    @BeforeAll
    static void startBrokerAndRegistry() {
        registry = CLUSTER.registry();
    }

    @BeforeEach
    void newClientAndNames(final TestInfo info) {
        client = new HttpSchemaRegistryClient(registry.url());
        final String test = info.getTestMethod().orElseThrow().getName();
        subject = test + "-value";
        recordName = "R_" + test;
    }

    @Test
    void shouldReturnSameIdWhenSameSchemaRegisteredTwice() {
        final Schema schema = record(recordName, "a");
        final int first = client.register(subject, schema);
        // a fresh client has no cache: the registry itself must answer the same id
        final int second = new HttpSchemaRegistryClient(registry.url()).register(subject, schema);

        assertThat(second).isEqualTo(first);
        assertThat(client.latest(subject).version()).isEqualTo(1);
    }

    @Test
    void shouldReuseGlobalIdWhenSameSchemaRegisteredUnderTwoSubjects() {
        final Schema schema = record(recordName, "a");
        final int id = client.register(subject, schema);
        final int other = client.register(subject + "-copy", schema);

        assertThat(other).isEqualTo(id);
        assertThat(client.latest(subject + "-copy")).isEqualTo(new RegisteredSchema(subject + "-copy", 1, id, schema));
    }

    @Test
    void shouldTreatSchemasAsSameWhenOnlyWhitespaceDiffers() throws Exception {
        final Schema schema = record(recordName, "a");
        final int id = client.register(subject, schema);
        final String pretty = JSON.readTree(schema.toString()).toPrettyString();
        assertThat(pretty).isNotEqualTo(schema.toString());

        final JsonNode answer = body(post("/subjects/" + subject + "/versions", Map.of("schema", pretty)));

        assertThat(answer.get("id").asInt()).isEqualTo(id);
    }

    @Test
    void shouldNumberVersionsWhenSubjectEvolves() throws Exception {
        final Schema v1 = record(recordName, "a");
        final Schema v2 = record(recordName, "a", "b");
        final int id1 = client.register(subject, v1);
        final int id2 = client.register(subject, v2);

        assertThat(id2).isNotEqualTo(id1);
        assertThat(client.latest(subject)).isEqualTo(new RegisteredSchema(subject, 2, id2, v2));
        assertThat(body(get("/subjects/" + subject + "/versions")).toString()).isEqualTo("[1,2]");
        assertThat(body(get("/subjects/" + subject + "/versions/1")).get("id").asInt()).isEqualTo(id1);
        assertThat(body(get("/subjects/" + subject + "/versions/-1")).get("version").asInt()).isEqualTo(2);
        assertThat(body(get("/subjects")).toString()).contains("\"" + subject + "\"");
    }

    @Test
    void shouldReturnEqualSchemaWhenFetchedById() {
        final Schema schema = record(recordName, "a", "b");
        final int id = client.register(subject, schema);

        assertThat(new HttpSchemaRegistryClient(registry.url()).getById(id)).isEqualTo(schema);
    }

    @Test
    void shouldFindVersionWhenLookingUpRegisteredSchema() throws Exception {
        final Schema schema = record(recordName, "a");
        final int id = client.register(subject, schema);

        final JsonNode found = body(post("/subjects/" + subject, Map.of("schema", schema.toString())));
        final HttpResponse<String> missing = post("/subjects/" + subject, Map.of("schema", record(recordName, "zz").toString()));

        assertThat(found.get("id").asInt()).isEqualTo(id);
        assertThat(found.get("version").asInt()).isEqualTo(1);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(body(missing).get("error_code").asInt()).isEqualTo(40403);
    }

    @Test
    void shouldThrowSchemaNotFoundWhenIdUnknown() {
        assertThatThrownBy(() -> client.getById(987_654))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                });
    }

    @Test
    void shouldThrowSubjectNotFoundWhenSubjectUnknown() {
        assertThatThrownBy(() -> client.latest("no-such-subject"))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
    }

    @Test
    void shouldAnswerVersionNotFoundWhenVersionUnknown() throws Exception {
        client.register(subject, record(recordName, "a"));

        final HttpResponse<String> response = get("/subjects/" + subject + "/versions/7");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(body(response).get("error_code").asInt()).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND);
    }

    @Test
    void shouldAnswerInvalidVersionWhenVersionNotNumeric() throws Exception {
        client.register(subject, record(recordName, "a"));

        final HttpResponse<String> response = get("/subjects/" + subject + "/versions/first");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(body(response).get("error_code").asInt()).isEqualTo(42202);
    }

    @Test
    void shouldAnswerInvalidSchemaWhenSchemaDoesNotParse() throws Exception {
        final HttpResponse<String> response = post("/subjects/" + subject + "/versions",
                Map.of("schema", "{\"type\":\"record\",\"name\":\"Broken\",\"fields\":[{\"name\":\"a\",\"type\":\"nope\"}]}"));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
        assertThat(body(response).get("error_code").asInt()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA);
        assertThat(get("/subjects/" + subject + "/versions").statusCode()).as("nothing registered").isEqualTo(404);
    }

    @Test
    void shouldRefuseWhenNewVersionIsNotBackwardCompatible() {
        client.register(subject, record(recordName, "a"));
        // a new field without a default cannot be read from old data
        final Schema incompatible = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"" + recordName
                + "\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}]}");

        assertThatThrownBy(() -> client.register(subject, incompatible))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                });
    }

    @Test
    void shouldAnswerJsonNotFoundWhenEndpointUnknown() throws Exception {
        final HttpResponse<String> response = get("/no/such/endpoint");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
        assertThat(body(response).get("error_code").asInt()).isEqualTo(404);
    }

    @Test
    void shouldAnswerJsonMethodNotAllowedWhenMethodWrong() throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(body(response).get("error_code").asInt()).isEqualTo(405);
    }

    @Test
    void shouldAnswerGlobalConfigAndRootWhenAsked() throws Exception {
        assertThat(body(get("/config")).get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(body(get("/")).toString()).isEqualTo("{}");
    }

    @Test
    void shouldRoundTripWhenSubjectNeedsEncoding() {
        final String odd = "odd subject/with+plus-value";
        final Schema schema = record(recordName, "a");
        final int id = client.register(odd, schema);

        assertThat(client.latest(odd)).isEqualTo(new RegisteredSchema(odd, 1, id, schema));
    }

    @Test
    void shouldStoreConfluentLayoutWhenRegistering() {
        final int id = client.register(subject, record(recordName, "a"));

        final List<ConsumerRecord<String, String>> records = readSchemasTopic();
        final ConsumerRecord<String, String> mine = records.stream()
                .filter(r -> r.key().contains("\"" + subject + "\""))
                .findFirst().orElseThrow();
        assertThat(mine.key()).isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"" + subject + "\",\"version\":1,\"magic\":1}");
        assertThat(mine.value()).startsWith("{\"subject\":\"" + subject + "\",\"version\":1,\"id\":" + id + ",\"schema\":")
                .endsWith(",\"deleted\":false}");
    }

    @Test
    void shouldKeepIdsAndContinueNumberingWhenRestartedOnSameBroker() {
        final Schema a = record(recordName + "_A", "a");
        final Schema b = record(recordName + "_B", "b");
        final int idA = client.register(subject, a);
        final int idB = client.register(subject + "-b", b);
        // ids only grow, so the one just handed out is the highest so far
        final int maxId = Math.max(idA, idB);

        try (EmbeddedSchemaRegistry restarted = EmbeddedSchemaRegistry.start(CLUSTER.bootstrapServers(), 0)) {
            final HttpSchemaRegistryClient fresh = new HttpSchemaRegistryClient(restarted.url());
            assertThat(fresh.getById(idA)).isEqualTo(a);
            assertThat(fresh.register(subject + "-b", b)).isEqualTo(idB);
            assertThat(fresh.latest(subject).id()).isEqualTo(idA);

            assertThat(fresh.register(subject + "-c", record(recordName + "_C", "c"))).isEqualTo(maxId + 1);
        }
    }

    @Test
    void shouldFailWithClearMessageWhenRegistryPortTaken() {
        assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(CLUSTER.bootstrapServers(), registry.port()))
                .isInstanceOf(PortInUseException.class)
                .hasMessage("Port " + registry.port() + " (schema registry) is already in use; choose another with --registry-port");
    }

    @Test
    void shouldUseNextUrlWhenFirstRefusesConnections() throws Exception {
        final int deadPort = closedPort();
        final HttpSchemaRegistryClient failover =
                new HttpSchemaRegistryClient("http://127.0.0.1:" + deadPort + ", " + registry.url());

        assertThat(failover.register(subject, record(recordName, "a"))).isPositive();
    }

    @Test
    void shouldNameUrlWhenRegistryUnreachable() throws Exception {
        final int deadPort = closedPort();
        final HttpSchemaRegistryClient unreachable =
                new HttpSchemaRegistryClient("http://127.0.0.1:" + deadPort, null, Duration.ofSeconds(2), 1);

        assertThatThrownBy(() -> unreachable.getById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isZero())
                .hasMessageContaining("http://127.0.0.1:" + deadPort);
    }

    private static Schema record(final String name, final String... fields) {
        final StringBuilder json = new StringBuilder("{\"type\":\"record\",\"name\":\"" + name
                + "\",\"namespace\":\"io.sitrep.test\",\"fields\":[");
        for (int i = 0; i < fields.length; i++) {
            // every field after the first has a default, so each added field keeps BACKWARD compatibility
            json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(fields[i]).append("\",\"type\":\"string\"")
                    .append(i == 0 ? "" : ",\"default\":\"\"").append('}');
        }
        return new Schema.Parser().parse(json.append("]}").toString());
    }

    private static HttpResponse<String> get(final String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(registry.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(final String path, final Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(registry.url() + path))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(final HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static List<ConsumerRecord<String, String>> readSchemasTopic() {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final TopicPartition partition = new TopicPartition("_schemas", 0);
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** A local port that was free a moment ago and that nothing listens on now: connections are refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return socket.getLocalPort();
        }
    }
}
