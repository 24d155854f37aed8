package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro into {@link GenericRecord}s, for consumers without our generated
 * classes (Confluent's {@code specific.avro.reader=false}). Without a reader schema each record
 * comes out in its writer's schema; with one, Avro schema resolution maps every writer schema onto
 * it, so a consumer pinned to an old schema keeps reading newer compatible data.
 *
 * <p>Logical types are not converted: a {@code timestamp-millis} field is a {@code Long}, a
 * {@code date} an {@code Integer}. Errors as in {@link AvroDeserializer}.
 */
public final class GenericAvroDeserializer implements Deserializer<GenericRecord> {
    private SchemaRegistryClient registry;
    private final Schema readerSchema;
    private final Map<Integer, GenericDatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();

    /** Records come out in their writer's schema. */
    public GenericAvroDeserializer(final SchemaRegistryClient registry) {
        this(registry, null);
    }

    /** Records come out in {@code readerSchema} (null: the writer's). */
    public GenericAvroDeserializer(final SchemaRegistryClient registry, final Schema readerSchema) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.readerSchema = readerSchema;
    }

    /** For Kafka to instantiate from a class name; {@link #configure(Map, boolean)} must follow. */
    public GenericAvroDeserializer() {
        this.readerSchema = null;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        if (registry == null) {
            registry = HttpSchemaRegistryClient.fromConfigs(configs);
        }
    }

    @Override
    public GenericRecord deserialize(final String topic, final byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("GenericAvroDeserializer used before configure()");
        }
        final int id = WireFormat.schemaId(topic, bytes);
        final GenericDatumReader<GenericRecord> reader;
        try {
            reader = readers.computeIfAbsent(id, i -> {
                final Schema writer = registry.getById(i);
                return new GenericDatumReader<>(writer, readerSchema == null ? writer : readerSchema);
            });
        } catch (SchemaRegistryException e) {
            throw SchemaRegistryUnavailableException.of("Cannot read record of topic " + topic + ": writer schema id " + id
                    + " could not be fetched from the schema registry (" + e.getMessage() + ")", e);
        }
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_LENGTH,
                    bytes.length - WireFormat.HEADER_LENGTH, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode record of topic " + topic + " with writer schema id " + id
                    + ": " + e, e);
        }
    }
}
