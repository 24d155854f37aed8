package io.sitrep.app.docker;

import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka from the official {@code apache/kafka} image and Confluent Schema Registry, in
 * containers on one network, as in docker-compose.yml. Image versions:
 * {@code -Dsitrep.it.kafkaImage}, {@code -Dsitrep.it.registryImage}.
 */
final class ContainerCluster {
    static final String KAFKA_IMAGE = System.getProperty("sitrep.it.kafkaImage", "apache/kafka:4.4.0");
    static final String REGISTRY_IMAGE = System.getProperty("sitrep.it.registryImage", "confluentinc/cp-schema-registry:8.0.0");
    /** The broker's listener for the other containers. */
    private static final String KAFKA_ALIAS_LISTENER = "kafka:19092";

    private ContainerCluster() {
    }

    /** Starts both containers, or aborts the calling test when no Docker engine answers. */
    static ClusterProvider start() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "-Dsitrep.it.cluster=testcontainers needs a Docker engine and none answers here: test skipped "
                        + "(run it on a Docker host, or drop the property for the in-process broker)");
        final Network network = Network.newNetwork();
        final KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withNetwork(network)
                .withNetworkAliases("kafka")
                .withListener(KAFKA_ALIAS_LISTENER);
        @SuppressWarnings("resource") // closed by the provider's stop
        final GenericContainer<?> registry = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + KAFKA_ALIAS_LISTENER)
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR", "1")
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        final Runnable stop = () -> {
            registry.close();
            kafka.close();
            network.close();
        };
        try {
            kafka.start();
            registry.start();
        } catch (RuntimeException e) {
            stop.run();
            throw e;
        }
        final String bootstrapServers = kafka.getBootstrapServers();
        final String registryUrl = "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
        return new ClusterProvider(bootstrapServers, registryUrl,
                KAFKA_IMAGE + " at " + bootstrapServers + ", " + REGISTRY_IMAGE + " at " + registryUrl, stop);
    }
}
