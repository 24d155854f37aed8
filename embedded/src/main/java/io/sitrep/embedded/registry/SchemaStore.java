package io.sitrep.embedded.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

import io.sitrep.schemas.registry.CompatibilityLevel;
import io.sitrep.schemas.registry.SchemaReference;
import io.sitrep.schemas.registry.SchemaRegistryException;

/**
 * The registry's state, kept in the compacted Kafka topic {@code _schemas} in Confluent Schema
 * Registry's record layout, so that a registry started on the same cluster finds the same ids.
 * A façade over its parts: {@link SchemasTopic} (the topic), {@link SchemaLogReader} (replay into
 * {@link RegistryState}), {@link FencedSchemaWriter} (the single-writer protocol that lets several
 * instances share one topic), {@link RegistryRules} (what a write may do) and
 * {@link SchemaLogCodec} (the record layout).
 *
 * <p>Every method is synchronized: one writer per process, and reads see a consistent state. Each
 * request first catches up with the log, so any instance answers what any other has committed.
 */
final class SchemaStore implements AutoCloseable {
    private final RegistryState state;
    private final SchemaLogReader reader;
    private final FencedSchemaWriter writer;
    private final RegistryRules rules;

    private SchemaStore(final RegistryState state, final SchemaLogReader reader, final FencedSchemaWriter writer) {
        this.state = state;
        this.reader = reader;
        this.writer = writer;
        this.rules = new RegistryRules(state);
    }

    /** Creates the topic if missing, reads it to its end and returns a store ready to serve. */
    static SchemaStore open(final String bootstrapServers, final String transactionalId) {
        SchemasTopic.ensure(bootstrapServers);
        final RegistryState state = new RegistryState();
        final SchemaLogReader reader = SchemaLogReader.open(bootstrapServers, state);
        return new SchemaStore(state, reader, new FencedSchemaWriter(bootstrapServers, transactionalId, reader));
    }

    // ---- writes: decided by the rules, committed by the fenced writer

    /** See {@link RegistryRules#register}. */
    synchronized SchemaVersion register(final String subject, final String schemaText, final List<SchemaReference> references) {
        return writer.write(() -> rules.register(subject, schemaText, references));
    }

    /** Sets the compatibility level of a subject, or the global one when {@code subject} is null. */
    synchronized CompatibilityLevel setLevel(final String subject, final CompatibilityLevel level) {
        return writer.write(() -> rules.setLevel(subject, level));
    }

    /** Removes a subject's own level; answers the level it had. 40408 when it had none. */
    synchronized CompatibilityLevel deleteLevel(final String subject) {
        return writer.write(() -> rules.deleteLevel(subject));
    }

    /** See {@link RegistryRules#deleteSubject}. */
    synchronized List<Integer> deleteSubject(final String subject, final boolean permanent) {
        return writer.write(() -> rules.deleteSubject(subject, permanent));
    }

    /** Soft- or (after a soft delete) permanently deletes one version; -1 is the latest live one. */
    synchronized int deleteVersion(final String subject, final int version, final boolean permanent) {
        return writer.write(() -> rules.deleteVersion(subject, version, permanent));
    }

    // ---- reads: after catching up with the log

    /** The schema with a global id (also when all its versions are soft-deleted); 40403 when unknown. */
    synchronized StoredSchema schema(final int id) {
        reader.catchUp();
        final StoredSchema stored = state.schema(id);
        if (stored == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return stored;
    }

    /** (subject, version) pairs holding a global id. */
    synchronized List<SchemaVersion> versionsOfId(final int id, final boolean includeDeleted) {
        final StoredSchema stored = schema(id);
        final List<SchemaVersion> found = new ArrayList<>();
        state.subjects().forEach((subject, versions) -> versions.forEach((v, e) -> {
            if (e.id() == id && (includeDeleted || !e.deleted())) {
                found.add(new SchemaVersion(subject, v, id, stored.schema(), stored.references(), e.deleted()));
            }
        }));
        return found;
    }

    /** Subjects with a live version (or any present version when {@code includeDeleted}). */
    synchronized List<String> subjects(final boolean includeDeleted) {
        reader.catchUp();
        final List<String> names = new ArrayList<>();
        state.subjects().forEach((subject, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(e -> !e.deleted())) {
                names.add(subject);
            }
        });
        return names;
    }

    synchronized List<Integer> versions(final String subject, final boolean includeDeleted) {
        reader.catchUp();
        final NavigableMap<Integer, RegistryState.Entry> versions = includeDeleted ? state.liveOrAny(subject) : state.live(subject);
        final List<Integer> numbers = new ArrayList<>();
        versions.forEach((v, e) -> {
            if (includeDeleted || !e.deleted()) {
                numbers.add(v);
            }
        });
        return numbers;
    }

    /** One version; {@code -1} means the latest live one. 40401 unknown subject, 40402 unknown version. */
    synchronized SchemaVersion version(final String subject, final int version, final boolean includeDeleted) {
        reader.catchUp();
        return state.find(subject, version, includeDeleted);
    }

    /** The live version of {@code subject} holding the schema; 40401 / 40403 when there is none. */
    synchronized SchemaVersion lookup(final String subject, final String schemaText, final List<SchemaReference> references,
                                      final boolean includeDeleted) {
        reader.catchUp();
        final NavigableMap<Integer, RegistryState.Entry> versions = includeDeleted ? state.liveOrAny(subject) : state.live(subject);
        final Integer id = state.idOf(state.parse(schemaText, references));
        if (id != null) {
            for (final Map.Entry<Integer, RegistryState.Entry> v : versions.descendingMap().entrySet()) {
                if (v.getValue().id() == id && (includeDeleted || !v.getValue().deleted())) {
                    return state.version(subject, v.getKey(), v.getValue());
                }
            }
        }
        throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
    }

    /** See {@link RegistryRules#compatibility}. */
    synchronized List<String> compatibility(final String subject, final Integer version, final String schemaText,
                                            final List<SchemaReference> references) {
        reader.catchUp();
        return rules.compatibility(subject, version, schemaText, references);
    }

    /** The subject's own level, if it has one. */
    synchronized Optional<CompatibilityLevel> subjectLevel(final String subject) {
        reader.catchUp();
        return Optional.ofNullable(state.subjectLevel(subject));
    }

    synchronized CompatibilityLevel globalLevel() {
        reader.catchUp();
        return state.globalLevel();
    }

    synchronized int schemaCount() {
        return state.schemaCount();
    }

    synchronized int subjectCount() {
        return state.subjectCount();
    }

    /** Committed writes of this instance, and how often another instance fenced it. */
    synchronized long[] writeStats() {
        return writer.stats();
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } finally {
            reader.close();
        }
    }
}
