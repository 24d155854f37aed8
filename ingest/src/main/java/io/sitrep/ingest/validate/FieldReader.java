package io.sitrep.ingest.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Field rules of one validation run: reads string members of the report object (and of its
 * {@code hints}) and collects the problems found, so that every problem is reported, not only the
 * first.
 */
final class FieldReader {

    private final JsonNode root;
    private final List<Problem> problems = new ArrayList<>();

    FieldReader(final JsonNode root) {
        this.root = root;
    }

    JsonNode root() {
        return root;
    }

    List<Problem> problems() {
        return problems;
    }

    void add(final Problem problem) {
        problems.add(problem);
    }

    /**
     * Reads a string member. Absent, null and (for optional members) blank give {@code null};
     * a blank required member is reported with {@code blankCode}.
     */
    String text(final JsonNode parent, final String name, final boolean required, final int maxChars,
            final ReasonCode blankCode) {
        final String path = parent == root ? name : "hints." + name;
        final JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(new Problem(ReasonCode.MISSING_FIELD, path, path + " is required: expected a non-blank string"));
            }
            return null;
        }
        if (!node.isTextual()) {
            problems.add(wrongType(path, node, "a string"));
            return null;
        }
        final String value = node.textValue();
        if (value.isBlank()) {
            if (required) {
                problems.add(new Problem(blankCode, path, path + " is blank: expected a non-blank string"));
            }
            return null;
        }
        if (value.length() > maxChars) {
            problems.add(new Problem(ReasonCode.TEXT_TOO_LARGE, path,
                    path + " has " + value.length() + " characters: at most " + maxChars + " allowed"));
            return null;
        }
        return value;
    }

    /** Present means neither absent, null nor a blank string. */
    static boolean present(final JsonNode parent, final String name) {
        final JsonNode node = parent.get(name);
        return node != null && !node.isNull() && !(node.isTextual() && node.textValue().isBlank());
    }

    static Problem wrongType(final String path, final JsonNode node, final String expected) {
        return new Problem(ReasonCode.INVALID_TYPE, path, path + " is a JSON " + typeName(node) + ": expected " + expected);
    }

    static String typeName(final JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
