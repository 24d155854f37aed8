package io.sitrep.app.bench;

import io.sitrep.ops.lag.GroupLagReader;
import io.sitrep.ops.lag.PartitionLag;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tells when the pipeline has drained: its consumer group has lag 0 on every partition it reads
 * (the input topic, the public topics between stages and every repartition topic), as the
 * {@code sitrep lag} command reads it (transaction markers are not lag), and no partition assigned
 * to it holds records it has not committed an offset for.
 */
final class PipelineDrain implements AutoCloseable {
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> probe;
    private final GroupLagReader reader;
    private final String group;

    PipelineDrain(final String bootstrapServers, final String group) {
        this.group = group;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.probe = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, GroupLagReader.PROBE_FETCH_MAX_BYTES),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.reader = new GroupLagReader(admin, probe, Duration.ofSeconds(2), Clock.systemUTC());
    }

    /** Waits for lag 0 on every partition; returns the nanoTime when a reading showing it completed, or -1 on timeout. */
    long awaitZeroLag(final Duration timeout) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            final List<PartitionLag> lags = reader.read(group);
            if (!lags.isEmpty() && GroupLagReader.total(lags) == 0 && unreadAssigned(lags).isEmpty()) {
                return System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return -1;
    }

    /**
     * Partitions assigned to the group that hold records but have no committed offset yet: the lag
     * reading lists committed partitions only, and a partition nobody has committed on is not drained.
     */
    private Set<TopicPartition> unreadAssigned(final List<PartitionLag> lags) throws Exception {
        final Set<TopicPartition> missing = new HashSet<>();
        admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members()
                .forEach(m -> missing.addAll(m.assignment().topicPartitions()));
        lags.forEach(l -> missing.remove(new TopicPartition(l.topic(), l.partition())));
        if (missing.isEmpty()) {
            return missing;
        }
        probe.endOffsets(missing, Duration.ofSeconds(10)).forEach((tp, end) -> {
            if (end == 0) {
                missing.remove(tp);
            }
        });
        return missing;
    }

    @Override
    public void close() {
        probe.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
    }
}
