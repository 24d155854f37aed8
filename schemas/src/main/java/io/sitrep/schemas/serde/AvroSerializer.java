package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.registry.RegisteredSchema;
import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated specific classes or {@link GenericRecord}s) in the Confluent wire
 * format: magic byte {@code 0}, the writer schema's registry id as a 4-byte big-endian int, then
 * the Avro binary encoding.
 *
 * <p>Which id is written follows {@link SerdeOptions}: by default the record's schema is registered
 * under the TopicNameStrategy subject ({@code <topic>-value} or {@code <topic>-key}) on first use
 * per subject and schema, and the id cached, as Confluent's serializer does with
 * {@code auto.register.schemas=true}. A registry that refuses the schema (for example as
 * incompatible), or does not hold it when auto-registration is off, fails the write with a
 * {@link SerializationException} naming topic and subject.
 *
 * <p>Built either explicitly with a registry client, or by Kafka from a class name: then
 * {@link #configure(Map, boolean)} reads {@code schema.registry.url} and the Confluent settings of
 * {@link SerdeOptions} (and must be called before use).
 */
public final class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {
    static final byte MAGIC_BYTE = WireFormat.MAGIC_BYTE;

    private SchemaRegistryClient registry;
    private boolean isKey;
    private SerdeOptions options;
    private final Map<SubjectSchema, Target> targets = new ConcurrentHashMap<>();
    /**
     * The last schema written to each topic and its target: a stream writes one schema to a topic for
     * its whole life, and naming the subject (a new string) and looking up (subject, schema) for every
     * record made a few dozen megabytes of garbage a bench phase.
     */
    private final Map<String, LastWrite> lastByTopic = new ConcurrentHashMap<>();
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

    private record LastWrite(Schema schema, Target target) {
    }

    /** What to write for one (subject, record schema): the id and, with use.latest.version, the schema to convert to. */
    private record Target(int id, Schema convertTo, byte[] header) {
        Target(final int id, final Schema convertTo) {
            this(id, convertTo, WireFormat.header(id));
        }
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** Auto-registering, TopicNameStrategy: the behaviour every topology relies on. */
    public AvroSerializer(final SchemaRegistryClient registry, final boolean isKey) {
        this(registry, isKey, SerdeOptions.defaults());
    }

    public AvroSerializer(final SchemaRegistryClient registry, final boolean isKey, final SerdeOptions options) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.isKey = isKey;
        this.options = Objects.requireNonNull(options, "options");
    }

    /** For Kafka to instantiate from a class name; {@link #configure(Map, boolean)} must follow. */
    public AvroSerializer() {
    }

    /**
     * Reads {@code schema.registry.url} (and auth, see {@link HttpSchemaRegistryClient#fromConfigs})
     * unless a registry was given, and the {@link SerdeOptions} settings.
     */
    @Override
    public void configure(final Map<String, ?> configs, final boolean key) {
        this.isKey = key;
        this.options = SerdeOptions.fromConfigs(configs, key);
        if (registry == null) {
            this.registry = HttpSchemaRegistryClient.fromConfigs(configs);
        }
    }

    @Override
    public byte[] serialize(final String topic, final T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        final Schema schema = data.getSchema();
        final LastWrite last = topic == null ? null : lastByTopic.get(topic);
        final Target target = last != null && last.schema() == schema ? last.target() : target(topic, schema);
        return encode(topic, data, schema, target);
    }

    /** The id to write for {@code schema} on {@code topic}, registered or looked up on first use. */
    private Target target(final String topic, final Schema schema) {
        final String subject = options.subjectNameStrategy().subject(topic, isKey, schema);
        final Target target;
        try {
            // keyed by subject and schema: one topic may carry several schema versions over time
            target = targets.computeIfAbsent(new SubjectSchema(subject, schema), k -> resolve(subject, schema));
        } catch (SchemaRegistryException e) {
            throw SchemaRegistryUnavailableException.of("Cannot " + (options.autoRegister() ? "register" : "find") + " schema "
                    + schema.getFullName() + " under subject '" + subject + "' for topic " + topic + ": " + e.getMessage()
                    + " (HTTP " + e.httpStatus() + ", error code " + e.errorCode() + ")"
                    + (options.autoRegister() || options.useLatestVersion() ? ""
                    : "; auto.register.schemas is off: register the schema first (sitrep schemas register)"), e);
        }
        if (topic != null) {
            lastByTopic.put(topic, new LastWrite(schema, target));
        }
        return target;
    }

    private byte[] encode(final String topic, final T data, final Schema schema, final Target target) {
        final RecordBuffer out = RecordBuffer.forThisThread(target.header());
        try {
            final BinaryEncoder encoder = out.encoder();
            if (target.convertTo() == null) {
                writerFor(data).write(data, encoder);
            } else {
                new GenericDatumWriter<GenericRecord>(target.convertTo()).write(convert(data, target.convertTo()), encoder);
            }
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + schema.getFullName() + " for topic " + topic + ": " + e, e);
        }
        return out.toByteArray();
    }

    private Target resolve(final String subject, final Schema schema) {
        if (options.useLatestVersion()) {
            final RegisteredSchema latest = registry.latest(subject);
            if (latest.schema().equals(schema)) {
                return new Target(latest.id(), null);
            }
            // latest.compatibility.strict: the latest schema must be able to read what the record holds
            final var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), schema);
            if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new SchemaRegistryException(409, 409, "latest version " + latest.version() + " (id " + latest.id()
                        + ") cannot read records of " + schema.getFullName() + ": " + compatibility.getDescription());
            }
            return new Target(latest.id(), latest.schema());
        }
        if (options.autoRegister()) {
            return new Target(registry.register(subject, schema), null);
        }
        return new Target(registry.lookup(subject, schema).id(), null);
    }

    /** Re-reads the record's own encoding with the target schema: Avro resolution matches fields by name. */
    private GenericRecord convert(final T data, final Schema target) throws IOException {
        final ByteArrayOutputStream own = new ByteArrayOutputStream(256);
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(own, null);
        writerFor(data).write(data, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(data.getSchema(), target)
                .read(null, DecoderFactory.get().binaryDecoder(own.toByteArray(), null));
    }

    private SpecificDatumWriter<T> writerFor(final T data) {
        // the generated class' own SpecificData carries its logical-type conversions (Instant, LocalDate)
        return writers.computeIfAbsent(data.getSchema(),
                s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(data.getClass())));
    }
}
