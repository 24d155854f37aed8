package io.sitrep.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** What the stages' clients get from the typed settings, read back through Kafka Streams' own config. */
class StreamsSettingsTest {

    private static Map<String, Object> producerConfigs(final Map<String, String> overrides) {
        final StreamsSettings settings = new StreamsSettings("localhost:9092", "sitrep-test", Path.of("target/state"),
                StreamsSettings.DEFAULT_DEDUP_HORIZON, 1, overrides);
        return new StreamsConfig(settings.toProperties(new InMemorySchemaRegistryClient())).getProducerConfigs("client-1");
    }

    @Test
    void shouldCompressTheStagesProducersWithLz4ByDefault() {
        assertThat(producerConfigs(Map.of())).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }

    @Test
    void shouldLetAUsersCompressionWinWithOrWithoutTheProducerPrefix() {
        assertThat(producerConfigs(Map.of("compression.type", "zstd"))).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        assertThat(producerConfigs(Map.of("producer.compression.type", "none")))
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    }

    @Test
    void shouldKeepOneRequestInFlightAndTheLargerBatchesOfTheStages() {
        final Map<String, Object> producer = producerConfigs(Map.of());
        assertThat(producer).containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1)
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, StreamsSettings.PRODUCER_BATCH_BYTES);
    }
}
