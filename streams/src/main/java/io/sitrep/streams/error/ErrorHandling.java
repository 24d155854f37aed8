package io.sitrep.streams.error;

import io.sitrep.schemas.registry.SchemaRegistryClient;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** Wires the dead-letter handlers into a Kafka Streams configuration. */
public final class ErrorHandling {
    private ErrorHandling() {
    }

    /** Adds both handlers and the registry client they serialise rejected records with. */
    public static void configure(final Properties props, final SchemaRegistryClient registry) {
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(DeadLetterConfig.REGISTRY_CLIENT_CONFIG, registry);
    }
}
