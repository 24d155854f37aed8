package io.sitrep.ops.lag;

import java.util.List;

/**
 * A consumer group's lag at one moment: every partition with its verdict, and the group's verdict
 * (the worst of its partitions, or STOPPED for a group without members and commits).
 *
 * @param group      consumer group id
 * @param state      the group's coordinator state ({@code STABLE}, {@code EMPTY}, …) or {@code UNKNOWN}
 * @param members    active members, -1 when unknown
 * @param partitions per-partition verdicts, sorted by topic and partition
 * @param status     the group's verdict
 * @param reason     why, for the worst partition or the group as a whole
 */
public record GroupVerdict(String group, String state, int members, List<PartitionVerdict> partitions,
                           LagStatus status, String reason) {
    public GroupVerdict {
        partitions = List.copyOf(partitions);
    }

    /** Sum of the lag in records over all partitions. */
    public long sumLag() {
        return partitions.stream().mapToLong(p -> p.lag().lag()).sum();
    }

    /** Largest lag in records of any partition. */
    public long maxLag() {
        return partitions.stream().mapToLong(p -> p.lag().lag()).max().orElse(0);
    }

    /** Largest known lag in seconds of any partition (0 without partitions, -1 when none is known but some lag). */
    public double maxLagSeconds() {
        double max = 0;
        boolean unknown = false;
        for (PartitionVerdict p : partitions) {
            if (p.lag().lagSecondsKnown()) {
                max = Math.max(max, p.lag().lagSeconds());
            } else {
                unknown = true;
            }
        }
        return unknown && max == 0 ? -1 : max;
    }
}
