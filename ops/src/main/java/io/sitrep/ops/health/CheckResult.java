package io.sitrep.ops.health;

/**
 * Outcome of one check, with a reason an operator can read.
 *
 * @param required whether a failure makes the probe fail; a check that is not required is shown
 *                 with its state but does not take the process out of service (e.g. the schema
 *                 registry for a streams instance, whose queries do not need it: a registry blip
 *                 must not take every instance out of the Service at once)
 */
public record CheckResult(String name, boolean ok, String detail, boolean required) {
    public CheckResult(final String name, final boolean ok, final String detail) {
        this(name, ok, detail, true);
    }

    public static CheckResult ok(final String name, final String detail) {
        return new CheckResult(name, true, detail);
    }

    public static CheckResult failed(final String name, final String detail) {
        return new CheckResult(name, false, detail);
    }

    /** Whether this result lets the probe pass. */
    public boolean passes() {
        return ok || !required;
    }
}
