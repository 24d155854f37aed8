package io.sitrep.streams.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ErrorHandlingTest {

    private static StreamsConfig configured() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sitrep-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        ErrorHandling.configure(props, new InMemorySchemaRegistryClient());
        return new StreamsConfig(props);
    }

    @Test
    void shouldRouteGlobalStoreProcessingErrorsThroughTheHandler() {
        final StreamsConfig config = configured();

        assertThat(config.getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
        assertThat(config.getClass(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterProcessingHandler.class);
    }

    @Test
    void shouldShowTheGlobalHandlerEnabledToTheConfigThePartitionAssignorBuilds() {
        // the assignor (AssignorConfiguration) reads a StreamsConfig built from the main consumer's configs
        final Map<String, Object> mainConsumer = configured().getMainConsumerConfigs("sitrep-test", "client", 0);

        assertThat(new StreamsConfig(mainConsumer).getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG))
                .isTrue();
    }
}
