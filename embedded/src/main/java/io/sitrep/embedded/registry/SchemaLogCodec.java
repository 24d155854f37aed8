package io.sitrep.embedded.registry;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.schemas.registry.CompatibilityLevel;
import io.sitrep.schemas.registry.SchemaReferences;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent Schema Registry's record layout in {@code _schemas}: JSON keys with a {@code keytype}
 * ({@code SCHEMA}, {@code CONFIG}, {@code DELETE_SUBJECT}) and JSON values, null for tombstones.
 * Writes records in that layout and reads them back as {@link LogRecord}s; knows nothing of what
 * they mean for the registry's state.
 */
final class SchemaLogCodec {
    private static final Logger log = LoggerFactory.getLogger(SchemaLogCodec.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record of {@code _schemas} that the registry models. */
    sealed interface LogRecord {
    }

    /** A {@code SCHEMA} record: a version of a subject was written (or soft-deleted). */
    record SchemaWritten(SchemaVersion version) implements LogRecord {
    }

    /** A {@code SCHEMA} tombstone: a version was permanently deleted. */
    record SchemaRemoved(String subject, int version) implements LogRecord {
    }

    /** A {@code CONFIG} record: a level set ({@code level} null: removed), global when {@code subject} is null. */
    record LevelSet(String subject, CompatibilityLevel level) implements LogRecord {
    }

    /** A {@code DELETE_SUBJECT} record: every version up to {@code version} is soft-deleted. */
    record SubjectDeleted(String subject, int version) implements LogRecord {
    }

    private SchemaLogCodec() {
    }

    // ---- writing

    static ProducerRecord<byte[], byte[]> schema(final SchemaVersion v) {
        final Map<String, Object> value = ordered("subject", v.subject(), "version", v.version(), "id", v.id(),
                "schema", v.schema());
        if (!v.references().isEmpty()) {
            value.put("references", v.references());
        }
        value.put("deleted", v.deleted());
        return record(schemaKey(v.subject(), v.version()), value);
    }

    static ProducerRecord<byte[], byte[]> schemaTombstone(final String subject, final int version) {
        return record(schemaKey(subject, version), null);
    }

    /** Sets ({@code level} non-null) or removes the level of a subject, or the global one when {@code subject} is null. */
    static ProducerRecord<byte[], byte[]> config(final String subject, final CompatibilityLevel level) {
        final Map<String, Object> key = ordered("keytype", "CONFIG", "subject", subject, "magic", 0);
        return record(key, level == null ? null : ordered("compatibilityLevel", level.name()));
    }

    static ProducerRecord<byte[], byte[]> deleteSubject(final String subject, final int upToVersion) {
        return record(deleteSubjectKey(subject), ordered("subject", subject, "version", upToVersion));
    }

    static ProducerRecord<byte[], byte[]> deleteSubjectTombstone(final String subject) {
        return record(deleteSubjectKey(subject), null);
    }

    // ---- reading

    /**
     * The record at {@code offset} as the registry models it; empty for what it does not model
     * (NOOP, MODE, CONTEXT... from a Confluent registry; non-Avro schemas).
     *
     * @throws IOException when a key or value is not JSON
     */
    static Optional<LogRecord> decode(final byte[] keyBytes, final byte[] valueBytes, final long offset) throws IOException {
        final JsonNode key = keyBytes == null ? null : JSON.readTree(keyBytes);
        final JsonNode value = valueBytes == null ? null : JSON.readTree(valueBytes);
        switch (key == null ? "" : key.path("keytype").asText()) {
            case "SCHEMA":
                return Optional.ofNullable(schemaRecord(key, value, offset));
            case "CONFIG":
                final JsonNode subject = key.path("subject");
                final CompatibilityLevel level = value == null ? null
                        : CompatibilityLevel.parse(value.path("compatibilityLevel").asText());
                return Optional.of(new LevelSet(subject.isMissingNode() || subject.isNull() ? null : subject.asText(), level));
            case "DELETE_SUBJECT":
                return value == null ? Optional.empty()
                        : Optional.of(new SubjectDeleted(value.path("subject").asText(), value.path("version").asInt()));
            default:
                return Optional.empty();
        }
    }

    private static LogRecord schemaRecord(final JsonNode key, final JsonNode value, final long offset) {
        final String subject = key.path("subject").asText();
        final int version = key.path("version").asInt();
        if (value == null) {
            return new SchemaRemoved(subject, version);
        }
        final String type = value.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            log.warn("Skipping {} schema in {} at offset {}: only AVRO is supported", type, SchemasTopic.NAME, offset);
            return null;
        }
        return new SchemaWritten(new SchemaVersion(subject, version, value.path("id").asInt(), value.path("schema").asText(),
                SchemaReferences.fromJson(value.path("references")), value.path("deleted").asBoolean(false)));
    }

    private static Map<String, Object> schemaKey(final String subject, final int version) {
        return ordered("keytype", "SCHEMA", "subject", subject, "version", version, "magic", 1);
    }

    private static Map<String, Object> deleteSubjectKey(final String subject) {
        return ordered("keytype", "DELETE_SUBJECT", "subject", subject, "magic", 0);
    }

    private static ProducerRecord<byte[], byte[]> record(final Map<String, Object> key, final Map<String, Object> value) {
        try {
            return new ProducerRecord<>(SchemasTopic.NAME, 0, JSON.writeValueAsBytes(key),
                    value == null ? null : JSON.writeValueAsBytes(value));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    /** A map that keeps the order of its keys, as Confluent writes them. */
    static Map<String, Object> ordered(final Object... keysAndValues) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
