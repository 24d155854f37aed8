package io.sitrep.app.docker;

import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import java.nio.file.Path;

/** The in-process KRaft broker and the embedded registry, on free ports. */
final class InProcessCluster implements ClusterProvider {
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;

    private InProcessCluster(final EmbeddedKafkaBroker broker, final EmbeddedSchemaRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    static InProcessCluster start(final Path dataDir) {
        final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults()
                .withPort(0).withDataDir(dataDir.resolve("kafka")));
        try {
            return new InProcessCluster(broker, EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0));
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return registry.url();
    }

    @Override
    public String describe() {
        return "in-process KRaft broker " + broker.bootstrapServers() + ", embedded registry " + registry.url();
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
