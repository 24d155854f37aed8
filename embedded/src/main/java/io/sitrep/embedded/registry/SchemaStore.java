package io.sitrep.embedded.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.schemas.registry.SchemaRegistryException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state, kept in a compacted Kafka topic in Confluent Schema Registry's record
 * layout, so that a registry started on the same cluster, ours or Confluent's, finds the same ids.
 *
 * <p>Every method is synchronized: the registry is small and rarely written, and one lock makes
 * "read to the end of the log, pick the next id, write, apply" atomic within this process. Two
 * registries writing to the same topic at the same moment are NOT coordinated (Confluent elects a
 * leader for that); each catches up with the log before it writes, so sequential use is safe.
 */
final class SchemaStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchemaStore.class);

    static final String TOPIC = "_schemas";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One live version of a subject. {@code schema} is the canonical text. */
    record Version(String subject, int version, int id, String schema) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;

    /** Canonical schema text ({@link Schema#toString()} of the parsed schema) by global id. */
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    /** Live (not deleted) versions per subject: version → id. Sorted, so JSON lists come out ordered. */
    private final NavigableMap<String, NavigableMap<Integer, Integer>> subjects = new TreeMap<>();
    /** Highest version ever written per subject, deleted ones included: versions are never reused. */
    private final Map<String, Integer> maxVersion = new HashMap<>();
    private int maxId;

    private SchemaStore(final KafkaConsumer<byte[], byte[]> consumer, final KafkaProducer<byte[], byte[]> producer) {
        this.consumer = consumer;
        this.producer = producer;
    }

    /** Creates the topic if missing, reads it to its end and returns a store ready to serve. */
    static SchemaStore open(final String bootstrapServers) {
        ensureTopic(bootstrapServers);
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer = null;
        try {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            producer = new KafkaProducer<>(producerProps(bootstrapServers), new ByteArraySerializer(), new ByteArraySerializer());
            final SchemaStore store = new SchemaStore(consumer, producer);
            store.catchUp();
            return store;
        } catch (final RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            throw e;
        }
    }

    /**
     * Registers a schema under a subject (Confluent semantics): the same schema already live under
     * the subject returns its id and version; a schema known under another subject keeps its global
     * id and gets the subject's next version; otherwise it gets the next id. A new version must be
     * BACKWARD compatible with the subject's latest one (it can read data written with it).
     * Returns only once the record is acknowledged by all in-sync replicas.
     */
    synchronized Version register(final String subject, final Schema schema) {
        catchUp();
        final String canonical = schema.toString();
        final Integer knownId = idBySchema.get(canonical);
        final NavigableMap<Integer, Integer> versions = subjects.getOrDefault(subject, new TreeMap<>());
        if (knownId != null) {
            for (final Map.Entry<Integer, Integer> v : versions.entrySet()) {
                if (v.getValue().equals(knownId)) {
                    return new Version(subject, v.getKey(), knownId, canonical);
                }
            }
        }
        if (!versions.isEmpty()) {
            checkBackwardCompatible(subject, schema, versions.lastEntry());
        }
        final int id = knownId != null ? knownId : maxId + 1;
        final int version = maxVersion.getOrDefault(subject, 0) + 1;
        write(subject, version, id, canonical);
        apply(subject, version, id, canonical, false);
        log.info("Registered schema id {} as version {} of subject {}", id, version, subject);
        return new Version(subject, version, id, canonical);
    }

    /** The live version of {@code subject} holding {@code schema}; 40401 / 40403 when there is none. */
    synchronized Version lookup(final String subject, final Schema schema) {
        final String canonical = schema.toString();
        for (final Map.Entry<Integer, Integer> v : versionsOf(subject).entrySet()) {
            if (canonical.equals(schemaById.get(v.getValue()))) {
                return new Version(subject, v.getKey(), v.getValue(), canonical);
            }
        }
        throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
    }

    /** The schema with a global id (also when all its versions were deleted); 40403 when unknown. */
    synchronized String schema(final int id) {
        String schema = schemaById.get(id);
        if (schema == null) {
            // another registry on the same topic may have written it since we last read
            catchUp();
            schema = schemaById.get(id);
        }
        if (schema == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    synchronized List<String> subjects() {
        catchUp();
        return new ArrayList<>(subjects.keySet());
    }

    synchronized List<Integer> versions(final String subject) {
        return new ArrayList<>(versionsOf(subject).keySet());
    }

    /** One version; {@code -1} means the latest. 40401 unknown subject, 40402 unknown version. */
    synchronized Version version(final String subject, final int version) {
        final NavigableMap<Integer, Integer> versions = versionsOf(subject);
        final int number = version == -1 ? versions.lastKey() : version;
        final Integer id = versions.get(number);
        if (id == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_FOUND, "Version " + version + " not found.");
        }
        return new Version(subject, number, id, schemaById.get(id));
    }

    /** Is {@code schema} BACKWARD compatible with {@code version} of {@code subject} (-1 = latest)? */
    synchronized boolean isCompatible(final String subject, final int version, final Schema schema) {
        final Version against = version(subject, version);
        return backwardCompatible(schema, against.schema());
    }

    synchronized int schemaCount() {
        return schemaById.size();
    }

    synchronized int subjectCount() {
        return subjects.size();
    }

    @Override
    public synchronized void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }

    private NavigableMap<Integer, Integer> versionsOf(final String subject) {
        NavigableMap<Integer, Integer> versions = subjects.get(subject);
        if (versions == null) {
            catchUp();
            versions = subjects.get(subject);
        }
        if (versions == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private void checkBackwardCompatible(final String subject, final Schema schema,
                                         final Map.Entry<Integer, Integer> latest) {
        if (!backwardCompatible(schema, schemaById.get(latest.getValue()))) {
            // Confluent answers 409 with error code 409 for an incompatible schema
            throw new SchemaRegistryException(409, 409, "Schema being registered is incompatible with an earlier schema"
                    + " for subject \"" + subject + "\" (version " + latest.getKey() + ", compatibility BACKWARD)");
        }
    }

    private static boolean backwardCompatible(final Schema reader, final String writer) {
        final Schema writerSchema = new Schema.Parser().parse(writer);
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writerSchema).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    /** Reads the topic from where this store stopped to its current end. */
    private void catchUp() {
        final long end = consumer.endOffsets(List.of(PARTITION), TIMEOUT).get(PARTITION);
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (consumer.position(PARTITION, TIMEOUT) < end) {
            if (System.nanoTime() > deadline) {
                throw new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
                        "Could not read " + TOPIC + " to offset " + end + " within " + TIMEOUT);
            }
            for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                applyRecord(record);
            }
        }
    }

    private void applyRecord(final ConsumerRecord<byte[], byte[]> record) {
        try {
            final JsonNode key = record.key() == null ? null : JSON.readTree(record.key());
            if (key == null || !"SCHEMA".equals(key.path("keytype").asText())) {
                // CONFIG, NOOP, DELETE_SUBJECT... from a Confluent registry: nothing we model
                return;
            }
            final String subject = key.path("subject").asText();
            final int version = key.path("version").asInt();
            if (record.value() == null) {
                // tombstone of a hard delete
                remove(subject, version);
                return;
            }
            final JsonNode value = JSON.readTree(record.value());
            final String type = value.path("schemaType").asText("AVRO");
            if (!"AVRO".equals(type)) {
                log.warn("Skipping {} schema in {} at offset {}: only AVRO is supported", type, TOPIC, record.offset());
                return;
            }
            final String canonical = new Schema.Parser().parse(value.path("schema").asText()).toString();
            apply(subject, version, value.path("id").asInt(), canonical, value.path("deleted").asBoolean(false));
        } catch (final IOException | AvroRuntimeException e) {
            log.warn("Skipping unreadable record in {} at offset {}: {}", TOPIC, record.offset(), e.toString());
        }
    }

    /** Idempotent: our own writes are applied at once and again when the log is read back. */
    private void apply(final String subject, final int version, final int id, final String canonical, final boolean deleted) {
        schemaById.putIfAbsent(id, canonical);
        idBySchema.putIfAbsent(canonical, id);
        maxId = Math.max(maxId, id);
        maxVersion.merge(subject, version, Math::max);
        if (deleted) {
            remove(subject, version);
        } else {
            subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, id);
        }
    }

    private void remove(final String subject, final int version) {
        final NavigableMap<Integer, Integer> versions = subjects.get(subject);
        if (versions != null) {
            versions.remove(version);
            if (versions.isEmpty()) {
                subjects.remove(subject);
            }
        }
    }

    private void write(final String subject, final int version, final int id, final String canonical) {
        final Map<String, Object> key = new LinkedHashMap<>();
        key.put("keytype", "SCHEMA");
        key.put("subject", subject);
        key.put("version", version);
        key.put("magic", 1);
        final Map<String, Object> value = new LinkedHashMap<>();
        value.put("subject", subject);
        value.put("version", version);
        value.put("id", id);
        value.put("schema", canonical);
        value.put("deleted", false);
        try {
            producer.send(new ProducerRecord<>(TOPIC, 0, JSON.writeValueAsBytes(key), JSON.writeValueAsBytes(value)))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        } catch (final ExecutionException | TimeoutException e) {
            throw storeError("Could not write schema " + id + " to " + TOPIC, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeError("Interrupted while writing schema " + id + " to " + TOPIC, e);
        }
    }

    private static SchemaRegistryException storeError(final String message, final Exception cause) {
        final SchemaRegistryException e = new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
                message + ": " + cause);
        e.initCause(cause);
        return e;
    }

    private static void ensureTopic(final String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            // Confluent's default is 3 replicas; one broker can only hold one
            final int brokers = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            final short replicas = (short) Math.max(1, Math.min(3, brokers));
            final NewTopic topic = new NewTopic(TOPIC, 1, replicas)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                log.info("Created topic {} (1 partition, {} replica(s), compacted)", TOPIC, replicas);
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeader(admin);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create or find topic " + TOPIC + " on " + bootstrapServers, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing topic " + TOPIC, e);
        }
    }

    /**
     * A partition that was just created may have no leader yet: producing then fails (an idempotent
     * producer can even get stuck on sequence errors), so wait until its offsets can be listed.
     */
    private static void awaitLeader(final Admin admin) throws InterruptedException, TimeoutException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        ExecutionException last = null;
        while (System.nanoTime() < deadline) {
            try {
                admin.listOffsets(Map.of(PARTITION, OffsetSpec.latest())).all().get(5, TimeUnit.SECONDS);
                return;
            } catch (final ExecutionException e) {
                last = e;
            }
        }
        final TimeoutException timeout = new TimeoutException("Partition " + PARTITION + " has no leader after " + TIMEOUT);
        timeout.initCause(last);
        throw timeout;
    }

    private static Properties consumerProps(final String bootstrapServers) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sitrep-schema-registry-reader");
        // assigned, not subscribed: no group, nothing to commit
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The reader only polls to catch up with a known end offset, while an HTTP request waits:
        // don't let a fetch parked at the log end hold that request for the default 500 ms.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        return props;
    }

    private static Properties producerProps(final String bootstrapServers) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "sitrep-schema-registry-writer");
        // an id is handed out only once its record is safe
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return props;
    }
}
