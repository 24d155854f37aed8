package io.sitrep.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** What the stages' clients get from the typed settings, read back through Kafka Streams' own config. */
class StreamsSettingsTest {

    private static StreamsConfig config(final Map<String, String> overrides) {
        final StreamsSettings settings = new StreamsSettings("localhost:9092", "sitrep-test", Path.of("target/state"),
                StreamsSettings.DEFAULT_DEDUP_HORIZON, 1, overrides);
        return new StreamsConfig(settings.toProperties(new InMemorySchemaRegistryClient()));
    }

    private static Map<String, Object> producerConfigs(final Map<String, String> overrides) {
        return config(overrides).getProducerConfigs("client-1");
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

    @Test
    void shouldKeepEveryFetchResponseOfTheStagesBelowAHumongousAllocation() {
        // G1's smallest region is 1 MB: an array of half of it or more is humongous
        final int humongous = 512 * 1024;
        final StreamsConfig config = config(Map.of());
        assertThat((Integer) config.getMainConsumerConfigs("sitrep-test", "client-1", 0).get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG))
                .isLessThan(humongous);
        assertThat((Integer) config.getRestoreConsumerConfigs("client-1").get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG))
                .isLessThan(humongous);
        assertThat(config(Map.of("consumer.fetch.max.bytes", "1048576")).getMainConsumerConfigs("sitrep-test", "client-1", 0))
                .containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "1048576");
    }
}
