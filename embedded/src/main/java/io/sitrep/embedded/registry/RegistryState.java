package io.sitrep.embedded.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.sitrep.schemas.registry.AvroCompatibility;
import io.sitrep.schemas.registry.CompatibilityLevel;
import io.sitrep.schemas.registry.SchemaReference;
import io.sitrep.schemas.registry.SchemaReferences;
import io.sitrep.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code _schemas} says so far: schemas by id, the versions of each subject, compatibility
 * levels. Changed only by applying log records in offset order; not thread-safe (the store
 * serializes access).
 */
final class RegistryState {
    private static final Logger log = LoggerFactory.getLogger(RegistryState.class);

    static final CompatibilityLevel DEFAULT_LEVEL = CompatibilityLevel.BACKWARD;

    /** A version of a subject: the global id it holds, and whether it is soft-deleted. */
    record Entry(int id, boolean deleted) {
    }

    private final Map<Integer, StoredSchema> schemaById = new HashMap<>();
    private final Map<String, Integer> idByIdentity = new HashMap<>();
    /** Present versions per subject, soft-deleted ones included: version → id. Sorted, so lists come out ordered. */
    private final NavigableMap<String, NavigableMap<Integer, Entry>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    // ---- applying log records

    void apply(final SchemaLogCodec.LogRecord record, final long offset) {
        if (record instanceof SchemaLogCodec.SchemaWritten w) {
            applySchema(w.version(), offset);
        } else if (record instanceof SchemaLogCodec.SchemaRemoved r) {
            removeVersion(r.subject(), r.version());
        } else if (record instanceof SchemaLogCodec.LevelSet l) {
            applyLevel(l.subject(), l.level());
        } else if (record instanceof SchemaLogCodec.SubjectDeleted d) {
            final NavigableMap<Integer, Entry> versions = subjects.get(d.subject());
            if (versions != null) {
                versions.headMap(d.version(), true).replaceAll((v, e) -> new Entry(e.id(), true));
            }
        }
    }

    private void applySchema(final SchemaVersion v, final long offset) {
        final StoredSchema stored = parse(v.schema(), v.references());
        final StoredSchema bound = schemaById.get(v.id());
        if (bound != null && !bound.identity().equals(stored.identity())) {
            // Confluent's rule: the first schema written with an id keeps it
            log.error("Skipping record at offset {} of {}: id {} already belongs to another schema",
                    offset, SchemasTopic.NAME, v.id());
            return;
        }
        schemaById.putIfAbsent(v.id(), stored);
        idByIdentity.putIfAbsent(stored.identity(), v.id());
        maxId = Math.max(maxId, v.id());
        subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), new Entry(v.id(), v.deleted()));
    }

    /** Tombstone of a permanent delete. */
    private void removeVersion(final String subject, final int version) {
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
    }

    private void applyLevel(final String subject, final CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else if (level == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, level);
        }
    }

    private void forgetIfUnused(final int id) {
        final boolean used = subjects.values().stream().anyMatch(vs -> vs.values().stream().anyMatch(e -> e.id() == id));
        if (!used) {
            final StoredSchema stored = schemaById.remove(id);
            if (stored != null) {
                idByIdentity.remove(stored.identity(), id);
            }
        }
    }

    // ---- parsing against the state

    /**
     * Parses Avro schema text after the named types it references (resolved, depth first, from
     * the subjects and versions this state holds). 42201 when it does not parse.
     */
    // Schema.toString(Collection, boolean) is deprecated in Avro 1.12 but is the one call that prints a
    // schema with referenced types left as names, which is how Confluent stores a schema with references.
    @SuppressWarnings("deprecation")
    StoredSchema parse(final String text, final List<SchemaReference> references) {
        if (text == null || text.isBlank()) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Empty schema");
        }
        final Schema.Parser parser = new Schema.Parser();
        try {
            SchemaReferences.load(parser, references, this::referenced);
            final List<Schema> referenced = new ArrayList<>(parser.getTypes().values());
            final Schema schema = parser.parse(text);
            // canonical text leaves referenced types as names, as Confluent stores it
            return new StoredSchema(referenced.isEmpty() ? schema.toString() : schema.toString(referenced, false),
                    List.copyOf(references), schema);
        } catch (final SchemaRegistryException e) {
            throw e;
        } catch (final RuntimeException e) {
            // Avro reports bad schemas with several exception types (SchemaParseException, AvroTypeException...)
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }

    private SchemaReferences.Referenced referenced(final SchemaReference ref) {
        final NavigableMap<Integer, Entry> versions = subjects.get(ref.subject());
        final Entry entry = versions == null ? null : versions.get(ref.version());
        if (entry == null) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: reference "
                    + ref.name() + " to subject '" + ref.subject() + "' version " + ref.version() + " not found");
        }
        final StoredSchema stored = schemaById.get(entry.id());
        return new SchemaReferences.Referenced(stored.schema(), stored.references());
    }

    // ---- queries

    /** The schema with a global id, or null. */
    StoredSchema schema(final int id) {
        return schemaById.get(id);
    }

    /** The id a schema (by {@link StoredSchema#identity()}) holds, or null. */
    Integer idOf(final StoredSchema schema) {
        return idByIdentity.get(schema.identity());
    }

    int maxId() {
        return maxId;
    }

    /** Every subject with its present versions, sorted by name. */
    NavigableMap<String, NavigableMap<Integer, Entry>> subjects() {
        return subjects;
    }

    /** The subject's present versions (soft-deleted ones included), or an empty map. */
    NavigableMap<Integer, Entry> versionsOrEmpty(final String subject) {
        return subjects.getOrDefault(subject, new TreeMap<>());
    }

    /** The subject's versions if at least one is live; 40401 otherwise. */
    NavigableMap<Integer, Entry> live(final String subject) {
        final NavigableMap<Integer, Entry> versions = subjects.get(subject);
        if (versions == null || versions.values().stream().allMatch(Entry::deleted)) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        return versions;
    }

    /** The subject's versions, soft-deleted or not; 40401 when it has none. */
    NavigableMap<Integer, Entry> liveOrAny(final String subject) {
        final NavigableMap<Integer, Entry> versions = subjects.get(subject);
        if (versions == null) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        return versions;
    }

    static int latestLive(final String subject, final NavigableMap<Integer, Entry> versions) {
        for (final Map.Entry<Integer, Entry> v : versions.descendingMap().entrySet()) {
            if (!v.getValue().deleted()) {
                return v.getKey();
            }
        }
        throw RegistryErrors.subjectNotFound(subject);
    }

    SchemaVersion version(final String subject, final int number, final Entry entry) {
        final StoredSchema stored = schemaById.get(entry.id());
        return new SchemaVersion(subject, number, entry.id(), stored.schema(), stored.references(), entry.deleted());
    }

    /** One version; {@code -1} means the latest live one. 40401 unknown subject, 40402 unknown version. */
    SchemaVersion find(final String subject, final int version, final boolean includeDeleted) {
        final NavigableMap<Integer, Entry> versions = includeDeleted ? liveOrAny(subject) : live(subject);
        final int number = version == -1 ? latestLive(subject, versions) : version;
        final Entry entry = versions.get(number);
        if (entry == null || (entry.deleted() && !includeDeleted)) {
            throw RegistryErrors.versionNotFound(subject, version);
        }
        return version(subject, number, entry);
    }

    /** The live versions, parsed, for a compatibility check. */
    List<AvroCompatibility.Previous> previous(final NavigableMap<Integer, Entry> versions) {
        final List<AvroCompatibility.Previous> previous = new ArrayList<>();
        versions.forEach((v, e) -> {
            if (!e.deleted()) {
                previous.add(new AvroCompatibility.Previous(v, schemaById.get(e.id()).parsed()));
            }
        });
        return previous;
    }

    /** 42206 when a schema references one of these versions of the subject. */
    void refuseIfReferenced(final String subject, final List<Integer> versions) {
        for (final StoredSchema stored : schemaById.values()) {
            for (final SchemaReference ref : stored.references()) {
                if (ref.subject().equals(subject) && versions.contains(ref.version())) {
                    throw new SchemaRegistryException(422, 42206, "One or more references exist to the schema {magic=1,keytype=SCHEMA,subject="
                            + subject + ",version=" + ref.version() + "}.");
                }
            }
        }
    }

    /** The subject's own level, or null. */
    CompatibilityLevel subjectLevel(final String subject) {
        return subjectLevels.get(subject);
    }

    CompatibilityLevel globalLevel() {
        return globalLevel == null ? DEFAULT_LEVEL : globalLevel;
    }

    /** The level that applies to the subject: its own, else the global one. */
    CompatibilityLevel level(final String subject) {
        final CompatibilityLevel own = subjectLevels.get(subject);
        return own != null ? own : globalLevel();
    }

    int schemaCount() {
        return schemaById.size();
    }

    int subjectCount() {
        return subjects.size();
    }
}
