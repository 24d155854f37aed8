package io.sitrep.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitrep.schemas.avro.EscalationLevel;
import io.sitrep.schemas.avro.RegionDailyCount;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private static final String TOPIC = "sitrep.escalation.daily";

    private static RegionDailyCount khostDay() {
        return RegionDailyCount.newBuilder()
                .setRegionCode("AF-KHO")
                .setRegionName("Khost")
                .setDay(LocalDate.of(2026, 2, 26))
                .setEvents(3)
                .setEventsByType(Map.of())
                .setFatalitiesLow(12)
                .setFatalitiesHigh(274)
                .setStories(2)
                .setOutlets(5)
                .setUpdatedAt(Instant.ofEpochMilli(0))
                .build();
    }

    @Test
    void shouldRoundTripWhenSerializedAndDeserialized() {
        final var registry = new InMemorySchemaRegistryClient();
        final var serde = AvroSerde.forValues(registry, RegionEscalation.class);
        final var value = RegionEscalation.newBuilder()
                .setRegionCode("PK-KP").setRegionName("Khyber Pakhtunkhwa")
                .setAsOf(LocalDate.of(2026, 3, 1)).setLevel(EscalationLevel.SURGE)
                .setLevelSince(LocalDate.of(2026, 2, 27)).setC7(9).setB28(2.5).setRatio(3.6).setZ(null)
                .setTotalEvents(20).setFlags(List.of("ONSET")).setUpdatedAt(Instant.parse("2026-03-01T10:15:30.123Z"))
                .build();

        final byte[] bytes = serde.serializer().serialize("sitrep.escalation.latest", value);

        assertThat(serde.deserializer().deserialize("sitrep.escalation.latest", bytes)).isEqualTo(value);
        assertThat(registry.latest("sitrep.escalation.latest-value").schema()).isEqualTo(RegionEscalation.getClassSchema());
    }

    @Test
    void shouldWriteConfluentWireFormatWhenSerializing() throws IOException {
        final var registry = new InMemorySchemaRegistryClient();
        final byte[] bytes = new AvroSerializer<RegionDailyCount>(registry, false).serialize(TOPIC, khostDay());

        // checked-in golden bytes: 00 | 00000001 (schema id 1) | Avro binary; see the .hex file's comments
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(golden("golden/region-daily-count.hex"));
        assertThat(bytes[0]).isZero();
        assertThat(registry.latest(TOPIC + "-value").id()).isEqualTo(1);
    }

    @Test
    void shouldWriteEachRecordWithTheIdOfItsOwnSchemaWhenOneTopicCarriesTwoVersions() {
        final var registry = new InMemorySchemaRegistryClient();
        final var serializer = new AvroSerializer<org.apache.avro.generic.GenericRecord>(registry, false);
        final org.apache.avro.Schema v1 = new org.apache.avro.Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Note\",\"fields\":[{\"name\":\"text\",\"type\":\"string\"}]}");
        final org.apache.avro.Schema v2 = new org.apache.avro.Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Note\",\"fields\":[{\"name\":\"text\",\"type\":\"string\"},"
                        + "{\"name\":\"outlet\",\"type\":\"string\",\"default\":\"\"}]}");
        final var first = new org.apache.avro.generic.GenericData.Record(v1);
        first.put("text", "a market reopened");
        final var second = new org.apache.avro.generic.GenericData.Record(v2);
        second.put("text", "a road was repaired");
        second.put("outlet", "a local paper");

        // the serializer remembers the last schema per topic: a switch of schema must not reuse its id
        final int idOfFirst = schemaIdOf(serializer.serialize("notes", first));
        final int idOfSecond = schemaIdOf(serializer.serialize("notes", second));
        final int idOfFirstAgain = schemaIdOf(serializer.serialize("notes", first));

        assertThat(idOfSecond).isNotEqualTo(idOfFirst);
        assertThat(idOfFirstAgain).isEqualTo(idOfFirst);
        assertThat(registry.lookup("notes-value", v1).id()).isEqualTo(idOfFirst);
        assertThat(registry.lookup("notes-value", v2).id()).isEqualTo(idOfSecond);
    }

    private static int schemaIdOf(final byte[] wire) {
        return java.nio.ByteBuffer.wrap(wire, 1, 4).getInt();
    }

    @Test
    void shouldDecodeGoldenBytesWhenSchemaIdIsRegistered() throws IOException {
        final var registry = new InMemorySchemaRegistryClient();
        registry.register(TOPIC + "-value", RegionDailyCount.getClassSchema());
        final byte[] bytes = HexFormat.of().parseHex(golden("golden/region-daily-count.hex"));

        assertThat(new AvroDeserializer<>(registry, RegionDailyCount.class).deserialize(TOPIC, bytes)).isEqualTo(khostDay());
    }

    @Test
    void shouldDecodeBytesOfTheFirstSchemaVersionIntoTheCurrentClass() throws IOException {
        // a consumer on today's schema reads what a producer on the first published schema wrote
        final var registry = new InMemorySchemaRegistryClient();
        final String v1;
        try (InputStream in = AvroSerdeTest.class.getClassLoader().getResourceAsStream("golden/region-daily-count-v1.avsc")) {
            v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        registry.register(TOPIC + "-value", new org.apache.avro.Schema.Parser().parse(v1));
        final byte[] bytes = HexFormat.of().parseHex(golden("golden/region-daily-count-v1.hex"));

        final RegionDailyCount decoded = new AvroDeserializer<>(registry, RegionDailyCount.class).deserialize(TOPIC, bytes);

        assertThat(decoded.getEvents()).isEqualTo(3);
        assertThat(decoded.getFatalitiesHigh()).isEqualTo(274);
        assertThat(decoded.getStories()).as("default of the field added later").isZero();
        assertThat(decoded.getOutlets()).isZero();
    }

    @Test
    void shouldFailClearlyWhenMagicByteIsUnknown() {
        final var deserializer = new AvroDeserializer<>(new InMemorySchemaRegistryClient(), RegionDailyCount.class);
        final byte[] json = "{\"regionCode\":\"AF-KHO\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte 0x7b")
                .hasMessageContaining(TOPIC);
    }

    @Test
    void shouldFailClearlyWhenSchemaIdIsUnknown() {
        final var deserializer = new AvroDeserializer<>(new InMemorySchemaRegistryClient(), RegionDailyCount.class);
        final byte[] bytes = {0, 0, 0, 0, 42, 2, 65};

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 42")
                .hasMessageContaining(TOPIC);
    }

    @Test
    void shouldFailClearlyWhenRecordIsTooShortOrBodyIsCorrupt() {
        final var registry = new InMemorySchemaRegistryClient();
        registry.register(TOPIC + "-value", RegionDailyCount.getClassSchema());
        final var deserializer = new AvroDeserializer<>(registry, RegionDailyCount.class);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("too short");
        // valid header, then a string length far beyond the buffer
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0, 1, (byte) 0xfe, 0x7f}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Cannot decode");
    }

    @Test
    void shouldPassNullThroughWhenValueIsATombstone() {
        final var serde = AvroSerde.forValues(new InMemorySchemaRegistryClient(), RegionDailyCount.class);

        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    private static String golden(final String resource) throws IOException {
        try (InputStream in = AvroSerdeTest.class.getClassLoader().getResourceAsStream(resource)) {
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.startsWith("#")).map(String::strip).reduce("", String::concat);
        }
    }
}
