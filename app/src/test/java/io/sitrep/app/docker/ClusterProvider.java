package io.sitrep.app.docker;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where an end-to-end test finds Kafka and a schema registry. Chosen with
 * {@code -Dsitrep.it.cluster=inprocess|testcontainers} (default {@code inprocess}): the
 * in-process KRaft broker and embedded registry, or, on a Docker host, an {@code apache/kafka}
 * container and a Confluent Schema Registry container. The Testcontainers provider aborts the
 * test (JUnit "skipped", with the reason) where no Docker engine answers.
 *
 * @param bootstrapServers  bootstrap servers reachable from this JVM
 * @param schemaRegistryUrl schema registry URL reachable from this JVM
 * @param description       a short description for logs and assertion messages
 * @param stop              stops what the provider started
 */
record ClusterProvider(String bootstrapServers, String schemaRegistryUrl, String description, Runnable stop)
        implements AutoCloseable {
    static final String PROPERTY = "sitrep.it.cluster";

    /** The provider named by {@value #PROPERTY}, started. */
    static ClusterProvider start(final Path dataDir) {
        final String name = chosen();
        return switch (name) {
            case "inprocess", "embedded" -> InProcessCluster.start(dataDir);
            case "testcontainers", "docker" -> ContainerCluster.start();
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + name + ": expected inprocess or testcontainers");
        };
    }

    /** The value of {@value #PROPERTY}, normalised. */
    static String chosen() {
        return System.getProperty(PROPERTY, "inprocess").strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        stop.run();
    }
}
