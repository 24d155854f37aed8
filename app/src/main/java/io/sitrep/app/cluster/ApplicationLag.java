package io.sitrep.app.cluster;

import io.sitrep.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether a Kafka Streams application has consumed everything there is: on every partition of
 * every topic it reads (the raw topic, the topics it committed offsets on, and its own
 * {@code -repartition} topics), no committed record lies after the group's committed offset. A
 * final figure read after this is final; one read before may still move.
 *
 * <p>It counts records, not offsets: exactly-once leaves a transaction marker after the last
 * record of each transaction, so "committed offset = log end" would never hold on a topic the
 * pipeline writes. A probe consumer ({@code read_committed}) reads from each committed offset to
 * the log end; a partition that was never committed is read from its start.
 */
public final class ApplicationLag {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final Map<String, String> clientProperties;

    public ApplicationLag(final String bootstrapServers, final Map<String, String> clientProperties) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
    }

    /** Records of {@code applicationId}'s input not yet consumed and committed, summed over every partition. */
    public long unconsumed(final String applicationId) throws InterruptedException, ExecutionException, TimeoutException {
        final Map<String, Object> adminProps = new HashMap<>(clientProperties);
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(adminProps)) {
            final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            final Set<String> topics = new HashSet<>();
            topics.add(Topics.REPORTS_RAW);
            committed.keySet().forEach(tp -> topics.add(tp.topic()));
            for (String name : admin.listTopics().names().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                if (name.startsWith(applicationId + "-") && name.endsWith("-repartition")) {
                    topics.add(name);
                }
            }
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values()) {
                d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            final Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            final Map<TopicPartition, Long> from = new HashMap<>();
            ends.forEach((tp, end) -> {
                final OffsetAndMetadata c = committed.get(tp);
                final long position = c == null ? 0 : c.offset();
                if (end > position) {
                    from.put(tp, position);
                }
            });
            return from.isEmpty() ? 0 : recordsBetween(from, ends);
        }
    }

    /**
     * Waits until {@link #unconsumed} is 0 or the timeout passes; returns the last reading. Call it
     * after the last input was written: it cannot know about input still on its way.
     */
    public long awaitZero(final String applicationId, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long lag = Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            try {
                lag = unconsumed(applicationId);
                if (lag == 0) {
                    return 0;
                }
            } catch (final ExecutionException | TimeoutException e) {
                // a broker restarting or a rebalance: read again until the deadline
                lag = Long.MAX_VALUE;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return lag;
    }

    private long recordsBetween(final Map<TopicPartition, Long> from, final Map<TopicPartition, Long> ends) {
        final Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long records = 0;
        try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            probe.assign(List.copyOf(from.keySet()));
            from.forEach(probe::seek);
            final long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
            final Set<TopicPartition> open = new HashSet<>(from.keySet());
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                records += probe.poll(Duration.ofMillis(200)).count();
                open.removeIf(tp -> probe.position(tp) >= ends.get(tp));
            }
            if (!open.isEmpty()) {
                // could not read to the end in time: count what is left as lag rather than claim 0
                records += open.stream().mapToLong(tp -> ends.get(tp) - probe.position(tp)).sum();
            }
        }
        return records;
    }
}
