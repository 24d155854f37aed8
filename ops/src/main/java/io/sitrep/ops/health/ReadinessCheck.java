package io.sitrep.ops.health;

/** One condition a process needs before it can serve: must return within a few seconds and never throw. */
@FunctionalInterface
public interface ReadinessCheck {
    CheckResult check();
}
