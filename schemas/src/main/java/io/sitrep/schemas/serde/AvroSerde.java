package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;

/**
 * Serde for a generated Avro class in the Confluent wire format, backed by a schema registry.
 * Built explicitly with its registry client; it needs no {@code configure()} call.
 */
public final class AvroSerde<T extends SpecificRecord> extends ExplicitSerde<T> {
    /** Auto-registering under TopicNameStrategy subjects ({@link SerdeOptions#defaults()}). */
    public AvroSerde(final SchemaRegistryClient registry, final Class<T> type, final boolean isKey) {
        this(registry, type, isKey, SerdeOptions.defaults());
    }

    public AvroSerde(final SchemaRegistryClient registry, final Class<T> type, final boolean isKey,
                     final SerdeOptions options) {
        super(new AvroSerializer<>(registry, isKey, options), new AvroDeserializer<>(registry, type));
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
}
