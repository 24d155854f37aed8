package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for a generated Avro class in the Confluent wire format, backed by a schema registry.
 * Built explicitly with its registry client; it needs no {@code configure()} call.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /** Auto-registering under TopicNameStrategy subjects ({@link SerdeOptions#defaults()}). */
    public AvroSerde(final SchemaRegistryClient registry, final Class<T> type, final boolean isKey) {
        this(registry, type, isKey, SerdeOptions.defaults());
    }

    public AvroSerde(final SchemaRegistryClient registry, final Class<T> type, final boolean isKey,
                     final SerdeOptions options) {
        this.serializer = new AvroSerializer<>(registry, isKey, options);
        this.deserializer = new AvroDeserializer<>(registry, type);
    }

    /** An auto-registering value serde (subject {@code <topic>-value}). */
    public static <T extends SpecificRecord> AvroSerde<T> forValues(final SchemaRegistryClient registry, final Class<T> type) {
        return new AvroSerde<>(registry, type, false);
    }

    /** A value serde with explicit options, e.g. {@link SerdeOptions#production()}. */
    public static <T extends SpecificRecord> AvroSerde<T> forValues(final SchemaRegistryClient registry, final Class<T> type,
                                                                    final SerdeOptions options) {
        return new AvroSerde<>(registry, type, false, options);
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
