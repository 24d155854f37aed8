package io.sitrep.embedded.registry;

import static io.sitrep.embedded.registry.RegistryHttp.field;
import static io.sitrep.embedded.registry.RegistryHttp.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sitrep.schemas.registry.CompatibilityLevel;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryException;
import io.sitrep.schemas.serde.AvroSerializer;
import io.sitrep.schemas.serde.GenericAvroDeserializer;
import io.sitrep.schemas.serde.SerdeOptions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schema evolution end to end through the registry and our serde: a compatible change is accepted
 * and consumers on either version keep decoding; a breaking change is refused with 409 before any
 * record is written with it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchemaEvolutionTest {
    private static final String TOPIC = "sitrep.evolution.test";
    private static final String SUBJECT = TOPIC + "-value";
    private static final Schema V1 = record("Report", field("id", "\"string\""), field("region", "\"string\""));
    /** v1 plus an optional field: BACKWARD, FORWARD and FULL compatible. */
    private static final Schema V2 = record("Report", field("id", "\"string\""), field("region", "\"string\""),
            field("claimant", "[\"null\",\"string\"]", "null"));

    @RegisterExtension
    static final RegistryTestCluster CLUSTER = new RegistryTestCluster();
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void start() {
        registry = CLUSTER.registry();
    }

    @Test
    void shouldAcceptOptionalFieldAndKeepOldAndNewConsumersDecoding() {
        final HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(registry.url());
        final byte[] writtenWithV1 = new AvroSerializer<GenericRecord>(client, false)
                .serialize(TOPIC, new GenericRecordBuilder(V1).set("id", "r1").set("region", "AF-KHO").build());

        // v2 is accepted under the default BACKWARD level, as the next version
        final byte[] writtenWithV2 = new AvroSerializer<GenericRecord>(client, false).serialize(TOPIC,
                new GenericRecordBuilder(V2).set("id", "r2").set("region", "PK-KP").set("claimant", "ISPR").build());
        assertThat(client.versions(SUBJECT)).containsExactly(1, 2);

        // an old consumer, pinned to v1, reads v2 data (the new field is skipped)...
        final GenericRecord old = new GenericAvroDeserializer(client, V1).deserialize(TOPIC, writtenWithV2);
        assertThat(old.getSchema()).isEqualTo(V1);
        assertThat(old.get("id").toString()).isEqualTo("r2");
        // ...and a new consumer reads v1 data (the new field takes its default)
        final GenericRecord upgraded = new GenericAvroDeserializer(client, V2).deserialize(TOPIC, writtenWithV1);
        assertThat(upgraded.get("claimant")).isNull();
        assertThat(upgraded.get("region").toString()).isEqualTo("AF-KHO");
    }

    @Test
    void shouldRefuseWith409WhenChangeBreaksConsumers() {
        final HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(registry.url());
        final String subject = "breaking-value";
        client.register(subject, V1);
        final Schema addsRequired = record("Report", field("id", "\"string\""), field("region", "\"string\""),
                field("fatalities", "\"int\""));
        final Schema removesRequired = record("Report", field("id", "\"string\""));

        // BACKWARD (default): new consumers cannot read old data that lacks a field without default
        assertThatThrownBy(() -> client.register(subject, addsRequired))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("'fatalities'");
                });
        // Removing a required field is BACKWARD compatible in Avro (and in Confluent): the new
        // reader ignores it. It breaks OLD consumers, so FORWARD and FULL refuse it.
        assertThat(client.testCompatibility(subject, removesRequired).compatible()).isTrue();
        client.setCompatibility(subject, CompatibilityLevel.FULL);
        assertThatThrownBy(() -> client.register(subject, removesRequired))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("'region'").contains("in the old schema has no default value");
                });
        // and a serializer never writes a record with a refused schema
        final var serializer = new AvroSerializer<GenericRecord>(client, false);
        assertThatThrownBy(() -> serializer.serialize("breaking", new GenericData.Record(removesRequired) {
            {
                put("id", "x");
            }
        })).isInstanceOf(SerializationException.class).hasMessageContaining("breaking-value");
        assertThat(client.versions(subject)).containsExactly(1);
    }

    @Test
    void shouldWriteWithLatestOrOnlyLookUpWhenAutoRegisterIsOff() {
        final HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(registry.url());
        final String topic = "latest";
        final int v2Id = client.register(topic + "-value", V2);
        final AvroSerializer<GenericRecord> lookupOnly = new AvroSerializer<>();
        lookupOnly.configure(Map.of("schema.registry.url", registry.url(), "auto.register.schemas", "false"), false);
        final AvroSerializer<GenericRecord> useLatest = new AvroSerializer<>(client, false,
                SerdeOptions.production().withUseLatestVersion(true));
        final GenericRecord v1Record = new GenericRecordBuilder(V1).set("id", "r").set("region", "AF-HEL").build();

        // not registered under the subject, and auto-registration is off: the write fails
        assertThatThrownBy(() -> lookupOnly.serialize(topic, v1Record))
                .isInstanceOf(SerializationException.class).hasMessageContaining("40403").hasMessageContaining(topic + "-value");
        // use.latest.version converts the v1 record to v2 and writes v2's id
        final byte[] bytes = useLatest.serialize(topic, v1Record);
        assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(v2Id);
        final GenericAvroDeserializer deserializer = new GenericAvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", registry.url()), false);
        final GenericRecord read = deserializer.deserialize(topic, bytes);
        assertThat(read.getSchema()).isEqualTo(V2);
        assertThat(read.get("region").toString()).isEqualTo("AF-HEL");
        assertThat(client.versions(topic + "-value")).as("nothing registered by the serializers").containsExactly(1);
    }
}
