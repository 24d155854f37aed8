package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serde for {@link GenericRecord}s in the Confluent wire format; see {@link GenericAvroDeserializer}. */
public final class GenericAvroSerde implements Serde<GenericRecord> {
    private final AvroSerializer<GenericRecord> serializer;
    private final GenericAvroDeserializer deserializer;

    /**
     * @param readerSchema schema records are read into; null for each record's writer schema
     */
    public GenericAvroSerde(final SchemaRegistryClient registry, final Schema readerSchema, final boolean isKey,
                            final SerdeOptions options) {
        this.serializer = new AvroSerializer<>(registry, isKey, options);
        this.deserializer = new GenericAvroDeserializer(registry, readerSchema);
    }

    @Override
    public Serializer<GenericRecord> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<GenericRecord> deserializer() {
        return deserializer;
    }
}
