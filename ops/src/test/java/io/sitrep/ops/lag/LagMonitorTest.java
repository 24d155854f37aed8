package io.sitrep.ops.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The lag monitor on a real in-process broker: idle and caught up, stopped, stalled, and a
 * transactional topic whose last offset is a commit marker.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LagMonitorTest {
    private static EmbeddedKafkaBroker broker;
    private static Admin admin;
    private String topic;
    private String group;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** Each test watches a group of its own on a topic of its own. */
    @BeforeEach
    void createTopicAndNameGroup(final TestInfo info) throws Exception {
        topic = createTopic(info);
        group = topic + "-group";
    }

    @Test
    @SuppressWarnings("try") // the member has only to stay in the group
    void shouldReportZeroSecondsAndOkWhenGroupIsCaughtUpAndIdle() throws Exception {
        try (KafkaConsumer<String, String> member = memberCaughtUpWith(topic, group, 5)) {
            try (LagMonitor monitor = monitor(group, Duration.ofMillis(500))) {
                LagSnapshot snapshot = null;
                for (int i = 0; i < 3; i++) {
                    snapshot = monitor.sample();
                }
                final GroupVerdict verdict = snapshot.group(group).orElseThrow();
                assertThat(verdict.partitions()).hasSize(1);
                final PartitionLag lag = verdict.partitions().get(0).lag();
                assertThat(lag.committed()).isEqualTo(5);
                assertThat(lag.lag()).isZero();
                assertThat(lag.lagSeconds()).isZero();
                assertThat(verdict.status()).isEqualTo(LagStatus.OK);
                assertThat(verdict.members()).isEqualTo(1);
                assertThat(snapshot.error()).isEmpty();
            }
        }
    }

    @Test
    void shouldGrowLagInRecordsAndSecondsAndTurnStoppedWhenConsumerStops() throws Exception {
        memberCaughtUpWith(topic, group, 3).close(); // closing leaves the group: nobody consumes any more
        produce(topic, 4);

        try (LagMonitor monitor = monitor(group, Duration.ofSeconds(1))) {
            final PartitionLag first = monitor.sample().group(group).orElseThrow().partitions().get(0).lag();
            assertThat(first.committed()).isEqualTo(3);
            assertThat(first.lag()).isEqualTo(4);
            assertThat(first.lagSecondsKnown()).isTrue();

            produce(topic, 2);
            final LagSnapshot later = sampleUntil(monitor, s -> lagOf(s, group).lagMillis() >= first.lagMillis() + 1000);
            final GroupVerdict verdict = later.group(group).orElseThrow();
            assertThat(verdict.partitions().get(0).lag().lag()).as("lag in records grows").isEqualTo(6);
            assertThat(verdict.partitions().get(0).lag().lagSeconds()).as("lag in seconds grows")
                    .isGreaterThanOrEqualTo(first.lagSeconds() + 1);
            assertThat(verdict.members()).isZero();
            assertThat(verdict.status()).isEqualTo(LagStatus.STOPPED);
            assertThat(verdict.reason()).contains("no active members");
            assertThat(later.worst()).isEqualTo(LagStatus.STOPPED);
        }
    }

    @Test
    @SuppressWarnings("try") // the member has only to stay in the group
    void shouldTurnErrWhenMemberStaysButCommittedOffsetStandsStill() throws Exception {
        try (KafkaConsumer<String, String> member = memberCaughtUpWith(topic, group, 2)) {
            // still a member (heartbeats run in the background), but it neither polls nor commits
            produce(topic, 3);
            try (LagMonitor monitor = monitor(group, Duration.ofSeconds(2))) {
                final LagSnapshot stalled = sampleUntil(monitor,
                        s -> s.group(group).map(g -> g.status() == LagStatus.ERR).orElse(false));
                final GroupVerdict verdict = stalled.group(group).orElseThrow();
                assertThat(verdict.members()).isEqualTo(1);
                assertThat(verdict.partitions().get(0).lag().lag()).isEqualTo(3);
                assertThat(verdict.reason()).contains("has not moved");
            }
        }
    }

    @Test
    void shouldNotCountTransactionMarkerAsLag() throws Exception {
        final Properties props = producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, String> consumer = consumer(group, true)) {
            consumeAndCommit(consumer, topic, 3);
            try (LagMonitor monitor = monitor(group, Duration.ofSeconds(1))) {
                final GroupVerdict verdict = monitor.sample().group(group).orElseThrow();
                assertThat(verdict.partitions().get(0).lag().logEnd()).as("3 records + commit marker").isEqualTo(4);
                assertThat(verdict.partitions().get(0).lag().lag()).isZero();
                assertThat(verdict.partitions().get(0).lag().lagSeconds()).isZero();
                assertThat(verdict.status()).isEqualTo(LagStatus.OK);
            }
        }
    }

    private static PartitionLag lagOf(final LagSnapshot snapshot, final String group) {
        return snapshot.group(group).orElseThrow().partitions().get(0).lag();
    }

    /** Samples until the condition holds, or fails after 30 s. */
    private static LagSnapshot sampleUntil(final LagMonitor monitor, final Predicate<LagSnapshot> condition)
            throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        LagSnapshot snapshot = monitor.sample();
        while (!condition.test(snapshot)) {
            assertThat(System.nanoTime()).as("condition not reached in 30 s; last snapshot %s", snapshot).isLessThan(deadline);
            // pace the samples on the broker round trip of a metadata call rather than a sleep
            admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
            snapshot = monitor.sample();
        }
        return snapshot;
    }

    private static LagMonitor monitor(final String group, final Duration window) {
        return LagMonitor.create(broker.bootstrapServers(), Map.of(), LagMonitor.Selection.of(group),
                new LagEvaluator(window, 2), Duration.ofSeconds(1));
    }

    private static String createTopic(final TestInfo info) throws Exception {
        final String topic = "lag-" + info.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        // producing right after creation can fail until the partition has a leader
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest())).all().get(5, TimeUnit.SECONDS);
                return topic;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(System.nanoTime()).as("no leader for %s: %s", topic, e.getCause()).isLessThan(deadline);
            }
        }
    }

    private static Properties producerProps() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static void produce(final String topic, final int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(final String group, final boolean readCommitted) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (readCommitted) {
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Produces {@code records} to {@code topic}, then a new member of {@code group} reads and commits
     * them; it stays a member until closed.
     */
    private static KafkaConsumer<String, String> memberCaughtUpWith(final String topic, final String group,
                                                                    final int records) throws Exception {
        produce(topic, records);
        final KafkaConsumer<String, String> consumer = consumer(group, false);
        try {
            consumeAndCommit(consumer, topic, records);
            return consumer;
        } catch (RuntimeException | Error e) {
            consumer.close();
            throw e;
        }
    }

    private static void consumeAndCommit(final KafkaConsumer<String, String> consumer, final String topic, final int expected) {
        consumer.subscribe(List.of(topic));
        int seen = 0;
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (seen < expected) {
            assertThat(System.nanoTime()).as("consumed %d of %d", seen, expected).isLessThan(deadline);
            seen += consumer.poll(Duration.ofMillis(200)).count();
        }
        consumer.commitSync();
    }
}
