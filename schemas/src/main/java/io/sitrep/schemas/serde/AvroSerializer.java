package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format: magic byte {@code 0}, the writer
 * schema's registry id as a 4-byte big-endian int, then the Avro binary encoding.
 *
 * <p>The schema is registered under the TopicNameStrategy subject ({@code <topic>-value} or
 * {@code <topic>-key}) on first use per topic and the id cached, as Confluent's serializer does
 * with {@code auto.register.schemas=true}. A registry that refuses the schema (for example as
 * incompatible) fails the write with a {@link SerializationException} naming topic and subject.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    static final byte MAGIC_BYTE = 0;

    private final SchemaRegistryClient registry;
    private final boolean isKey;
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

    public AvroSerializer(final SchemaRegistryClient registry, final boolean isKey) {
        this.registry = registry;
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(final String topic, final T data) {
        if (data == null) {
            return null;
        }
        final Schema schema = data.getSchema();
        final String subject = topic + (isKey ? "-key" : "-value");
        final int id;
        try {
            // keyed by subject and schema: one topic may carry several schema versions over time
            id = ids.computeIfAbsent(new SubjectSchema(subject, schema), k -> registry.register(subject, schema));
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot register schema " + schema.getFullName() + " under subject '"
                    + subject + "' for topic " + topic + ": " + e.getMessage(), e);
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(data).write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + schema.getFullName() + " for topic " + topic + ": " + e, e);
        }
        return out.toByteArray();
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    private SpecificDatumWriter<T> writerFor(final T data) {
        // the generated class' own SpecificData carries its logical-type conversions (Instant, LocalDate)
        return writers.computeIfAbsent(data.getSchema(),
                s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(data.getClass())));
    }
}
