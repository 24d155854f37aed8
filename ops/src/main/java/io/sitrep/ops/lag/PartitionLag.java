package io.sitrep.ops.lag;

/**
 * Lag of one consumer group on one partition, read at one moment.
 *
 * @param group     consumer group
 * @param topic     topic
 * @param partition partition
 * @param committed the group's committed offset, -1 when it has committed nothing there yet
 * @param logEnd    the partition's last stable offset ({@code read_committed} log end)
 * @param lag       records between {@code committed} and {@code logEnd}, never negative; 0 when
 *                  only transaction markers are left (they can never be consumed)
 * @param lagMillis age of the oldest unconsumed record (now minus the timestamp of the first
 *                  record at or after {@code committed}); 0 when {@code lag} is 0; -1 when it could
 *                  not be read (records-only reader, or the probe timed out)
 */
public record PartitionLag(String group, String topic, int partition, long committed, long logEnd, long lag,
                           long lagMillis) {
    /** Lag in seconds of a records-only reading is unknown: -1. */
    public static final long UNKNOWN = -1;

    public PartitionLag {
        if (lag < 0) {
            throw new IllegalArgumentException("lag cannot be negative: " + lag);
        }
    }

    /** A reading without lag in seconds (records only). */
    public PartitionLag(final String group, final String topic, final int partition, final long committed,
                        final long logEnd, final long lag) {
        this(group, topic, partition, committed, logEnd, lag, lag == 0 ? 0 : UNKNOWN);
    }

    /** Lag in seconds, or -1 when unknown. */
    public double lagSeconds() {
        return lagMillis < 0 ? -1 : lagMillis / 1000.0;
    }

    public boolean lagSecondsKnown() {
        return lagMillis >= 0;
    }
}
