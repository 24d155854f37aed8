package io.sitrep.ops.lag;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a consumer group's lag per partition: committed offset against the log end, in records,
 * and, when built with a probe consumer, in seconds.
 *
 * <p>The log end is read with {@code read_committed} (the last stable offset): the pipeline writes
 * transactionally, and transaction markers would otherwise show as phantom lag.
 *
 * <p>Lag in seconds is the age of the oldest record the group has not consumed: the probe
 * consumer (no group, never commits) seeks to the committed offset and reads the timestamp of the
 * first record there. If it reaches the log end without finding a data record, only transaction
 * markers were left, and the lag is corrected to 0. The design and its limits are described in
 * {@code ops/README.md}.
 */
public final class GroupLagReader {
    /**
     * {@code fetch.max.bytes} for the probe consumer: it needs one record per partition (a batch
     * larger than the limit still comes whole), and a response of 512 KB or more (the default allows
     * 50 MB) is a humongous allocation on a 1 GB heap, which may start a G1 marking cycle in a process
     * that also runs the pipeline and holds a long dedup horizon (docs/PERFORMANCE.md, round 30).
     */
    public static final int PROBE_FETCH_MAX_BYTES = 384 * 1024;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final Optional<TimestampProbe> probe;

    /** Records only: {@link PartitionLag#lagMillis()} is -1 wherever there is lag. */
    public GroupLagReader(final Admin admin) {
        this.admin = admin;
        this.probe = Optional.empty();
    }

    /**
     * Records and seconds.
     *
     * @param probeConsumer a consumer without group id, {@code read_committed}, byte-array
     *                      deserializers, {@code auto.offset.reset=earliest}, best with
     *                      {@link #PROBE_FETCH_MAX_BYTES}; used only from the
     *                      caller's thread, never closed here
     * @param probeTimeout  longest wait for the records at the committed offsets, per read
     */
    public GroupLagReader(final Admin admin, final Consumer<byte[], byte[]> probeConsumer, final Duration probeTimeout,
                          final Clock clock) {
        this.admin = admin;
        this.probe = Optional.of(new TimestampProbe(probeConsumer, probeTimeout, clock));
    }

    /** Lag of {@code group} on every partition it has committed offsets for, sorted by topic and partition. */
    public List<PartitionLag> read(final String group) throws InterruptedException, ExecutionException, TimeoutException {
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        final Map<TopicPartition, Long> ends = logEnds(committed.keySet());

        final Map<TopicPartition, Long> at = new HashMap<>();
        final Map<TopicPartition, Long> lagging = new HashMap<>();
        committed.forEach((tp, offset) -> {
            final long position = offset == null ? -1 : offset.offset();
            at.put(tp, position);
            if (ends.get(tp) - Math.max(position, 0) > 0) {
                lagging.put(tp, position);
            }
        });
        final Map<TopicPartition, TimestampProbe.Oldest> oldest = probe.isPresent()
                ? probe.get().oldestUnconsumed(lagging, ends)
                : Map.of();

        final List<PartitionLag> lags = new ArrayList<>();
        at.forEach((tp, position) -> {
            final long end = ends.get(tp);
            final long records = Math.max(0, end - Math.max(position, 0));
            final TimestampProbe.Oldest found = oldest.get(tp);
            if (records == 0) {
                lags.add(new PartitionLag(group, tp.topic(), tp.partition(), position, end, 0, 0));
            } else if (found == null) {
                lags.add(new PartitionLag(group, tp.topic(), tp.partition(), position, end, records, PartitionLag.UNKNOWN));
            } else if (found.onlyMarkers()) {
                lags.add(new PartitionLag(group, tp.topic(), tp.partition(), position, end, 0, 0));
            } else {
                lags.add(new PartitionLag(group, tp.topic(), tp.partition(), position, end, records, found.ageMillis()));
            }
        });
        lags.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        return lags;
    }

    private Map<TopicPartition, Long> logEnds(final Collection<TopicPartition> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        final Map<TopicPartition, ListOffsetsResultInfo> infos = admin.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        final Map<TopicPartition, Long> ends = new HashMap<>();
        infos.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** Total lag of a group over all its partitions. */
    public static long total(final List<PartitionLag> lags) {
        return lags.stream().mapToLong(PartitionLag::lag).sum();
    }
}
