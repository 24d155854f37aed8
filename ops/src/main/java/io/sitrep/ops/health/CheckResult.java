package io.sitrep.ops.health;

/** Outcome of one readiness check, with a reason an operator can read. */
public record CheckResult(String name, boolean ok, String detail) {
    public static CheckResult ok(final String name, final String detail) {
        return new CheckResult(name, true, detail);
    }

    public static CheckResult failed(final String name, final String detail) {
        return new CheckResult(name, false, detail);
    }
}
