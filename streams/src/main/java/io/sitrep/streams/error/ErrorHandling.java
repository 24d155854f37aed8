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
        // the pipeline has no global tables today; enabling it now keeps one behaviour when one is added (default in Kafka 5.0)
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(DeadLetterConfig.REGISTRY_CLIENT_CONFIG, registry);
    }
}
