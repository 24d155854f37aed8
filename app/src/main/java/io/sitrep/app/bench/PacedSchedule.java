package io.sitrep.app.bench;

/**
 * When the latency phase's sender sends: report {@code i} is intended at {@code start + i × interval}
 * and is never sent before that, and the sender wakes at most once per {@code tick}, sending every
 * report that has come due since. Parking to each report's own time (every 0.8 ms at 1,250 reports/s)
 * cost 22–26 µs of CPU per wake on this machine, even idle (docs/PERFORMANCE.md, round 31), on the
 * cores the pipeline is measured on. A report sent up to a tick late still counts its latency from
 * its intended time, so waking less often can only add to the latencies measured, never hide any.
 */
record PacedSchedule(long start, long interval, long tick) {

    PacedSchedule {
        if (interval <= 0 || tick < 0) {
            throw new IllegalArgumentException("interval must be positive and tick not negative, were " + interval + " and " + tick);
        }
    }

    /** A schedule of {@code rate} reports a second from {@code start}, waking at most every {@code tickNanos}. */
    static PacedSchedule of(final long start, final double rate, final long tickNanos) {
        return new PacedSchedule(start, (long) (1e9 / rate), tickNanos);
    }

    /** The time report {@code i} is intended to be sent. */
    long intended(final long i) {
        return start + i * interval;
    }

    /**
     * When to wake to send report {@code next}, the sender having last woken at {@code lastWake}: at
     * its intended time, but not within a tick of the last wake (the reports that come due meanwhile
     * go with it).
     */
    long wakeFor(final long next, final long lastWake) {
        return Math.max(intended(next), lastWake + tick);
    }
}
