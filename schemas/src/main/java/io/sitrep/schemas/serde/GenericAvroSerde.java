package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** Serde for {@link GenericRecord}s in the Confluent wire format; see {@link GenericAvroDeserializer}. */
public final class GenericAvroSerde extends ExplicitSerde<GenericRecord> {
    /**
     * @param readerSchema schema records are read into; null for each record's writer schema
     */
    public GenericAvroSerde(final SchemaRegistryClient registry, final Schema readerSchema, final boolean isKey,
                            final SerdeOptions options) {
        super(new AvroSerializer<>(registry, isKey, options), new GenericAvroDeserializer(registry, readerSchema));
    }
}
