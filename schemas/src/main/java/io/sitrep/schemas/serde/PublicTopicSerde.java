package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.SchemaRegistryClient;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A value serde whose registration policy depends on the topic: the pipeline's public topics
 * follow {@code publicOptions} (in production: look schemas up, never register — a deploy step
 * runs {@code sitrep schemas register}), while the application's own internal topics
 * (repartition and changelog topics, named after the application id) always auto-register, since
 * no deploy step can know their subjects in advance.
 */
public final class PublicTopicSerde<T extends SpecificRecord> implements Serde<T> {
    private final Serializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    public PublicTopicSerde(final SchemaRegistryClient registry, final Class<T> type, final Set<String> publicTopics,
                            final SerdeOptions publicOptions) {
        final AvroSerializer<T> forPublic = new AvroSerializer<>(registry, false, publicOptions);
        final AvroSerializer<T> forInternal = new AvroSerializer<>(registry, false, SerdeOptions.defaults());
        this.serializer = (topic, data) -> (publicTopics.contains(topic) ? forPublic : forInternal).serialize(topic, data);
        this.deserializer = new AvroDeserializer<>(registry, type);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
