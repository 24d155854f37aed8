package io.sitrep.streams.escalation;

import io.sitrep.streams.escalation.domain.EscalationRules;
import java.time.Duration;

/**
 * Typed settings of the escalation stage.
 *
 * @param lateEventGrace    how long after an event a report about it still counts; later news goes to
 *                          the rejected topic (default 14 days)
 * @param rules             level and flag thresholds (defaults: docs/ARCHITECTURE.md, "Escalation figures and levels")
 * @param punctuateInterval how often a moved clock is applied to regions without news (default 1 s)
 */
public record EscalationSettings(Duration lateEventGrace, EscalationRules rules, Duration punctuateInterval) {
    public static final EscalationSettings DEFAULTS = new EscalationSettings(EscalationTopology.DEFAULT_GRACE,
            EscalationRules.DEFAULTS, EscalationTopology.DEFAULT_PUNCTUATE_INTERVAL);

    public EscalationSettings {
        if (lateEventGrace.isNegative()) {
            throw new IllegalArgumentException("late-event grace must not be negative, was " + lateEventGrace);
        }
        if (punctuateInterval.isNegative() || punctuateInterval.isZero()) {
            throw new IllegalArgumentException("punctuation interval must be positive, was " + punctuateInterval);
        }
    }
}
