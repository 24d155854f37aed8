package io.sitrep.streams.error;

import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.serde.AvroSerializer;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Shared set-up of the error handlers. Kafka Streams builds handlers by class name, so the
 * registry client reaches them through the streams config under {@link #REGISTRY_CLIENT_CONFIG}
 * (an object, not a string: Streams passes its original config map to {@code configure}).
 */
final class DeadLetterConfig {
    static final String REGISTRY_CLIENT_CONFIG = "sitrep.registry.client";

    private final AvroSerializer<RejectedRecord> serializer;

    private DeadLetterConfig(final AvroSerializer<RejectedRecord> serializer) {
        this.serializer = serializer;
    }

    static DeadLetterConfig from(final Map<String, ?> configs) {
        final Object client = configs.get(REGISTRY_CLIENT_CONFIG);
        if (!(client instanceof SchemaRegistryClient registry)) {
            throw new IllegalStateException("Streams config '" + REGISTRY_CLIENT_CONFIG
                    + "' must hold the SchemaRegistryClient the error handlers use; found " + client);
        }
        return new DeadLetterConfig(new AvroSerializer<>(registry, false));
    }

    ProducerRecord<byte[], byte[]> toRejectedTopic(final byte[] key, final RejectedRecord rejected) {
        return new ProducerRecord<>(Topics.REPORTS_REJECTED, key, serializer.serialize(Topics.REPORTS_REJECTED, rejected));
    }
}
