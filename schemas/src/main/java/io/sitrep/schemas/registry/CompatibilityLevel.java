package io.sitrep.schemas.registry;

import java.util.Locale;

/**
 * Confluent Schema Registry compatibility levels. "Backward" means the new schema can read data
 * written with the old one (consumers upgrade first); "forward" means data written with the new
 * schema can be read with the old one (producers upgrade first); "full" is both. Transitive levels
 * check against every live version of the subject, the others against the latest only.
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    // the three properties follow from the name, as in Confluent's own definitions: FULL is both directions

    /** The new schema must read data written with the old one(s). */
    public boolean backward() {
        return name().startsWith("BACKWARD") || name().startsWith("FULL");
    }

    /** The old schema(s) must read data written with the new one. */
    public boolean forward() {
        return name().startsWith("FORWARD") || name().startsWith("FULL");
    }

    /** Checked against all live versions, not only the latest. */
    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }

    /**
     * Parses a level name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static CompatibilityLevel parse(final String text) {
        if (text != null) {
            for (final CompatibilityLevel level : values()) {
                if (level.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                    return level;
                }
            }
        }
        throw new IllegalArgumentException("Invalid compatibility level '" + text + "'; valid values are "
                + java.util.Arrays.toString(values()));
    }
}
