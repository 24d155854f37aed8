package io.sitrep.embedded.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted, single-partition {@code _schemas} topic that holds the registry's state: its
 * name, its one partition, and how it is created (Confluent's layout, so a Confluent registry and
 * this one can read each other's topic).
 */
final class SchemasTopic {
    private static final Logger log = LoggerFactory.getLogger(SchemasTopic.class);

    static final String NAME = "_schemas";
    /** One partition: the log's order is the order in which ids and versions were decided. */
    static final TopicPartition PARTITION = new TopicPartition(NAME, 0);
    /** How long any one Kafka call of the registry may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SchemasTopic() {
    }

    /** Creates the topic if missing and waits until its partition has a leader. */
    static void ensure(final String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            // Confluent's default is 3 replicas; one broker can only hold one
            final int brokers = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            final short replicas = (short) Math.max(1, Math.min(3, brokers));
            final NewTopic topic = new NewTopic(NAME, 1, replicas)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                log.info("Created topic {} (1 partition, {} replica(s), compacted)", NAME, replicas);
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeader(admin);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create or find topic " + NAME + " on " + bootstrapServers, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing topic " + NAME, e);
        }
    }

    /**
     * A partition that was just created may have no leader yet: producing then fails (an idempotent
     * producer can even get stuck on sequence errors), so wait until its offsets can be listed.
     */
    private static void awaitLeader(final Admin admin) throws InterruptedException, TimeoutException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        ExecutionException last = null;
        while (System.nanoTime() < deadline) {
            try {
                // describe first: a listOffsets that still finds the topic unknown is logged at ERROR by the
                // admin client (PartitionLeaderStrategy), and a normal run must log no ERROR
                final TopicDescription described = admin.describeTopics(List.of(NAME)).allTopicNames()
                        .get(5, TimeUnit.SECONDS).get(NAME);
                if (described == null || described.partitions().isEmpty() || described.partitions().get(0).leader() == null) {
                    continue;
                }
                admin.listOffsets(Map.of(PARTITION, OffsetSpec.latest())).all().get(5, TimeUnit.SECONDS);
                return;
            } catch (final ExecutionException e) {
                last = e;
            }
        }
        final TimeoutException timeout = new TimeoutException("Partition " + PARTITION + " has no leader after " + TIMEOUT);
        timeout.initCause(last);
        throw timeout;
    }
}
