package io.sitrep.app.docker;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where an end-to-end test finds Kafka and a schema registry. Chosen with
 * {@code -Dsitrep.it.cluster=inprocess|testcontainers} (default {@code inprocess}): the
 * in-process KRaft broker and embedded registry, or, on a Docker host, an {@code apache/kafka}
 * container and a Confluent Schema Registry container. The Testcontainers provider aborts the
 * test (JUnit "skipped", with the reason) where no Docker engine answers.
 */
interface ClusterProvider extends AutoCloseable {
    String PROPERTY = "sitrep.it.cluster";

    /** Bootstrap servers reachable from this JVM. */
    String bootstrapServers();

    /** Schema registry URL reachable from this JVM. */
    String schemaRegistryUrl();

    /** A short description for logs and assertion messages. */
    String describe();

    @Override
    void close();

    /** The provider named by {@value #PROPERTY}, started. */
    static ClusterProvider start(final Path dataDir) {
        final String name = System.getProperty(PROPERTY, "inprocess").strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "inprocess", "embedded" -> InProcessCluster.start(dataDir);
            case "testcontainers", "docker" -> ContainerCluster.start();
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + name + ": expected inprocess or testcontainers");
        };
    }
}
