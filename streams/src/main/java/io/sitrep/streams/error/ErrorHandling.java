package io.sitrep.streams.error;

import io.sitrep.schemas.registry.SchemaRegistryClient;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** Wires the dead-letter handlers into a Kafka Streams configuration. */
public final class ErrorHandling {
    private ErrorHandling() {
    }

    /**
     * Adds both handlers, the registry client they serialise rejected records with, and the
     * {@link RegistryOutage} backoff they share (a registry outage pauses processing, it never
     * rejects a valid record).
     */
    public static void configure(final Properties props, final SchemaRegistryClient registry) {
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        // The escalation clock is a global store (esc-clock-store, ClockStoreUpdater). Without this, an
        // exception there kills the global thread and with it the whole instance; with it, the handler
        // logs the failure and the one clock record is skipped, which the next one from the same task
        // makes good (the clock is a maximum). Kafka 4.4 cannot send DLQ records from the global thread,
        // so nothing reaches the rejected topic for it (Kafka logs that). Default in Kafka 5.0.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Kafka 4.4's partition assignor builds a second StreamsConfig from the main consumer's
        // configs, which carry only consumer settings, so it saw the default (false) and logged
        // "Processing exception handler is not enabled for the GlobalThread" although it is. Give the
        // main consumer the same value; the consumer itself ignores the key.
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        props.put(DeadLetterConfig.REGISTRY_CLIENT_CONFIG, registry);
        props.put(DeadLetterConfig.REGISTRY_OUTAGE_CONFIG, new RegistryOutage());
    }
}
