package io.sitrep.embedded.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.schemas.registry.AvroCompatibility;
import io.sitrep.schemas.registry.CompatibilityLevel;
import io.sitrep.schemas.registry.SchemaReference;
import io.sitrep.schemas.registry.SchemaRegistryException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state, kept in a compacted Kafka topic in Confluent Schema Registry's record
 * layout ({@code SCHEMA}, {@code CONFIG} and {@code DELETE_SUBJECT} keys), so that a registry
 * started on the same cluster finds the same ids.
 *
 * <p><b>Several instances on one topic.</b> Every write is a Kafka transaction of a producer whose
 * {@code transactional.id} is shared by all instances. A writer first reads the topic to its end
 * (read_committed) and only then decides the next id or version, and its commit succeeds only if
 * no other instance has initialised the same transactional id since this one did: Kafka fences the
 * older producer. So an id or version is only ever decided on a complete view of the log; a fenced
 * instance re-initialises (fencing the other in turn), re-reads and decides again. See
 * docs/adr/0003-schema-registry-single-writer-by-transactional-fencing.md.
 *
 * <p>Every method is synchronized: one writer per process, and reads see a consistent state. Each
 * request first catches up with the log, so any instance answers what any other has committed.
 */
final class SchemaStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchemaStore.class);

    static final String TOPIC = "_schemas";
    /** Shared by every instance on a cluster: that sharing is what makes Kafka fence concurrent writers. */
    static final String DEFAULT_TRANSACTIONAL_ID = "sitrep-schema-registry";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int WRITE_ATTEMPTS = 8;
    private static final CompatibilityLevel DEFAULT_LEVEL = CompatibilityLevel.BACKWARD;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One version of a subject. {@code schema} is the canonical text. */
    record Version(String subject, int version, int id, String schema, List<SchemaReference> references, boolean deleted) {
    }

    /** A schema by global id: canonical text, references and the parsed form. */
    record Stored(String schema, List<SchemaReference> references, Schema parsed) {
        String identity() {
            return schema + "\u0000" + references;
        }
    }

    private record Entry(int id, boolean deleted) {
    }

    /** What a write decided: the records to commit and the answer to give once they are committed. */
    private record Plan<R>(List<ProducerRecord<byte[], byte[]>> records, R result) {
        static <R> Plan<R> answer(final R result) {
            return new Plan<>(List.of(), result);
        }
    }

    private final String bootstrapServers;
    private final String transactionalId;
    private final KafkaConsumer<byte[], byte[]> consumer;
    /** Created and initialised on the first write; replaced when fenced. */
    private KafkaProducer<byte[], byte[]> producer;

    private final Map<Integer, Stored> schemaById = new HashMap<>();
    private final Map<String, Integer> idByIdentity = new HashMap<>();
    /** Present versions per subject, soft-deleted ones included: version → id. Sorted, so lists come out ordered. */
    private final NavigableMap<String, NavigableMap<Integer, Entry>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;
    /** Highest offset applied, by reading or because this instance wrote it. */
    private long appliedOffset = -1;
    private long writes;
    private long fencings;

    private SchemaStore(final String bootstrapServers, final String transactionalId,
                        final KafkaConsumer<byte[], byte[]> consumer) {
        this.bootstrapServers = bootstrapServers;
        this.transactionalId = transactionalId;
        this.consumer = consumer;
    }

    /** Creates the topic if missing, reads it to its end and returns a store ready to serve. */
    static SchemaStore open(final String bootstrapServers, final String transactionalId) {
        ensureTopic(bootstrapServers);
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            final SchemaStore store = new SchemaStore(bootstrapServers, transactionalId, consumer);
            store.catchUp();
            return store;
        } catch (final RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
    }

    // ---------------------------------------------------------------- writes

    /**
     * Registers a schema under a subject (Confluent semantics): the same schema (canonical text and
     * references) live under the subject returns its id and version; otherwise the schema must pass
     * the subject's compatibility level against its live versions, keeps its global id if any
     * subject ever held it, or gets the next id, and becomes the subject's next version (versions
     * are never reused while soft-deleted ones remain).
     */
    synchronized Version register(final String subject, final String schemaText, final List<SchemaReference> references) {
        return inTransaction(() -> {
            final Stored stored = parse(schemaText, references);
            final NavigableMap<Integer, Entry> versions = subjects.getOrDefault(subject, new TreeMap<>());
            final Integer knownId = idByIdentity.get(stored.identity());
            if (knownId != null) {
                for (final Map.Entry<Integer, Entry> v : versions.entrySet()) {
                    if (!v.getValue().deleted() && v.getValue().id() == knownId) {
                        return Plan.answer(version(subject, v.getKey(), v.getValue()));
                    }
                }
            }
            final CompatibilityLevel level = level(subject);
            final List<String> messages = AvroCompatibility.check(level, stored.parsed(), previous(versions));
            if (!messages.isEmpty()) {
                throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                        "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                                + "\", details: " + messages);
            }
            final int id = knownId != null ? knownId : maxId + 1;
            final int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
            final Version registered = new Version(subject, version, id, stored.schema(), stored.references(), false);
            log.info("Registering schema id {} as version {} of subject {}", id, version, subject);
            return new Plan<>(List.of(schemaRecord(registered)), registered);
        });
    }

    /** Sets the compatibility level of a subject, or the global one when {@code subject} is null. */
    synchronized CompatibilityLevel setLevel(final String subject, final CompatibilityLevel level) {
        return inTransaction(() -> new Plan<>(List.of(configRecord(subject, level)), level));
    }

    /** Removes a subject's own level; answers the level it had. 40408 when it had none. */
    synchronized CompatibilityLevel deleteLevel(final String subject) {
        return inTransaction(() -> {
            final CompatibilityLevel previous = subjectLevels.get(subject);
            if (previous == null) {
                throw noSubjectLevel(subject);
            }
            return new Plan<>(List.of(configRecord(subject, null)), previous);
        });
    }

    /**
     * Soft-deletes every live version of a subject (ids keep resolving), or permanently deletes a
     * subject whose versions are all soft-deleted. Answers the deleted version numbers.
     */
    synchronized List<Integer> deleteSubject(final String subject, final boolean permanent) {
        return inTransaction(() -> {
            final NavigableMap<Integer, Entry> versions = subjects.get(subject);
            if (versions == null) {
                throw subjectNotFound(subject);
            }
            final List<Integer> live = new ArrayList<>();
            versions.forEach((v, e) -> {
                if (!e.deleted()) {
                    live.add(v);
                }
            });
            final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            if (!permanent) {
                if (live.isEmpty()) {
                    throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_SOFT_DELETED, "Subject '"
                            + subject + "' was soft deleted.Set permanent=true to delete permanently");
                }
                refuseIfReferenced(subject, live);
                records.add(record(ordered("keytype", "DELETE_SUBJECT", "subject", subject, "magic", 0),
                        ordered("subject", subject, "version", versions.lastKey())));
                return new Plan<>(records, live);
            }
            if (!live.isEmpty()) {
                throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_SOFT_DELETED, "Subject '"
                        + subject + "' was not deleted first before being permanently deleted");
            }
            final List<Integer> all = new ArrayList<>(versions.keySet());
            refuseIfReferenced(subject, all);
            for (final int v : all) {
                records.add(record(schemaKey(subject, v), null));
            }
            records.add(record(ordered("keytype", "DELETE_SUBJECT", "subject", subject, "magic", 0), null));
            if (subjectLevels.containsKey(subject)) {
                records.add(configRecord(subject, null));
            }
            return new Plan<>(records, all);
        });
    }

    /** Soft- or (after a soft delete) permanently deletes one version; -1 is the latest live one. */
    synchronized int deleteVersion(final String subject, final int version, final boolean permanent) {
        return inTransaction(() -> {
            final NavigableMap<Integer, Entry> versions = liveOrAny(subject);
            final int number = version == -1 ? latestLive(subject, versions) : version;
            final Entry entry = versions.get(number);
            if (entry == null) {
                throw versionNotFound(subject, version);
            }
            refuseIfReferenced(subject, List.of(number));
            if (!permanent) {
                if (entry.deleted()) {
                    throw new SchemaRegistryException(404, SchemaRegistryException.VERSION_SOFT_DELETED, "Subject '" + subject
                            + "' Version " + number + " was soft deleted.Set permanent=true to delete permanently");
                }
                final Stored stored = schemaById.get(entry.id());
                return new Plan<>(List.of(schemaRecord(new Version(subject, number, entry.id(), stored.schema(),
                        stored.references(), true))), number);
            }
            if (!entry.deleted()) {
                throw new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_SOFT_DELETED, "Subject '"
                        + subject + "' Version " + number + " was not deleted first before being permanently deleted");
            }
            return new Plan<>(List.of(record(schemaKey(subject, number), null)), number);
        });
    }

    // ---------------------------------------------------------------- reads

    /** The schema with a global id (also when all its versions are soft-deleted); 40403 when unknown. */
    synchronized Stored schema(final int id) {
        catchUp();
        final Stored stored = schemaById.get(id);
        if (stored == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return stored;
    }

    /** (subject, version) pairs holding a global id. */
    synchronized List<Version> versionsOfId(final int id, final boolean includeDeleted) {
        final Stored stored = schema(id);
        final List<Version> found = new ArrayList<>();
        subjects.forEach((subject, versions) -> versions.forEach((v, e) -> {
            if (e.id() == id && (includeDeleted || !e.deleted())) {
                found.add(new Version(subject, v, id, stored.schema(), stored.references(), e.deleted()));
            }
        }));
        return found;
    }

    /** Subjects with a live version (or any present version when {@code includeDeleted}). */
    synchronized List<String> subjects(final boolean includeDeleted) {
        catchUp();
        final List<String> names = new ArrayList<>();
        subjects.forEach((subject, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(e -> !e.deleted())) {
                names.add(subject);
            }
        });
        return names;
    }

    synchronized List<Integer> versions(final String subject, final boolean includeDeleted) {
        catchUp();
        final NavigableMap<Integer, Entry> versions = includeDeleted ? liveOrAny(subject) : live(subject);
        final List<Integer> numbers = new ArrayList<>();
        versions.forEach((v, e) -> {
            if (includeDeleted || !e.deleted()) {
                numbers.add(v);
            }
        });
        return numbers;
    }

    /** One version; {@code -1} means the latest live one. 40401 unknown subject, 40402 unknown version. */
    synchronized Version version(final String subject, final int version, final boolean includeDeleted) {
        catchUp();
        final NavigableMap<Integer, Entry> versions = includeDeleted ? liveOrAny(subject) : live(subject);
        final int number = version == -1 ? latestLive(subject, versions) : version;
        final Entry entry = versions.get(number);
        if (entry == null || (entry.deleted() && !includeDeleted)) {
            throw versionNotFound(subject, version);
        }
        return version(subject, number, entry);
    }

    /** The live version of {@code subject} holding the schema; 40401 / 40403 when there is none. */
    synchronized Version lookup(final String subject, final String schemaText, final List<SchemaReference> references,
                                final boolean includeDeleted) {
        catchUp();
        final NavigableMap<Integer, Entry> versions = includeDeleted ? liveOrAny(subject) : live(subject);
        final Integer id = idByIdentity.get(parse(schemaText, references).identity());
        if (id != null) {
            for (final Map.Entry<Integer, Entry> v : versions.descendingMap().entrySet()) {
                if (v.getValue().id() == id && (includeDeleted || !v.getValue().deleted())) {
                    return version(subject, v.getKey(), v.getValue());
                }
            }
        }
        throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
    }

    /**
     * Could the schema be registered? With {@code version} null: against the live versions the
     * subject's level names (the latest, or all for transitive levels). With a version ({@code -1}
     * latest): against that one version, in the level's direction(s). A subject without live
     * versions accepts anything when asked about "latest" or about all versions.
     *
     * @return Confluent-style reasons; empty when compatible
     */
    synchronized List<String> compatibility(final String subject, final Integer version, final String schemaText,
                                            final List<SchemaReference> references) {
        catchUp();
        final Stored candidate = parse(schemaText, references);
        final CompatibilityLevel level = level(subject);
        final NavigableMap<Integer, Entry> versions = subjects.getOrDefault(subject, new TreeMap<>());
        if (version == null) {
            return AvroCompatibility.check(level, candidate.parsed(), previous(versions));
        }
        if (version == -1 && versions.values().stream().allMatch(Entry::deleted)) {
            return List.of();
        }
        final Version against = version(subject, version, false);
        return AvroCompatibility.check(level, candidate.parsed(),
                List.of(new AvroCompatibility.Previous(against.version(), schemaById.get(against.id()).parsed())));
    }

    /** The subject's own level, if it has one. */
    synchronized Optional<CompatibilityLevel> subjectLevel(final String subject) {
        catchUp();
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized CompatibilityLevel globalLevel() {
        catchUp();
        return globalLevel == null ? DEFAULT_LEVEL : globalLevel;
    }

    synchronized int schemaCount() {
        return schemaById.size();
    }

    synchronized int subjectCount() {
        return subjects.size();
    }

    /** Committed writes of this instance, and how often another instance fenced it. */
    synchronized long[] writeStats() {
        return new long[] {writes, fencings};
    }

    @Override
    public synchronized void close() {
        closeProducer(Duration.ofSeconds(5));
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }

    // ---------------------------------------------------------------- the single-writer protocol

    /**
     * Runs {@code decide} on a state read to the end of the log after this instance's producer was
     * initialised, and commits what it decided in one transaction. If another instance initialised
     * the shared transactional id meanwhile, the commit is refused (fenced): start over.
     */
    private <R> R inTransaction(final Supplier<Plan<R>> decide) {
        KafkaException last = null;
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try {
                if (producer == null) {
                    // Most writes repeat a registration (every serde registers on start): answer those
                    // without taking the writer role, which would fence another instance for nothing.
                    catchUp();
                    final Plan<R> answer = decide.get();
                    if (answer.records().isEmpty()) {
                        return answer.result();
                    }
                    ensureProducer();
                }
                // decide again: only a state read after our producer was initialised is safe to write on
                catchUp();
                final Plan<R> plan = decide.get();
                if (plan.records().isEmpty()) {
                    return plan.result();
                }
                producer.beginTransaction();
                final List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (final ProducerRecord<byte[], byte[]> record : plan.records()) {
                    sent.add(producer.send(record));
                }
                producer.commitTransaction();
                writes++;
                for (int i = 0; i < sent.size(); i++) {
                    final long offset = sent.get(i).get().offset();
                    applyRecord(plan.records().get(i).key(), plan.records().get(i).value(), offset);
                    appliedOffset = Math.max(appliedOffset, offset);
                }
                return plan.result();
            } catch (final KafkaException e) {
                closeProducer(Duration.ZERO);
                if (!fenced(e)) {
                    throw storeError("Could not write to " + TOPIC, e);
                }
                fencings++;
                last = e;
                log.info("Another schema registry instance wrote to {} (attempt {}: {}); re-reading and retrying",
                        TOPIC, attempt, e.toString());
                pauseBeforeRetry(attempt);
            } catch (final ExecutionException e) {
                closeProducer(Duration.ZERO);
                throw storeError("Could not write to " + TOPIC, e);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                closeProducer(Duration.ZERO);
                throw storeError("Interrupted while writing to " + TOPIC, e);
            }
        }
        throw storeError("Could not become the writer of " + TOPIC + " in " + WRITE_ATTEMPTS + " attempts", last);
    }

    private void ensureProducer() {
        if (producer == null) {
            final KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(producerProps(bootstrapServers, transactionalId),
                    new ByteArraySerializer(), new ByteArraySerializer());
            try {
                // fences every other producer with this transactional id and completes or aborts its open transaction
                created.initTransactions();
            } catch (final RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
    }

    private void closeProducer(final Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } finally {
                producer = null;
            }
        }
    }

    private static boolean fenced(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof TransactionAbortableException) {
                return true;
            }
        }
        return false;
    }

    private static void pauseBeforeRetry(final int attempt) {
        // two instances writing at once fence each other in turn; a random pause lets one finish
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 6));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeError("Interrupted while retrying a write to " + TOPIC, e);
        }
    }

    /** Reads the topic from where this store stopped to its last stable offset. */
    private void catchUp() {
        final long end = consumer.endOffsets(List.of(PARTITION), TIMEOUT).get(PARTITION);
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (consumer.position(PARTITION, TIMEOUT) < end) {
            if (System.nanoTime() > deadline) {
                throw new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
                        "Could not read " + TOPIC + " to offset " + end + " within " + TIMEOUT);
            }
            for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                // records this instance wrote were applied when their transaction committed
                if (record.offset() > appliedOffset) {
                    applyRecord(record.key(), record.value(), record.offset());
                    appliedOffset = record.offset();
                }
            }
        }
    }

    // ---------------------------------------------------------------- applying log records

    private void applyRecord(final byte[] keyBytes, final byte[] valueBytes, final long offset) {
        try {
            final JsonNode key = keyBytes == null ? null : JSON.readTree(keyBytes);
            final JsonNode value = valueBytes == null ? null : JSON.readTree(valueBytes);
            switch (key == null ? "" : key.path("keytype").asText()) {
                case "SCHEMA" -> applySchema(key, value, offset);
                case "CONFIG" -> applyConfig(key, value);
                case "DELETE_SUBJECT" -> applyDeleteSubject(value);
                default -> {
                    // NOOP, MODE, CONTEXT... from a Confluent registry: nothing we model
                }
            }
        } catch (final IOException | RuntimeException e) {
            log.warn("Skipping unreadable record in {} at offset {}: {}", TOPIC, offset, e.toString());
        }
    }

    private void applySchema(final JsonNode key, final JsonNode value, final long offset) {
        final String subject = key.path("subject").asText();
        final int version = key.path("version").asInt();
        if (value == null) {
            // tombstone of a permanent delete
            final NavigableMap<Integer, Entry> versions = subjects.get(subject);
            if (versions != null) {
                final Entry removed = versions.remove(version);
                if (versions.isEmpty()) {
                    subjects.remove(subject);
                }
                if (removed != null) {
                    forgetIfUnused(removed.id());
                }
            }
            return;
        }
        final String type = value.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            log.warn("Skipping {} schema in {} at offset {}: only AVRO is supported", type, TOPIC, offset);
            return;
        }
        final int id = value.path("id").asInt();
        final Stored stored = parse(value.path("schema").asText(), references(value.path("references")));
        final Stored bound = schemaById.get(id);
        if (bound != null && !bound.identity().equals(stored.identity())) {
            // Confluent's rule: the first schema written with an id keeps it
            log.error("Skipping record at offset {} of {}: id {} already belongs to another schema", offset, TOPIC, id);
            return;
        }
        schemaById.putIfAbsent(id, stored);
        idByIdentity.putIfAbsent(stored.identity(), id);
        maxId = Math.max(maxId, id);
        subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, new Entry(id, value.path("deleted").asBoolean(false)));
    }

    private void applyConfig(final JsonNode key, final JsonNode value) {
        final JsonNode subject = key.path("subject");
        final CompatibilityLevel level = value == null ? null : CompatibilityLevel.parse(value.path("compatibilityLevel").asText());
        if (subject.isMissingNode() || subject.isNull()) {
            globalLevel = level;
        } else if (level == null) {
            subjectLevels.remove(subject.asText());
        } else {
            subjectLevels.put(subject.asText(), level);
        }
    }

    private void applyDeleteSubject(final JsonNode value) {
        if (value == null) {
            return;
        }
        final NavigableMap<Integer, Entry> versions = subjects.get(value.path("subject").asText());
        if (versions != null) {
            versions.headMap(value.path("version").asInt(), true).replaceAll((v, e) -> new Entry(e.id(), true));
        }
    }

    private void forgetIfUnused(final int id) {
        final boolean used = subjects.values().stream().anyMatch(vs -> vs.values().stream().anyMatch(e -> e.id() == id));
        if (!used) {
            final Stored stored = schemaById.remove(id);
            if (stored != null) {
                idByIdentity.remove(stored.identity(), id);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Parses Avro schema text after the named types it references (resolved, depth first, from
     * the subjects and versions this store holds). 42201 when it does not parse.
     */
    // Schema.toString(Collection, boolean) is deprecated in Avro 1.12 but is the one call that prints a
    // schema with referenced types left as names, which is how Confluent stores a schema with references.
    @SuppressWarnings("deprecation")
    private Stored parse(final String text, final List<SchemaReference> references) {
        if (text == null || text.isBlank()) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Empty schema");
        }
        final Schema.Parser parser = new Schema.Parser();
        try {
            final Set<String> done = new HashSet<>();
            for (final SchemaReference ref : references) {
                parseReference(parser, ref, done, 0);
            }
            final List<Schema> referenced = new ArrayList<>(parser.getTypes().values());
            final Schema schema = parser.parse(text);
            // canonical text leaves referenced types as names, as Confluent stores it
            return new Stored(referenced.isEmpty() ? schema.toString() : schema.toString(referenced, false),
                    List.copyOf(references), schema);
        } catch (final SchemaRegistryException e) {
            throw e;
        } catch (final RuntimeException e) {
            // Avro reports bad schemas with several exception types (SchemaParseException, AvroTypeException...)
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }

    private void parseReference(final Schema.Parser parser, final SchemaReference ref, final Set<String> done, final int depth) {
        if (depth > 32) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Schema references nest too deep");
        }
        if (!done.add(ref.subject() + "/" + ref.version())) {
            return;
        }
        final NavigableMap<Integer, Entry> versions = subjects.get(ref.subject());
        final Entry entry = versions == null ? null : versions.get(ref.version());
        if (entry == null) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: reference "
                    + ref.name() + " to subject '" + ref.subject() + "' version " + ref.version() + " not found");
        }
        final Stored stored = schemaById.get(entry.id());
        for (final SchemaReference inner : stored.references()) {
            parseReference(parser, inner, done, depth + 1);
        }
        try {
            parser.parse(stored.schema());
        } catch (final AvroRuntimeException e) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema: referenced schema " + ref.name() + " does not parse: " + e.getMessage());
        }
    }

    private static List<SchemaReference> references(final JsonNode node) {
        final List<SchemaReference> refs = new ArrayList<>();
        node.forEach(r -> refs.add(new SchemaReference(r.path("name").asText(), r.path("subject").asText(),
                r.path("version").asInt())));
        return refs;
    }

    private void refuseIfReferenced(final String subject, final List<Integer> versions) {
        for (final Stored stored : schemaById.values()) {
            for (final SchemaReference ref : stored.references()) {
                if (ref.subject().equals(subject) && versions.contains(ref.version())) {
                    throw new SchemaRegistryException(422, 42206, "One or more references exist to the schema {magic=1,keytype=SCHEMA,subject="
                            + subject + ",version=" + ref.version() + "}.");
                }
            }
        }
    }

    private CompatibilityLevel level(final String subject) {
        final CompatibilityLevel own = subjectLevels.get(subject);
        return own != null ? own : globalLevel == null ? DEFAULT_LEVEL : globalLevel;
    }

    private List<AvroCompatibility.Previous> previous(final NavigableMap<Integer, Entry> versions) {
        final List<AvroCompatibility.Previous> previous = new ArrayList<>();
        versions.forEach((v, e) -> {
            if (!e.deleted()) {
                previous.add(new AvroCompatibility.Previous(v, schemaById.get(e.id()).parsed()));
            }
        });
        return previous;
    }

    private Version version(final String subject, final int number, final Entry entry) {
        final Stored stored = schemaById.get(entry.id());
        return new Version(subject, number, entry.id(), stored.schema(), stored.references(), entry.deleted());
    }

    /** The subject's versions if at least one is live; 40401 otherwise. */
    private NavigableMap<Integer, Entry> live(final String subject) {
        final NavigableMap<Integer, Entry> versions = subjects.get(subject);
        if (versions == null || versions.values().stream().allMatch(Entry::deleted)) {
            throw subjectNotFound(subject);
        }
        return versions;
    }

    /** The subject's versions, soft-deleted or not; 40401 when it has none. */
    private NavigableMap<Integer, Entry> liveOrAny(final String subject) {
        final NavigableMap<Integer, Entry> versions = subjects.get(subject);
        if (versions == null) {
            throw subjectNotFound(subject);
        }
        return versions;
    }

    private static int latestLive(final String subject, final NavigableMap<Integer, Entry> versions) {
        for (final Map.Entry<Integer, Entry> v : versions.descendingMap().entrySet()) {
            if (!v.getValue().deleted()) {
                return v.getKey();
            }
        }
        throw subjectNotFound(subject);
    }

    static SchemaRegistryException subjectNotFound(final String subject) {
        return new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    static SchemaRegistryException versionNotFound(final String subject, final int version) {
        return new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_FOUND,
                "Version " + (version == -1 ? "latest" : version) + " not found.");
    }

    static SchemaRegistryException noSubjectLevel(final String subject) {
        return new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    private static Map<String, Object> schemaKey(final String subject, final int version) {
        return ordered("keytype", "SCHEMA", "subject", subject, "version", version, "magic", 1);
    }

    private static ProducerRecord<byte[], byte[]> schemaRecord(final Version v) {
        final Map<String, Object> value = ordered("subject", v.subject(), "version", v.version(), "id", v.id(),
                "schema", v.schema());
        if (!v.references().isEmpty()) {
            value.put("references", v.references());
        }
        value.put("deleted", v.deleted());
        return record(schemaKey(v.subject(), v.version()), value);
    }

    private static ProducerRecord<byte[], byte[]> configRecord(final String subject, final CompatibilityLevel level) {
        final Map<String, Object> key = ordered("keytype", "CONFIG", "subject", subject, "magic", 0);
        return record(key, level == null ? null : ordered("compatibilityLevel", level.name()));
    }

    private static ProducerRecord<byte[], byte[]> record(final Map<String, Object> key, final Map<String, Object> value) {
        try {
            return new ProducerRecord<>(TOPIC, 0, JSON.writeValueAsBytes(key),
                    value == null ? null : JSON.writeValueAsBytes(value));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    private static Map<String, Object> ordered(final Object... keysAndValues) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static SchemaRegistryException storeError(final String message, final Exception cause) {
        final SchemaRegistryException e = new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
                message + (cause == null ? "" : ": " + cause));
        if (cause != null) {
            e.initCause(cause);
        }
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
        // writes of a fenced instance are aborted: never apply them
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(java.util.Locale.ROOT));
        // The reader only polls to catch up with a known end offset, while an HTTP request waits:
        // don't let a fetch parked at the log end hold that request for the default 500 ms.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        return props;
    }

    private static Properties producerProps(final String bootstrapServers, final String transactionalId) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "sitrep-schema-registry-writer");
        // the same id in every instance: initialising it fences whichever instance wrote before
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        // an id is handed out only once its record is committed on all in-sync replicas
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // an instance that dies mid-write must not hold back readers' last stable offset for long
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return props;
    }
}
