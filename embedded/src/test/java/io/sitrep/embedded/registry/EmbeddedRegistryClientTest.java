package io.sitrep.embedded.registry;

import static io.sitrep.embedded.registry.RegistryHttp.field;
import static io.sitrep.embedded.registry.RegistryHttp.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.sitrep.schemas.registry.CompatibilityLevel;
import io.sitrep.schemas.registry.CompatibilityResult;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The production client against the embedded registry: authentication, caching and the admin calls. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedRegistryClientTest {
    @RegisterExtension
    static final RegistryTestCluster CLUSTER = new RegistryTestCluster();
    private static EmbeddedSchemaRegistry secured;

    private String subject;
    private String name;

    @BeforeAll
    static void start() {
        secured = CLUSTER.registry(EmbeddedSchemaRegistry.Options.defaults().withUsers(Map.of("alice", "s3cret")));
    }

    @BeforeEach
    void names(final TestInfo info) {
        subject = info.getTestMethod().orElseThrow().getName() + "-value";
        name = "C" + Math.abs(subject.hashCode());
    }

    @Test
    void shouldRefuseWithUnauthorizedWhenCredentialsMissingOrWrong() {
        final Schema schema = record(name, field("a", "\"string\""));

        assertThatThrownBy(() -> new HttpSchemaRegistryClient(secured.url()).register(subject, schema))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.errorCode()).isEqualTo(401);
                });
        assertThatThrownBy(() -> new HttpSchemaRegistryClient(secured.url(), "alice:guess").register(subject, schema))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
        assertThat(new HttpSchemaRegistryClient(secured.url(), "alice:s3cret").register(subject, schema)).isPositive();
        // credentials in the URL, as Confluent's basic.auth.credentials.source=URL
        assertThat(new HttpSchemaRegistryClient(secured.url().replace("http://", "http://alice:s3cret@")).subjects())
                .contains(subject);
    }

    @Test
    void shouldAnswerFromCacheWhenRegistryIsGone() {
        final EmbeddedSchemaRegistry shortLived = EmbeddedSchemaRegistry.start(CLUSTER.bootstrapServers(), 0);
        final HttpSchemaRegistryClient client;
        final Schema schema = record(name, field("a", "\"string\""));
        final int id;
        try {
            client = HttpSchemaRegistryClient.builder(shortLived.url()).retries(0).build();
            id = client.register(subject, schema);
            client.getById(id);
        } finally {
            shortLived.close();
        }

        assertThat(client.register(subject, schema)).isEqualTo(id);
        assertThat(client.getById(id)).isEqualTo(schema);
        assertThatThrownBy(() -> client.latest(subject)).as("latest is never cached")
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isZero());
    }

    @Test
    void shouldExplainIncompatibilityAndManageSubjectsWhenUsingAdminCalls() {
        final HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(secured.url(), "alice:s3cret");
        final Schema v1 = record(name, field("a", "\"string\""));
        final Schema breaking = record(name, field("a", "\"string\""), field("b", "\"int\""));
        assertThat(client.testCompatibility(subject, v1)).as("new subject").isEqualTo(new CompatibilityResult(true, java.util.List.of()));
        client.register(subject, v1);

        final CompatibilityResult result = client.testCompatibility(subject, breaking);

        assertThat(result.compatible()).isFalse();
        assertThat(result.messages().get(0)).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("'b'").contains("/fields/1");
        assertThat(client.compatibility(subject)).isEmpty();
        client.setCompatibility(subject, CompatibilityLevel.NONE);
        assertThat(client.compatibility(subject)).isEqualTo(Optional.of(CompatibilityLevel.NONE));
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.testCompatibility(subject, breaking).compatible()).isTrue();
        client.register(subject, breaking);
        assertThat(client.versions(subject)).containsExactly(1, 2);
        assertThat(client.lookup(subject, v1).version()).isEqualTo(1);
        assertThat(client.deleteVersion(subject, -1, false)).isEqualTo(2);
        assertThat(client.deleteSubject(subject, false)).containsExactly(1);
        assertThat(client.deleteSubject(subject, true)).containsExactly(1, 2);
        assertThat(client.subjects()).doesNotContain(subject);
    }
}
