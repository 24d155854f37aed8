package io.sitrep.embedded.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import io.sitrep.schemas.registry.AvroCompatibility;
import io.sitrep.schemas.registry.CompatibilityLevel;
import io.sitrep.schemas.registry.SchemaReference;
import io.sitrep.schemas.registry.SchemaRegistryException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent's rules for changing a registry, decided on a {@link RegistryState}: which
 * registrations are compatible, which ids and versions they get, what may be deleted. Each write
 * rule answers a {@link WritePlan} (the records to commit) and changes nothing itself.
 */
final class RegistryRules {
    private static final Logger log = LoggerFactory.getLogger(RegistryRules.class);

    private final RegistryState state;

    RegistryRules(final RegistryState state) {
        this.state = state;
    }

    /**
     * Registers a schema under a subject: the same schema (canonical text and references) live
     * under the subject returns its id and version; otherwise the schema must pass the subject's
     * compatibility level against its live versions, keeps its global id if any subject ever held
     * it, or gets the next id, and becomes the subject's next version (versions are never reused
     * while soft-deleted ones remain).
     */
    WritePlan<SchemaVersion> register(final String subject, final String schemaText, final List<SchemaReference> references) {
        final StoredSchema stored = state.parse(schemaText, references);
        final NavigableMap<Integer, RegistryState.Entry> versions = state.versionsOrEmpty(subject);
        final Integer knownId = state.idOf(stored);
        if (knownId != null) {
            for (final Map.Entry<Integer, RegistryState.Entry> v : versions.entrySet()) {
                if (!v.getValue().deleted() && v.getValue().id() == knownId) {
                    return WritePlan.answer(state.version(subject, v.getKey(), v.getValue()));
                }
            }
        }
        final List<String> messages = AvroCompatibility.check(state.level(subject), stored.parsed(), state.previous(versions));
        if (!messages.isEmpty()) {
            throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + messages);
        }
        final int id = knownId != null ? knownId : state.maxId() + 1;
        final int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        final SchemaVersion registered = new SchemaVersion(subject, version, id, stored.schema(), stored.references(), false);
        log.info("Registering schema id {} as version {} of subject {}", id, version, subject);
        return new WritePlan<>(List.of(SchemaLogCodec.schema(registered)), registered);
    }

    /** Sets the compatibility level of a subject, or the global one when {@code subject} is null. */
    WritePlan<CompatibilityLevel> setLevel(final String subject, final CompatibilityLevel level) {
        return new WritePlan<>(List.of(SchemaLogCodec.config(subject, level)), level);
    }

    /** Removes a subject's own level; answers the level it had. 40408 when it had none. */
    WritePlan<CompatibilityLevel> deleteLevel(final String subject) {
        final CompatibilityLevel previous = state.subjectLevel(subject);
        if (previous == null) {
            throw RegistryErrors.noSubjectLevel(subject);
        }
        return new WritePlan<>(List.of(SchemaLogCodec.config(subject, null)), previous);
    }

    /**
     * Soft-deletes every live version of a subject (ids keep resolving), or permanently deletes a
     * subject whose versions are all soft-deleted. Answers the deleted version numbers.
     */
    WritePlan<List<Integer>> deleteSubject(final String subject, final boolean permanent) {
        final NavigableMap<Integer, RegistryState.Entry> versions = state.subjects().get(subject);
        if (versions == null) {
            throw RegistryErrors.subjectNotFound(subject);
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
            state.refuseIfReferenced(subject, live);
            records.add(SchemaLogCodec.deleteSubject(subject, versions.lastKey()));
            return new WritePlan<>(records, live);
        }
        if (!live.isEmpty()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_SOFT_DELETED, "Subject '"
                    + subject + "' was not deleted first before being permanently deleted");
        }
        final List<Integer> all = new ArrayList<>(versions.keySet());
        state.refuseIfReferenced(subject, all);
        for (final int v : all) {
            records.add(SchemaLogCodec.schemaTombstone(subject, v));
        }
        records.add(SchemaLogCodec.deleteSubjectTombstone(subject));
        if (state.subjectLevel(subject) != null) {
            records.add(SchemaLogCodec.config(subject, null));
        }
        return new WritePlan<>(records, all);
    }

    /** Soft- or (after a soft delete) permanently deletes one version; -1 is the latest live one. */
    WritePlan<Integer> deleteVersion(final String subject, final int version, final boolean permanent) {
        final NavigableMap<Integer, RegistryState.Entry> versions = state.liveOrAny(subject);
        final int number = version == -1 ? RegistryState.latestLive(subject, versions) : version;
        final RegistryState.Entry entry = versions.get(number);
        if (entry == null) {
            throw RegistryErrors.versionNotFound(subject, version);
        }
        state.refuseIfReferenced(subject, List.of(number));
        if (!permanent) {
            if (entry.deleted()) {
                throw new SchemaRegistryException(404, SchemaRegistryException.VERSION_SOFT_DELETED, "Subject '" + subject
                        + "' Version " + number + " was soft deleted.Set permanent=true to delete permanently");
            }
            final StoredSchema stored = state.schema(entry.id());
            return new WritePlan<>(List.of(SchemaLogCodec.schema(new SchemaVersion(subject, number, entry.id(), stored.schema(),
                    stored.references(), true))), number);
        }
        if (!entry.deleted()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_SOFT_DELETED, "Subject '"
                    + subject + "' Version " + number + " was not deleted first before being permanently deleted");
        }
        return new WritePlan<>(List.of(SchemaLogCodec.schemaTombstone(subject, number)), number);
    }

    /**
     * Could the schema be registered? With {@code version} null: against the live versions the
     * subject's level names (the latest, or all for transitive levels). With a version ({@code -1}
     * latest): against that one version, in the level's direction(s). A subject without live
     * versions accepts anything when asked about "latest" or about all versions.
     *
     * @return Confluent-style reasons; empty when compatible
     */
    List<String> compatibility(final String subject, final Integer version, final String schemaText,
                               final List<SchemaReference> references) {
        final StoredSchema candidate = state.parse(schemaText, references);
        final CompatibilityLevel level = state.level(subject);
        final NavigableMap<Integer, RegistryState.Entry> versions = state.versionsOrEmpty(subject);
        if (version == null) {
            return AvroCompatibility.check(level, candidate.parsed(), state.previous(versions));
        }
        if (version == -1 && versions.values().stream().allMatch(RegistryState.Entry::deleted)) {
            return List.of();
        }
        final SchemaVersion against = state.find(subject, version, false);
        return AvroCompatibility.check(level, candidate.parsed(),
                List.of(new AvroCompatibility.Previous(against.version(), state.schema(against.id()).parsed())));
    }
}
