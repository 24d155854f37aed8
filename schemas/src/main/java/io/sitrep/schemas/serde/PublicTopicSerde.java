package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.SchemaRegistryClient;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A value serde whose registration policy depends on the topic: the pipeline's public topics
 * follow {@code publicOptions} (in production: look schemas up, never register — a deploy step
 * runs {@code sitrep schemas register}), while the application's own internal topics
 * (repartition and changelog topics, named after the application id) always auto-register, since
 * no deploy step can know their subjects in advance.
 */
public final class PublicTopicSerde<T extends SpecificRecord> extends ExplicitSerde<T> {
    public PublicTopicSerde(final SchemaRegistryClient registry, final Class<T> type, final Set<String> publicTopics,
                            final SerdeOptions publicOptions) {
        super(byTopic(publicTopics, new AvroSerializer<>(registry, false, publicOptions),
                new AvroSerializer<>(registry, false, SerdeOptions.defaults())), new AvroDeserializer<>(registry, type));
    }

    private static <T extends SpecificRecord> Serializer<T> byTopic(final Set<String> publicTopics,
                                                                   final Serializer<T> forPublic,
                                                                   final Serializer<T> forInternal) {
        return (topic, data) -> (publicTopics.contains(topic) ? forPublic : forInternal).serialize(topic, data);
    }
}
