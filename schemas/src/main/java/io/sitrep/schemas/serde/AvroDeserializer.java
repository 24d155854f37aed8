package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.sitrep.schemas.avro.RegionDailyCount;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro (magic byte {@code 0}, 4-byte big-endian schema id, Avro binary)
 * into a generated specific record class. The writer schema is fetched from the registry by id
 * (and cached); Avro schema resolution maps it onto the reader class' schema, so records written
 * with an older or newer compatible schema decode.
 *
 * <p>Bytes that are not in the wire format (wrong magic byte, too short, unknown schema id, or an
 * Avro body that does not decode) raise {@link SerializationException} naming the topic and the
 * cause, so a Kafka Streams deserialization handler can route the record to the rejected topic
 * with its coordinates.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    static {
        // Avro 1.12 refuses to instantiate classes it does not trust while resolving schemas.
        // Trust exactly our generated package, on top of whatever the process already trusts.
        final ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                c -> c.getName().startsWith(RegionDailyCount.class.getPackageName() + ".")));
    }

    private final SchemaRegistryClient registry;
    private final Class<T> type;
    private final Schema readerSchema;
    private final SpecificData specificData;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public AvroDeserializer(final SchemaRegistryClient registry, final Class<T> type) {
        this.registry = registry;
        this.type = type;
        this.specificData = SpecificData.getForClass(type);
        this.readerSchema = specificData.getSchema(type);
    }

    @Override
    public T deserialize(final String topic, final byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < 5) {
            throw new SerializationException("Record of topic " + topic + " is " + bytes.length
                    + " bytes long: too short for the Confluent wire format (magic byte + 4-byte schema id + Avro)");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final byte magic = buffer.get();
        if (magic != AvroSerializer.MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x in record of topic %s: expected 0x00 (Confluent wire format)", magic, topic));
        }
        final int id = buffer.getInt();
        final SpecificDatumReader<T> reader;
        try {
            reader = readers.computeIfAbsent(id, i -> new SpecificDatumReader<>(registry.getById(i), readerSchema, specificData));
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot read record of topic " + topic + ": writer schema id " + id
                    + " could not be fetched from the schema registry (" + e.getMessage() + ")", e);
        }
        try {
            final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode record of topic " + topic + " with writer schema id " + id
                    + " as " + type.getSimpleName() + ": " + e, e);
        }
    }
}
