package io.sitrep.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A registry held in memory, with the same id and version rules as the real one: the same schema
 * gets the same global id under every subject; versions count from 1 per subject. For unit and
 * topology tests, and for tools that only need a registry for one process's lifetime.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemaById = new HashMap<>();
    private final Map<String, List<Integer>> idsBySubject = new HashMap<>();

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        final String canonical = schema.toString();
        final int id = idBySchema.computeIfAbsent(canonical, s -> {
            final int next = schemaById.size() + 1;
            schemaById.put(next, schema);
            return next;
        });
        final List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized Schema getById(final int id) {
        final Schema schema = schemaById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(final String subject) {
        final List<Integer> versions = idsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found.");
        }
        final int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, versions.size(), id, schemaById.get(id));
    }

    @Override
    public synchronized RegisteredSchema lookup(final String subject, final Schema schema) {
        final List<Integer> versions = idsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found.");
        }
        final Integer id = idBySchema.get(schema.toString());
        final int index = id == null ? -1 : versions.indexOf(id);
        if (index < 0) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
        }
        return new RegisteredSchema(subject, index + 1, id, schemaById.get(id));
    }
}
