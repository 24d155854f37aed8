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
final class ContainerCluster implements ClusterProvider {
    static final String KAFKA_IMAGE = System.getProperty("sitrep.it.kafkaImage", "apache/kafka:4.4.0");
    static final String REGISTRY_IMAGE = System.getProperty("sitrep.it.registryImage", "confluentinc/cp-schema-registry:8.0.0");
    /** The broker's listener for the other containers. */
    private static final String KAFKA_ALIAS_LISTENER = "kafka:19092";

    private final Network network;
    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;

    private ContainerCluster(final Network network, final KafkaContainer kafka, final GenericContainer<?> registry) {
        this.network = network;
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Starts both containers, or aborts the calling test when no Docker engine answers. */
    static ContainerCluster start() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "-Dsitrep.it.cluster=testcontainers needs a Docker engine and none answers here: test skipped "
                        + "(run it on a Docker host, or drop the property for the in-process broker)");
        final Network network = Network.newNetwork();
        final KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withNetwork(network)
                .withNetworkAliases("kafka")
                .withListener(KAFKA_ALIAS_LISTENER);
        @SuppressWarnings("resource") // closed in close()
        final GenericContainer<?> registry = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + KAFKA_ALIAS_LISTENER)
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR", "1")
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        try {
            kafka.start();
            registry.start();
            return new ContainerCluster(network, kafka, registry);
        } catch (RuntimeException e) {
            registry.close();
            kafka.close();
            network.close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
    }

    @Override
    public String describe() {
        return KAFKA_IMAGE + " at " + bootstrapServers() + ", " + REGISTRY_IMAGE + " at " + schemaRegistryUrl();
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
        network.close();
    }
}
