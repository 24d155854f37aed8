package io.sitrep.ops.lag;

/**
 * Verdict on a partition or a group, after Burrow's idea; declared from best to worst, so the
 * worst of several is the one with the highest ordinal. The rules are in {@link LagEvaluator}
 * and in {@code ops/README.md}.
 */
public enum LagStatus {
    /** Caught up, or consuming at least as fast as records arrive. */
    OK(0),
    /** Committing, but the lag grew at every sample over the window: falling behind. */
    WARN(1),
    /** Stalled: members are there, lag is above zero, and the committed offset has not moved for the whole window. */
    ERR(2),
    /** Nobody consumes: the group has no active members while records wait (or it never committed at all). */
    STOPPED(3);

    private final int code;

    LagStatus(final int code) {
        this.code = code;
    }

    /** 0 OK, 1 WARN, 2 ERR, 3 STOPPED: the Prometheus gauge value and the exit code of {@code sitrep lag}. */
    public int code() {
        return code;
    }

    public LagStatus worst(final LagStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
