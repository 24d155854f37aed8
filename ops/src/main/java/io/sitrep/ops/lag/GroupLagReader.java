package io.sitrep.ops.lag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a consumer group's lag in records: committed offset against log-end offset, per partition.
 *
 * <p>First version of the operators' lag monitor: records only. Lag in seconds, status verdicts
 * and Prometheus export come with the operations work. The log end is read with
 * {@code read_committed} (the last stable offset): the pipeline writes transactionally, and
 * transaction markers would otherwise show as one record of phantom lag.
 */
public final class GroupLagReader {
    private final Admin admin;

    public GroupLagReader(final Admin admin) {
        this.admin = admin;
    }

    /** Lag of {@code group} on every partition it has committed offsets for, sorted by topic and partition. */
    public List<PartitionLag> read(final String group) throws InterruptedException, ExecutionException, TimeoutException {
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        final Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS);
        final List<PartitionLag> lags = new ArrayList<>();
        committed.forEach((tp, offset) -> {
            final long end = ends.get(tp).offset();
            final long at = offset == null ? -1 : offset.offset();
            lags.add(new PartitionLag(group, tp.topic(), tp.partition(), at, end, Math.max(0, end - Math.max(at, 0))));
        });
        lags.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        return lags;
    }

    /** Total lag of a group over all its partitions. */
    public static long total(final List<PartitionLag> lags) {
        return lags.stream().mapToLong(PartitionLag::lag).sum();
    }
}
