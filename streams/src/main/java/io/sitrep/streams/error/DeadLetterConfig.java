package io.sitrep.streams.error;

import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.serde.AvroSerializer;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Shared set-up of the error handlers. Kafka Streams builds handlers by class name, so the
 * registry client reaches them through the streams config under {@link #REGISTRY_CLIENT_CONFIG}
 * (an object, not a string: Streams passes its original config map to {@code configure}).
 */
final class DeadLetterConfig {
    static final String REGISTRY_CLIENT_CONFIG = "sitrep.registry.client";
    /** The client's {@link RegistryOutage}: one per Kafka Streams client, so its threads share the backoff. */
    static final String REGISTRY_OUTAGE_CONFIG = "sitrep.registry.outage";

    private final AvroSerializer<RejectedRecord> serializer;
    private final RegistryOutage outage;

    private DeadLetterConfig(final AvroSerializer<RejectedRecord> serializer, final RegistryOutage outage) {
        this.serializer = serializer;
        this.outage = outage;
    }

    static DeadLetterConfig from(final Map<String, ?> configs) {
        final Object client = configs.get(REGISTRY_CLIENT_CONFIG);
        if (!(client instanceof SchemaRegistryClient registry)) {
            throw new IllegalStateException("Streams config '" + REGISTRY_CLIENT_CONFIG
                    + "' must hold the SchemaRegistryClient the error handlers use; found " + client);
        }
        final Object outage = configs.get(REGISTRY_OUTAGE_CONFIG);
        return new DeadLetterConfig(new AvroSerializer<>(registry, false),
                outage instanceof RegistryOutage shared ? shared : new RegistryOutage());
    }

    RegistryOutage outage() {
        return outage;
    }

    /** The global thread's task id is -1_-1; failing it would stop the whole client, not replace a thread. */
    static boolean onGlobalThread(final ErrorHandlerContext context) {
        return context.taskId() != null && context.taskId().subtopology() < 0;
    }

    ProducerRecord<byte[], byte[]> toRejectedTopic(final byte[] key, final RejectedRecord rejected) {
        return new ProducerRecord<>(Topics.REPORTS_REJECTED, key, serializer.serialize(Topics.REPORTS_REJECTED, rejected));
    }
}
