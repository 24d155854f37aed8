package io.sitrep.app;

import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker and schema registry on their own: what an {@link EmbeddedPipeline} runs on.
 * A pipeline started with {@link EmbeddedPipeline#start} owns one; the benchmark keeps one for all
 * its pipelines ({@link EmbeddedPipeline#startOn}) and {@link #clear clears} it between them, so
 * a pipeline measured after the JIT's warm-up pipeline finds the broker's code compiled already
 * (a new broker in the same JVM made the compilers take a fifth of the measured phase's CPU).
 */
public final class EmbeddedCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;

    private EmbeddedCluster(final EmbeddedKafkaBroker broker, final EmbeddedSchemaRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /** Starts a broker with its data in {@code dataDir/kafka}, then the registry on it (ports 0 = any free port). */
    public static EmbeddedCluster start(final int kafkaPort, final int registryPort, final Path dataDir) {
        final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults()
                .withPort(kafkaPort).withDataDir(dataDir.resolve("kafka")));
        try {
            return new EmbeddedCluster(broker, EmbeddedSchemaRegistry.start(broker.bootstrapServers(), registryPort));
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    /**
     * Deletes every topic but the registry's, and every consumer group: the cluster as a new
     * pipeline would find it, registered schemas kept. Call it with no client of those topics
     * running (a group with members cannot be deleted); waits until the topics are gone.
     */
    public void clear(final Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            final List<String> groups = admin.listConsumerGroups().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .stream().map(ConsumerGroupListing::groupId).toList();
            if (!groups.isEmpty()) {
                try {
                    admin.deleteConsumerGroups(groups).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                }
            }
            final Set<String> topics = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            topics.remove(EmbeddedSchemaRegistry.TOPIC);
            admin.deleteTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // deletion is acknowledged before every part of the broker has forgotten the topics: a
            // topic created again too soon could be taken for the old one
            while (admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream().anyMatch(topics::contains)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("topics not deleted within " + timeout + ": " + topics);
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            log.info("Cleared the embedded cluster: deleted {} topic(s) and {} consumer group(s)", topics.size(), groups.size());
        }
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
