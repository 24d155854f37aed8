package io.sitrep.streams.escalation.domain;

import java.util.Properties;
import java.util.function.Function;

/**
 * Thresholds of the escalation levels and flags (docs/ARCHITECTURE.md). The defaults are the design's;
 * every one can be overridden from a properties file with the keys below, so analysts can tune a
 * conflict without a code change.
 *
 * <pre>
 * elevated.ratio=1.25          ELEVATED when R &gt;= this ...
 * elevated.small.b28=2         ... unless B28 &lt;= this and C7 &lt;= elevated.small.c7
 * elevated.small.c7=5
 * surge.ratio=2                SURGE when R &gt;= this with B28 &gt;= surge.min.b28,
 * surge.min.b28=1
 * surge.z=2                    or Z &gt;= this with C7 &gt;= surge.z.min.c7
 * surge.z.min.c7=5
 * critical.z=3                 CRITICAL when SURGE and Z &gt;= this,
 * critical.fatalities30=100    or 30-day conservative fatalities &gt;= this at a 52-week high,
 * critical.first.airstrike.days=365   or the first cross-border air/drone strike in this many days
 * deescalating.ratio=0.75      DEESCALATING when R &lt;= this (with a baseline)
 * volatile.changes=3           VOLATILE when the level changed at least this often ...
 * volatile.window.days=28      ... within this many days
 * </pre>
 */
public record EscalationRules(double elevatedRatio, double elevatedSmallB28, int elevatedSmallC7,
                              double surgeRatio, double surgeMinB28, double surgeZ, int surgeZMinC7,
                              double criticalZ, int criticalFatalities30, int criticalFirstAirstrikeDays,
                              double deescalatingRatio, int volatileChanges, int volatileWindowDays) {

    public static final EscalationRules DEFAULTS = new EscalationRules(1.25, 2, 5, 2, 1, 2, 5, 3, 100, 365, 0.75, 3, 28);

    /** The defaults, with every key present in {@code props} overriding its default. */
    public static EscalationRules fromProperties(final Properties props) {
        final EscalationRules d = DEFAULTS;
        return new EscalationRules(
                dbl(props, "elevated.ratio", d.elevatedRatio), dbl(props, "elevated.small.b28", d.elevatedSmallB28),
                integer(props, "elevated.small.c7", d.elevatedSmallC7), dbl(props, "surge.ratio", d.surgeRatio),
                dbl(props, "surge.min.b28", d.surgeMinB28), dbl(props, "surge.z", d.surgeZ),
                integer(props, "surge.z.min.c7", d.surgeZMinC7), dbl(props, "critical.z", d.criticalZ),
                integer(props, "critical.fatalities30", d.criticalFatalities30),
                integer(props, "critical.first.airstrike.days", d.criticalFirstAirstrikeDays),
                dbl(props, "deescalating.ratio", d.deescalatingRatio), integer(props, "volatile.changes", d.volatileChanges),
                integer(props, "volatile.window.days", d.volatileWindowDays));
    }

    private static double dbl(final Properties props, final String key, final double fallback) {
        return value(props, key, fallback, Double::parseDouble, "a number");
    }

    private static int integer(final Properties props, final String key, final int fallback) {
        return value(props, key, fallback, Integer::parseInt, "a whole number");
    }

    /** The value of {@code key} parsed, {@code fallback} when absent; a value that does not parse names the key. */
    private static <T> T value(final Properties props, final String key, final T fallback,
                               final Function<String, T> parse, final String kind) {
        final String v = props.getProperty(key);
        try {
            return v == null ? fallback : parse.apply(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Escalation rule '" + key + "' must be " + kind + ", was '" + v + "'", e);
        }
    }
}
