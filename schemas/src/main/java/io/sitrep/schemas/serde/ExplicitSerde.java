package io.sitrep.schemas.serde;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde built explicitly from its two halves, which need no {@code configure()}: unlike Kafka's
 * {@code Serdes.WrapperSerde}, configuring or closing it leaves the halves alone.
 */
abstract class ExplicitSerde<T> implements Serde<T> {
    private final Serializer<T> serializer;
    private final Deserializer<T> deserializer;

    ExplicitSerde(final Serializer<T> serializer, final Deserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    @Override
    public final Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public final Deserializer<T> deserializer() {
        return deserializer;
    }
}
