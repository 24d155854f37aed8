package io.sitrep.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Compatibility decisions with Avro's own checker ({@link SchemaCompatibility}), explained in the
 * words Confluent Schema Registry uses, so that an operator sees <em>which field breaks what</em>.
 *
 * <p>"Backward": the candidate (new) schema reads data written with an earlier one. "Forward": an
 * earlier schema reads data written with the candidate. Non-transitive levels compare with the
 * latest live version only; transitive ones with every live version, newest first, and report the
 * first version that fails.
 */
public final class AvroCompatibility {

    /** One live version of a subject. */
    public record Previous(int version, Schema schema) {
    }

    private AvroCompatibility() {
    }

    /**
     * Checks {@code candidate} against the subject's live versions.
     *
     * @param previous live versions, oldest first; empty means anything is compatible
     * @return Confluent-style messages; empty when compatible
     */
    public static List<String> check(final CompatibilityLevel level, final Schema candidate, final List<Previous> previous) {
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return List.of();
        }
        final List<Previous> against = level.transitive()
                ? reversed(previous)
                : List.of(previous.get(previous.size() - 1));
        for (final Previous old : against) {
            final List<String> messages = new ArrayList<>();
            if (level.backward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()), "new", "old", messages);
            }
            if (level.forward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate), "old", "new", messages);
            }
            if (!messages.isEmpty()) {
                messages.add("{oldSchemaVersion: " + old.version() + "}");
                messages.add("{oldSchema: '" + old.schema() + "'}");
                messages.add("{validateFields: 'false', compatibility: '" + level + "'}");
                return messages;
            }
        }
        return List.of();
    }

    private static void describe(final SchemaCompatibility.SchemaPairCompatibility pair, final String reader,
                                 final String writer, final List<String> out) {
        if (pair.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (final Incompatibility i : pair.getResult().getIncompatibilities()) {
            final String location = i.getLocation();
            final String info = i.getMessage();
            final String description = switch (i.getType()) {
                case READER_FIELD_MISSING_DEFAULT_VALUE -> "The field '" + info + "' at path '" + location + "' in the "
                        + reader + " schema has no default value and is missing in the " + writer + " schema";
                case TYPE_MISMATCH -> "The type (path '" + location + "') of a field in the " + reader
                        + " schema does not match with the " + writer + " schema";
                case NAME_MISMATCH -> "The name of the schema has changed (path '" + location + "')";
                case MISSING_ENUM_SYMBOLS -> "The " + reader + " schema is missing enum symbols '" + info + "' at path '"
                        + location + "' in the " + writer + " schema";
                case MISSING_UNION_BRANCH -> "The " + reader + " schema is missing a type inside a union field at path '"
                        + location + "' in the " + writer + " schema";
                case FIXED_SIZE_MISMATCH -> "The size of FIXED type field at path '" + location + "' in the " + reader
                        + " schema does not match with the " + writer + " schema";
                default -> i.getType() + " at path '" + location + "' (" + reader + " schema reading " + writer + " data)";
            };
            out.add("{errorType:'" + i.getType() + "', description:'" + description + "', additionalInfo:'" + info + "'}");
        }
    }

    private static <T> List<T> reversed(final List<T> list) {
        final List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
