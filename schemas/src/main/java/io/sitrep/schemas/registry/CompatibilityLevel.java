package io.sitrep.schemas.registry;

import java.util.Locale;

/**
 * Confluent Schema Registry compatibility levels. "Backward" means the new schema can read data
 * written with the old one (consumers upgrade first); "forward" means data written with the new
 * schema can be read with the old one (producers upgrade first); "full" is both. Transitive levels
 * check against every live version of the subject, the others against the latest only.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(final boolean backward, final boolean forward, final boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must read data written with the old one(s). */
    public boolean backward() {
        return backward;
    }

    /** The old schema(s) must read data written with the new one. */
    public boolean forward() {
        return forward;
    }

    /** Checked against all live versions, not only the latest. */
    public boolean transitive() {
        return transitive;
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
