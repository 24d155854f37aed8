package io.sitrep.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.EscalationLevel;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PublicTopicSerdeTest {
    private static final RegionEscalation FIGURES = RegionEscalation.newBuilder().setRegionCode("AF-KHO")
            .setAsOf(LocalDate.of(2026, 3, 1)).setLevel(EscalationLevel.ACTIVE).setC7(1)
            .setUpdatedAt(Instant.EPOCH).build();

    @Test
    void shouldRefuseUnregisteredSchemaOnPublicTopicWithProductionOptions() {
        final var registry = new InMemorySchemaRegistryClient();
        final var topics = TopicSpecs.create(registry, SerdeOptions.production());
        final var serializer = topics.escalationLatest().valueSerde().serializer();

        assertThatThrownBy(() -> serializer.serialize(Topics.ESCALATION_LATEST, FIGURES))
                .isInstanceOf(SerializationException.class);

        registry.register(Topics.valueSubject(Topics.ESCALATION_LATEST), RegionEscalation.getClassSchema());
        final byte[] bytes = serializer.serialize(Topics.ESCALATION_LATEST, FIGURES);
        assertThat(topics.escalationLatest().valueSerde().deserializer().deserialize(Topics.ESCALATION_LATEST, bytes))
                .isEqualTo(FIGURES);
    }

    @Test
    void shouldAutoRegisterOnInternalTopicsEvenWithProductionOptions() {
        final var registry = new InMemorySchemaRegistryClient();
        final var serializer = TopicSpecs.create(registry, SerdeOptions.production()).escalationLatest().valueSerde().serializer();
        final String changelog = "sitrep-pipeline-esc-latest-store-changelog";

        assertThat(serializer.serialize(changelog, FIGURES)).isNotEmpty();
        assertThat(registry.latest(changelog + "-value").schema()).isEqualTo(RegionEscalation.getClassSchema());
    }
}
