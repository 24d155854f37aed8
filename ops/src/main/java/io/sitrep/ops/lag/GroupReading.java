package io.sitrep.ops.lag;

import java.time.Instant;
import java.util.List;

/**
 * What one read of a group returned, before any verdict: its coordinator state, its active
 * members and its per-partition lag.
 *
 * @param members active members, -1 when the group could not be described
 */
public record GroupReading(String group, Instant at, String state, int members, List<PartitionLag> partitions) {
    public GroupReading {
        partitions = List.copyOf(partitions);
    }
}
