package io.sitrep.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitrep.schemas.avro.RegionDailyCount;
import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import io.sitrep.schemas.registry.SubjectNameStrategy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SerdeOptionsTest {
    private static final String TOPIC = "sitrep.escalation.daily";
    private static final Schema POINT = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Point\",\"namespace\":\"t\","
            + "\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");

    private static RegionDailyCount day() {
        return RegionDailyCount.newBuilder().setRegionCode("AF-KHO").setRegionName("Khost").setDay(LocalDate.of(2026, 2, 26))
                .setEvents(3).setEventsByType(Map.of()).setFatalitiesLow(1).setFatalitiesHigh(2)
                .setUpdatedAt(Instant.ofEpochMilli(0)).build();
    }

    @Test
    void shouldReadConfluentSettingsWhenGivenAsConfigs() {
        assertThat(SerdeOptions.fromConfigs(Map.of(), false)).isEqualTo(SerdeOptions.defaults());
        assertThat(SerdeOptions.fromConfigs(Map.of("use.latest.version", "true"), false))
                .isEqualTo(new SerdeOptions(false, true, SubjectNameStrategy.TOPIC));
        assertThat(SerdeOptions.fromConfigs(Map.of("auto.register.schemas", false,
                "key.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy",
                "value.subject.name.strategy", "TopicRecordNameStrategy"), true).subjectNameStrategy())
                .isEqualTo(SubjectNameStrategy.RECORD);
        assertThatThrownBy(() -> new SerdeOptions(true, true, SubjectNameStrategy.TOPIC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectNameStrategy.parse("ByColour")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameSubjectsAsConfluentStrategiesDo() {
        assertThat(SubjectNameStrategy.TOPIC.subject("t", false, POINT)).isEqualTo("t-value");
        assertThat(SubjectNameStrategy.TOPIC.subject("t", true, POINT)).isEqualTo("t-key");
        assertThat(SubjectNameStrategy.RECORD.subject("t", false, POINT)).isEqualTo("t.Point");
        assertThat(SubjectNameStrategy.TOPIC_RECORD.subject("t", false, POINT)).isEqualTo("t-t.Point");
    }

    @Test
    void shouldRegisterUnderStrategySubjectWhenConfigured() {
        final var registry = new InMemorySchemaRegistryClient();
        final var serializer = new AvroSerializer<RegionDailyCount>(registry, false,
                SerdeOptions.defaults().withSubjectNameStrategy(SubjectNameStrategy.TOPIC_RECORD));

        serializer.serialize(TOPIC, day());

        assertThat(registry.latest(TOPIC + "-io.sitrep.schemas.avro.RegionDailyCount").schema())
                .isEqualTo(RegionDailyCount.getClassSchema());
    }

    @Test
    void shouldFailWriteWhenSchemaNotRegisteredAndAutoRegisterOff() {
        final var registry = new InMemorySchemaRegistryClient();
        final var serializer = new AvroSerializer<RegionDailyCount>(registry, false, SerdeOptions.production());

        assertThatThrownBy(() -> serializer.serialize(TOPIC, day()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC + "-value").hasMessageContaining("40401").hasMessageContaining("sitrep schemas register");

        final int id = registry.register(TOPIC + "-value", RegionDailyCount.getClassSchema());
        final byte[] bytes = serializer.serialize(TOPIC, day());
        assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void shouldConvertToLatestSchemaWhenUseLatestVersion() {
        final var registry = new InMemorySchemaRegistryClient();
        final Schema pointV2 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Point\",\"namespace\":\"t\","
                + "\"fields\":[{\"name\":\"y\",\"type\":\"int\",\"default\":7},{\"name\":\"x\",\"type\":\"int\"}]}");
        final int v2 = registry.register("p-value", pointV2);
        final var serializer = new AvroSerializer<GenericRecord>(registry, false, SerdeOptions.production().withUseLatestVersion(true));

        final byte[] bytes = serializer.serialize("p", new GenericRecordBuilder(POINT).set("x", 3).build());
        final GenericRecord read = new GenericAvroDeserializer(registry).deserialize("p", bytes);

        assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(v2);
        assertThat(read.get("x")).isEqualTo(3);
        assertThat(read.get("y")).isEqualTo(7);
    }

    @Test
    void shouldRoundTripGenericRecordsWhenUsingGenericSerde() {
        final var serde = new GenericAvroSerde(new InMemorySchemaRegistryClient(), null, false, SerdeOptions.defaults());
        final GenericRecord point = new GenericRecordBuilder(POINT).set("x", 42).build();

        assertThat(serde.deserializer().deserialize("p", serde.serializer().serialize("p", point))).isEqualTo(point);
        assertThatThrownBy(() -> serde.deserializer().deserialize("p", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte 0x01");
    }
}
