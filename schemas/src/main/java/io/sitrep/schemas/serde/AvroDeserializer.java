package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
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
 * with an older or newer compatible schema decode. For records without a generated class, use
 * {@link GenericAvroDeserializer}.
 *
 * <p>Bytes that are not in the wire format (wrong magic byte, too short, unknown schema id, or an
 * Avro body that does not decode) raise {@link SerializationException} naming the topic and the
 * cause, so a Kafka Streams deserialization handler can route the record to the rejected topic
 * with its coordinates. A registry that cannot answer now (unreachable, timeout, 5xx) raises the
 * subclass {@link SchemaRegistryUnavailableException} instead: the record is not at fault.
 *
 * <p>Built either explicitly, or by Kafka from a class name: then {@link #configure(Map, boolean)}
 * reads {@code schema.registry.url} and the class from {@value #VALUE_TYPE} (or {@value #KEY_TYPE}).
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    /** Confluent's setting naming the generated class of values. */
    public static final String VALUE_TYPE = "specific.avro.value.type";
    /** Confluent's setting naming the generated class of keys. */
    public static final String KEY_TYPE = "specific.avro.key.type";

    static {
        // Avro 1.12 refuses to instantiate classes it does not trust while resolving schemas.
        // Trust exactly our generated package, on top of whatever the process already trusts.
        final ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                c -> c.getName().startsWith(RegionDailyCount.class.getPackageName() + ".")));
    }

    private SchemaRegistryClient registry;
    private Class<T> type;
    private Schema readerSchema;
    private SpecificData specificData;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public AvroDeserializer(final SchemaRegistryClient registry, final Class<T> type) {
        this.registry = Objects.requireNonNull(registry, "registry");
        init(type);
    }

    /** For Kafka to instantiate from a class name; {@link #configure(Map, boolean)} must follow. */
    public AvroDeserializer() {
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        if (registry == null) {
            registry = HttpSchemaRegistryClient.fromConfigs(configs);
        }
        if (type == null) {
            final Object name = configs.get(isKey ? KEY_TYPE : VALUE_TYPE);
            if (name == null) {
                throw new IllegalArgumentException("Missing setting " + (isKey ? KEY_TYPE : VALUE_TYPE)
                        + ": the generated Avro class to read into (or use GenericAvroDeserializer)");
            }
            try {
                init((Class<T>) (name instanceof Class<?> c ? c : Class.forName(name.toString(), true,
                        Thread.currentThread().getContextClassLoader())));
            } catch (final ClassNotFoundException e) {
                throw new IllegalArgumentException("Class " + name + " not found", e);
            }
        }
    }

    private void init(final Class<T> cls) {
        this.type = Objects.requireNonNull(cls, "type");
        this.specificData = SpecificData.getForClass(cls);
        this.readerSchema = specificData.getSchema(cls);
    }

    @Override
    public T deserialize(final String topic, final byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (registry == null || type == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        final int id = WireFormat.schemaId(topic, bytes);
        final SpecificDatumReader<T> reader;
        try {
            reader = readers.computeIfAbsent(id, i -> new SpecificDatumReader<>(registry.getById(i), readerSchema, specificData));
        } catch (SchemaRegistryException e) {
            throw SchemaRegistryUnavailableException.of("Cannot read record of topic " + topic + ": writer schema id " + id
                    + " could not be fetched from the schema registry (" + e.getMessage() + ")", e);
        }
        try {
            final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_LENGTH,
                    bytes.length - WireFormat.HEADER_LENGTH, null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode record of topic " + topic + " with writer schema id " + id
                    + " as " + type.getSimpleName() + ": " + e, e);
        }
    }
}
