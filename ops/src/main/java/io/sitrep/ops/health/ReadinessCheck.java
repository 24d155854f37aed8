package io.sitrep.ops.health;

/** One condition a process needs before it can serve: must return within a few seconds and never throw. */
@FunctionalInterface
public interface ReadinessCheck {
    CheckResult check();

    /** This check, still reported, but never failing the probe ({@code "required":false}). */
    default ReadinessCheck advisory() {
        return () -> {
            final CheckResult r = check();
            return new CheckResult(r.name(), r.ok(), r.detail(), false);
        };
    }
}
