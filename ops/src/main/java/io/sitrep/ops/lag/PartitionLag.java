package io.sitrep.ops.lag;

/**
 * Lag of one consumer group on one partition, in records. {@code committed} is -1 when the group
 * has committed nothing there yet; lag then counts the whole partition (from its start offset).
 */
public record PartitionLag(String group, String topic, int partition, long committed, long logEnd, long lag) {
}
