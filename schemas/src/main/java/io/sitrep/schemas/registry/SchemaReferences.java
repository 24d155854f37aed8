package io.sitrep.schemas.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Schema references as Confluent's API and {@code _schemas} records carry them, and how to parse a
 * schema that uses them: the referenced schemas first, depth first, into the same
 * {@link Schema.Parser}. Shared by the HTTP client (which finds referenced schemas over HTTP) and
 * the embedded registry (which finds them in its own state).
 */
public final class SchemaReferences {
    /** References nested deeper than this are refused (a cycle through versions cannot loop forever). */
    private static final int MAX_DEPTH = 32;

    /** A referenced schema: its text and its own references. */
    public record Referenced(String schema, List<SchemaReference> references) {
    }

    /** Finds the schema a reference names; throws (a 404 or 422 {@link SchemaRegistryException}) when there is none. */
    @FunctionalInterface
    public interface Lookup {
        Referenced find(SchemaReference reference);
    }

    private SchemaReferences() {
    }

    /** The {@code [{"name", "subject", "version"}]} array of a registry answer or record; empty when missing. */
    public static List<SchemaReference> fromJson(final JsonNode array) {
        final List<SchemaReference> refs = new ArrayList<>();
        array.forEach(r -> refs.add(new SchemaReference(r.path("name").asText(), r.path("subject").asText(),
                r.path("version").asInt())));
        return refs;
    }

    /**
     * Parses every referenced schema, depth first and each (subject, version) once, into
     * {@code parser}, so that the schema that references them can be parsed next.
     *
     * @throws SchemaRegistryException 42201 when references nest too deep or a referenced schema does not parse
     */
    public static void load(final Schema.Parser parser, final List<SchemaReference> references, final Lookup lookup) {
        final Set<String> done = new HashSet<>();
        for (final SchemaReference ref : references) {
            load(parser, ref, lookup, done, 0);
        }
    }

    private static void load(final Schema.Parser parser, final SchemaReference ref, final Lookup lookup,
                             final Set<String> done, final int depth) {
        if (depth > MAX_DEPTH) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Schema references nest too deep");
        }
        if (!done.add(ref.subject() + "/" + ref.version())) {
            return;
        }
        final Referenced referenced = lookup.find(ref);
        for (final SchemaReference inner : referenced.references()) {
            load(parser, inner, lookup, done, depth + 1);
        }
        try {
            parser.parse(referenced.schema());
        } catch (final AvroRuntimeException e) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema: referenced schema " + ref.name() + " does not parse: " + e.getMessage());
        }
    }
}
