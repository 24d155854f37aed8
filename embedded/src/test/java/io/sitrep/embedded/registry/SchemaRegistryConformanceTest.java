package io.sitrep.embedded.registry;

import static io.sitrep.embedded.registry.RegistryHttp.body;
import static io.sitrep.embedded.registry.RegistryHttp.field;
import static io.sitrep.embedded.registry.RegistryHttp.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Confluent Schema Registry REST conformance of the embedded registry, over HTTP: status codes,
 * error bodies, idempotency, compatibility decisions per level, deletes, config, references and
 * restart persistence. One broker and registry for the class; every test uses its own subjects.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SchemaRegistryConformanceTest {
    private static final String A = field("a", "\"string\"");

    @RegisterExtension
    static final RegistryTestCluster CLUSTER = new RegistryTestCluster();
    private static EmbeddedSchemaRegistry registry;
    private static RegistryHttp http;

    private String subject;
    private String name;

    @BeforeAll
    static void start() {
        registry = CLUSTER.registry();
        http = new RegistryHttp(registry.url());
    }

    @BeforeEach
    void names(final TestInfo info) {
        final String test = info.getTestMethod().orElseThrow().getName() + info.getDisplayName().replaceAll("[^A-Za-z0-9]", "");
        subject = "conf-" + test + "-value";
        name = "R" + Math.abs(test.hashCode());
    }

    @Test
    void shouldAnswerSameIdAndVersionWhenSameSchemaRegisteredAgainInAnyForm() {
        final Schema schema = record(name, A);
        final int id = body(http.register(subject, schema)).get("id").asInt();
        // same schema: explicit AVRO type, keys of the JSON in another order, pretty-printed
        final String reordered = "{\"fields\":[{\"type\":\"string\",\"name\":\"a\"}],\"namespace\":\"io.sitrep.test\","
                + "\"name\":\"" + name + "\",\"type\":\"record\"}";
        final HttpResponse<String> again = http.post("/subjects/" + subject + "/versions",
                Map.of("schema", "\n  " + reordered + "  ", "schemaType", "AVRO"));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again).get("id").asInt()).isEqualTo(id);
        assertThat(body(http.get("/subjects/" + subject + "/versions")).toString()).isEqualTo("[1]");
    }

    @Test
    void shouldServeEveryReadEndpointWhenSubjectHasTwoVersions() {
        final TwoVersions two = registerTwoVersions();

        assertThat(body(http.get("/subjects/" + subject + "/versions")).toString()).isEqualTo("[1,2]");
        final JsonNode latest = body(http.get("/subjects/" + subject + "/versions/latest"));
        assertThat(latest.get("subject").asText()).isEqualTo(subject);
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(two.id2());
        assertThat(new Schema.Parser().parse(latest.get("schema").asText())).isEqualTo(two.v2());
        assertThat(body(http.get("/subjects/" + subject + "/versions/-1")).get("version").asInt()).isEqualTo(2);
        assertThat(body(http.get("/subjects/" + subject + "/versions/1")).get("id").asInt()).isEqualTo(two.id1());
        assertThat(new Schema.Parser().parse(http.get("/subjects/" + subject + "/versions/1/schema").body())).isEqualTo(two.v1());
        assertThat(new Schema.Parser().parse(body(http.get("/schemas/ids/" + two.id1())).get("schema").asText())).isEqualTo(two.v1());
        assertThat(new Schema.Parser().parse(http.get("/schemas/ids/" + two.id2() + "/schema").body())).isEqualTo(two.v2());
        assertThat(body(http.get("/schemas/ids/" + two.id2() + "/versions")).toString())
                .isEqualTo("[{\"subject\":\"" + subject + "\",\"version\":2}]");
        assertThat(body(http.get("/schemas/ids/" + two.id2() + "/subjects")).toString()).isEqualTo("[\"" + subject + "\"]");
        assertThat(body(http.get("/subjects")).toString()).contains("\"" + subject + "\"");
        final JsonNode found = body(http.post("/subjects/" + subject, Map.of("schema", two.v1().toString())));
        assertThat(found.get("version").asInt()).isEqualTo(1);
        assertThat(found.get("id").asInt()).isEqualTo(two.id1());
        assertThat(body(http.get("/schemas/types")).toString()).isEqualTo("[\"AVRO\"]");
        assertThat(body(http.get("/mode")).toString()).isEqualTo("{\"mode\":\"READWRITE\"}");
    }

    @Test
    void shouldAnswerConfluentErrorCodesWhenRequestsFail() {
        http.register(subject, record(name, A));

        assertError(http.get("/subjects/nope-" + subject + "/versions"), 404, 40401);
        assertError(http.get("/subjects/" + subject + "/versions/9"), 404, 40402);
        assertError(http.get("/subjects/" + subject + "/versions/zero"), 422, 42202);
        assertError(http.get("/subjects/" + subject + "/versions/0"), 422, 42202);
        assertError(http.get("/schemas/ids/999999"), 404, 40403);
        assertError(http.post("/subjects/" + subject, Map.of("schema", record(name, field("zz", "\"int\"")).toString())), 404, 40403);
        assertError(http.post("/subjects/nope-" + subject, Map.of("schema", record(name, A).toString())), 404, 40401);
        assertError(http.post("/subjects/" + subject + "/versions", Map.of("schema", "{\"type\":\"record\",\"name\":\"X\","
                + "\"fields\":[{\"name\":\"a\",\"type\":\"nope\"}]}")), 422, 42201);
        assertError(http.post("/subjects/" + subject + "/versions", Map.of("schema", "{}", "schemaType", "PROTOBUF")), 422, 42201);
        assertError(http.get("/config/" + subject), 404, 40408);
        assertError(http.put("/config/" + subject, Map.of("compatibility", "SIDEWAYS")), 422, 42203);
        assertError(http.get("/no/such/endpoint"), 404, 404);
        assertError(http.delete("/subjects"), 405, 405);
        assertError(http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}"))), 415, 415);
    }

    @Test
    void shouldNegotiateContentTypeWhenClientAcceptsOnlyPlainJson() {
        final HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/config"))
                .header("Accept", "application/json").GET());
        final HttpResponse<String> html = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/config"))
                .header("Accept", "text/html").GET());
        final HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects/" + subject
                + "/versions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}")));

        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(html.statusCode()).isEqualTo(406);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(http.get("/config").headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
    }

    /** Base schema {a: string}; each change against it, with the verdict per level. */
    static Stream<Arguments> changes() {
        final String addOptional = field("b", "\"int\"", "0");
        final String addRequired = field("b", "\"int\"");
        return Stream.of(
                // change, new fields, NONE, BACKWARD, FORWARD, FULL
                Arguments.of("add optional field", new String[] {A, addOptional}, List.of(true, true, true, true)),
                Arguments.of("add required field", new String[] {A, addRequired}, List.of(true, false, true, false)),
                Arguments.of("remove required field", new String[] {addOptional}, List.of(true, true, false, false)),
                Arguments.of("change field type", new String[] {field("a", "\"int\"")}, List.of(true, false, false, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void shouldDecideCompatibilityPerLevelWhenSchemaChanges(final String change, final String[] fields, final List<Boolean> verdicts) {
        final String[] levels = {"NONE", "BACKWARD", "FORWARD", "FULL"};
        for (int i = 0; i < levels.length; i++) {
            final String s = subject + "-" + levels[i];
            assertThat(http.put("/config/" + s, Map.of("compatibility", levels[i])).statusCode()).isEqualTo(200);
            assertThat(http.register(s, record(name, A)).statusCode()).isEqualTo(200);
            final Schema candidate = record(name, fields);

            final JsonNode check = body(http.post("/compatibility/subjects/" + s + "/versions/latest?verbose=true",
                    Map.of("schema", candidate.toString())));
            final HttpResponse<String> registered = http.register(s, candidate);

            assertThat(check.get("is_compatible").asBoolean()).as(change + " under " + levels[i]).isEqualTo(verdicts.get(i));
            assertThat(registered.statusCode()).as(change + " under " + levels[i]).isEqualTo(verdicts.get(i) ? 200 : 409);
            if (!verdicts.get(i)) {
                assertThat(body(registered).get("error_code").asInt()).isEqualTo(409);
                assertThat(body(registered).get("message").asText())
                        .startsWith("Schema being registered is incompatible with an earlier schema for subject \"" + s + "\"")
                        .contains("compatibility: '" + levels[i] + "'");
                assertThat(check.get("messages")).isNotEmpty();
            }
        }
    }

    @Test
    void shouldCheckEveryVersionWhenLevelIsTransitive() {
        // v1 {a:int}; v2 {} drops a; v3 {a:string = ""} reads v2 data but not v1's int a
        final Schema v1 = record(name, field("a", "\"int\""));
        final Schema v2 = record(name);
        final Schema v3 = record(name, field("a", "\"string\"", "\"\""));
        for (final String level : List.of("BACKWARD", "BACKWARD_TRANSITIVE")) {
            final String s = subject + "-" + level;
            http.put("/config/" + s, Map.of("compatibility", level));
            http.register(s, v1);
            http.register(s, v2);

            assertThat(http.register(s, v3).statusCode()).as(level).isEqualTo(level.endsWith("TRANSITIVE") ? 409 : 200);
        }
        // v1 {a:int}; v2 {a:int = 0}; v3 {} : v2 reads v3 data (default), v1 cannot (no default)
        final Schema f2 = record(name, field("a", "\"int\"", "0"));
        for (final String level : List.of("FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE")) {
            final String s = subject + "-" + level;
            http.put("/config/" + s, Map.of("compatibility", level));
            http.register(s, v1);
            http.register(s, f2);

            final HttpResponse<String> third = http.register(s, v2);

            assertThat(third.statusCode()).as(level).isEqualTo(level.endsWith("TRANSITIVE") ? 409 : 200);
            if (third.statusCode() == 409) {
                assertThat(body(third).get("message").asText()).contains("oldSchemaVersion: 1");
            }
        }
    }

    @Test
    void shouldKeepSubjectConfigApartFromGlobalWhenSetAndDeleted() {
        assertThat(body(http.get("/config")).toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(body(http.get("/config/" + subject + "?defaultToGlobal=true")).get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");

        final HttpResponse<String> put = http.put("/config/" + subject, Map.of("compatibility", "full_transitive"));

        assertThat(body(put).toString()).isEqualTo("{\"compatibility\":\"FULL_TRANSITIVE\"}");
        assertThat(body(http.get("/config/" + subject)).toString()).isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
        assertThat(body(http.get("/config")).get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(body(http.delete("/config/" + subject)).get("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");
        assertError(http.get("/config/" + subject), 404, 40408);
    }

    @Test
    void shouldChangeGlobalLevelWhenPutOnConfig() {
        try {
            assertThat(body(http.put("/config", Map.of("compatibility", "NONE"))).toString()).isEqualTo("{\"compatibility\":\"NONE\"}");
            http.register(subject, record(name, A));

            // incompatible under BACKWARD, accepted under the global NONE
            assertThat(http.register(subject, record(name, field("a", "\"int\""))).statusCode()).isEqualTo(200);
        } finally {
            http.put("/config", Map.of("compatibility", "BACKWARD"));
        }
    }

    @Test
    void shouldFollowConfluentTwoStepDeleteWhenDeletingVersions() {
        final int id1 = body(http.register(subject, record(name, A))).get("id").asInt();
        http.register(subject, record(name, A, field("b", "\"int\"", "0")));

        assertError(http.delete("/subjects/" + subject + "/versions/1?permanent=true"), 404, 40407);
        assertThat(http.delete("/subjects/" + subject + "/versions/1").body()).isEqualTo("1");
        assertError(http.delete("/subjects/" + subject + "/versions/1"), 404, 40406);
        assertError(http.get("/subjects/" + subject + "/versions/1"), 404, 40402);
        assertThat(body(http.get("/subjects/" + subject + "/versions/1?deleted=true")).get("id").asInt()).isEqualTo(id1);
        assertThat(body(http.get("/subjects/" + subject + "/versions")).toString()).isEqualTo("[2]");
        assertThat(body(http.get("/subjects/" + subject + "/versions?deleted=true")).toString()).isEqualTo("[1,2]");
        // a soft-deleted schema still decodes old records
        assertThat(http.get("/schemas/ids/" + id1).statusCode()).isEqualTo(200);

        assertThat(http.delete("/subjects/" + subject + "/versions/1?permanent=true").body()).isEqualTo("1");

        assertError(http.get("/subjects/" + subject + "/versions/1?deleted=true"), 404, 40402);
        assertError(http.get("/schemas/ids/" + id1), 404, 40403);
    }

    @Test
    void shouldFollowConfluentTwoStepDeleteWhenDeletingSubject() {
        final Schema v1 = record(name, A);
        final int id1 = body(http.register(subject, v1)).get("id").asInt();
        http.register(subject, record(name, A, field("b", "\"int\"", "0")));

        assertError(http.delete("/subjects/" + subject + "?permanent=true"), 404, 40405);
        assertThat(http.delete("/subjects/" + subject).body()).isEqualTo("[1,2]");
        assertError(http.delete("/subjects/" + subject), 404, 40404);
        assertError(http.get("/subjects/" + subject + "/versions"), 404, 40401);
        assertError(http.get("/subjects/" + subject + "/versions/latest"), 404, 40401);
        assertThat(body(http.get("/subjects")).toString()).doesNotContain("\"" + subject + "\"");
        assertThat(body(http.get("/subjects?deleted=true")).toString()).contains("\"" + subject + "\"");
        assertThat(http.get("/schemas/ids/" + id1).statusCode()).isEqualTo(200);

        // registering again after a soft delete: same id, the next version number
        final JsonNode again = body(http.register(subject, v1));
        assertThat(again.get("id").asInt()).isEqualTo(id1);
        assertThat(body(http.get("/subjects/" + subject + "/versions")).toString()).isEqualTo("[3]");

        assertThat(http.delete("/subjects/" + subject).body()).isEqualTo("[3]");
        assertThat(http.delete("/subjects/" + subject + "?permanent=true").body()).isEqualTo("[1,2,3]");
        assertError(http.get("/subjects/" + subject + "/versions?deleted=true"), 404, 40401);
        assertError(http.delete("/subjects/" + subject), 404, 40401);
    }

    @Test
    void shouldResolveReferencesWhenSchemaUsesTypeOfAnotherSubject() {
        final String shared = "{\"type\":\"enum\",\"name\":\"Level" + name + "\",\"namespace\":\"io.sitrep.test\","
                + "\"symbols\":[\"LOW\",\"HIGH\"]}";
        http.post("/subjects/" + subject + "-level/versions", Map.of("schema", shared));
        final String user = "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"io.sitrep.test\",\"fields\":"
                + "[{\"name\":\"level\",\"type\":\"io.sitrep.test.Level" + name + "\"}]}";
        final List<Map<String, Object>> refs = List.of(Map.of("name", "io.sitrep.test.Level" + name,
                "subject", subject + "-level", "version", 1));

        final HttpResponse<String> registered = http.post("/subjects/" + subject + "/versions",
                Map.of("schema", user, "references", refs));
        final HttpResponse<String> dangling = http.post("/subjects/" + subject + "-x/versions", Map.of("schema", user,
                "references", List.of(Map.of("name", "x", "subject", "nope-" + subject, "version", 1))));

        assertThat(registered.statusCode()).isEqualTo(200);
        final int id = body(registered).get("id").asInt();
        final JsonNode byId = body(http.get("/schemas/ids/" + id));
        assertThat(byId.get("references").get(0).get("subject").asText()).isEqualTo(subject + "-level");
        assertThat(new HttpSchemaRegistryClient(registry.url()).getById(id).getField("level").schema().getEnumSymbols())
                .containsExactly("LOW", "HIGH");
        assertError(dangling, 422, 42201);
        assertError(http.delete("/subjects/" + subject + "-level/versions/1"), 422, 42206);
    }

    @Test
    void shouldServeSameIdsConfigAndDeletesWhenRestartedOnSameBroker() {
        final TwoVersions two = registerTwoVersions();
        http.delete("/subjects/" + subject + "/versions/1");
        http.put("/config/" + subject, Map.of("compatibility", "FULL"));

        try (EmbeddedSchemaRegistry restarted = EmbeddedSchemaRegistry.start(CLUSTER.bootstrapServers(), 0)) {
            final RegistryHttp fresh = new RegistryHttp(restarted.url());

            assertThat(body(fresh.get("/subjects/" + subject + "/versions")).toString()).isEqualTo("[2]");
            assertThat(body(fresh.get("/subjects/" + subject + "/versions/2")).get("id").asInt()).isEqualTo(two.id2());
            assertThat(new Schema.Parser().parse(fresh.get("/schemas/ids/" + two.id1() + "/schema").body())).isEqualTo(two.v1());
            assertThat(body(fresh.get("/config/" + subject)).get("compatibilityLevel").asText()).isEqualTo("FULL");
            assertThat(body(fresh.register(subject, two.v2())).get("id").asInt()).isEqualTo(two.id2());
            final int next = body(fresh.register(subject + "-new", record(name + "New", A))).get("id").asInt();
            assertThat(next).isGreaterThan(Math.max(two.id1(), two.id2()));
        }
    }

    /** The test's subject with two versions: a record of field a, then the same with field b added. */
    private TwoVersions registerTwoVersions() {
        final Schema v1 = record(name, A);
        final Schema v2 = record(name, A, field("b", "\"int\"", "0"));
        return new TwoVersions(v1, v2, body(http.register(subject, v1)).get("id").asInt(),
                body(http.register(subject, v2)).get("id").asInt());
    }

    private record TwoVersions(Schema v1, Schema v2, int id1, int id2) {
    }

    private static void assertError(final HttpResponse<String> response, final int status, final int code) {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        final JsonNode body = body(response);
        assertThat(body.get("error_code").asInt()).as(response.body()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
    }
}
