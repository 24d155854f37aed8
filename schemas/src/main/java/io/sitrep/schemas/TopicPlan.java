package io.sitrep.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's topics with their partition counts and configs, and the code that creates them
 * and waits until they can be used.
 *
 * <p>Retention is set per topic on purpose: reports carry event times in their values, but a
 * backfill of old news must never be deleted by a broker's default 7-day retention before the
 * pipeline has read it. Tables (events, daily counts, latest figures) are compacted.
 */
public final class TopicPlan {
    private static final Logger log = LoggerFactory.getLogger(TopicPlan.class);
    private static final String THIRTY_DAYS_MS = String.valueOf(Duration.ofDays(30).toMillis());

    private TopicPlan() {
    }

    /** The pipeline's topics with {@code partitions} partitions each. */
    public static List<NewTopic> pipelineTopics(final int partitions, final short replicationFactor) {
        final List<NewTopic> topics = new ArrayList<>();
        topics.add(topic(Topics.REPORTS_RAW, partitions, replicationFactor, Map.of(
                TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS_MS)));
        topics.add(topic(Topics.REPORTS_UNIQUE, partitions, replicationFactor, Map.of(
                TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS_MS)));
        topics.add(topic(Topics.REPORTS_MENTIONS, partitions, replicationFactor, Map.of(
                TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS_MS)));
        topics.add(topic(Topics.REPORTS_REJECTED, partitions, replicationFactor, Map.of(
                TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS_MS)));
        // events and daily counts are tables: the newest value per key is the truth
        topics.add(topic(Topics.EVENTS_ATTRIBUTED, partitions, replicationFactor, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(topic(Topics.ESCALATION_DAILY, partitions, replicationFactor, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(topic(Topics.ESCALATION_LATEST, partitions, replicationFactor, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        // read whole by every instance into a global store: one partition is plenty (one record per task)
        topics.add(topic(Topics.ESCALATION_CLOCK, 1, replicationFactor, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        return topics;
    }

    private static NewTopic topic(final String name, final int partitions, final short rf, final Map<String, String> configs) {
        return new NewTopic(name, partitions, rf).configs(configs);
    }

    /**
     * Creates the topics that do not exist yet (existing ones are left as they are) and waits
     * until every partition has a leader and answers an offset lookup: producing right after
     * creation can otherwise fail with NOT_LEADER_OR_FOLLOWER.
     */
    public static void ensure(final Admin admin, final Collection<NewTopic> topics, final Duration timeout)
            throws InterruptedException, TimeoutException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try {
            final Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            final List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topics: " + e.getCause(), e.getCause());
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics: " + e.getCause(), e.getCause());
        }
        final Set<String> names = new HashSet<>();
        topics.forEach(t -> names.add(t.name()));
        awaitReady(admin, names, deadline);
    }

    private static void awaitReady(final Admin admin, final Set<String> names, final long deadlineNanos)
            throws InterruptedException, TimeoutException {
        Exception last = null;
        long backoffMs = 20;
        while (System.nanoTime() < deadlineNanos) {
            try {
                final Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
                final Map<TopicPartition, OffsetSpec> partitions = new java.util.HashMap<>();
                boolean allLed = true;
                for (TopicDescription d : descriptions.values()) {
                    for (var p : d.partitions()) {
                        allLed &= p.leader() != null && !p.leader().isEmpty();
                        partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
                    }
                }
                if (allLed) {
                    admin.listOffsets(partitions).all().get();
                    return;
                }
            } catch (ExecutionException e) {
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, 500);
        }
        throw new TimeoutException("Topics " + names + " did not become ready in time"
                + (last == null ? "" : ": " + last.getCause()));
    }
}
