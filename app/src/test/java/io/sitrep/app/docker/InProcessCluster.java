package io.sitrep.app.docker;

import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import java.nio.file.Path;

/** The in-process KRaft broker and the embedded registry, on free ports. */
final class InProcessCluster {
    private InProcessCluster() {
    }

    static ClusterProvider start(final Path dataDir) {
        final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults()
                .withPort(0).withDataDir(dataDir.resolve("kafka")));
        final EmbeddedSchemaRegistry registry;
        try {
            registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0);
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
        return new ClusterProvider(broker.bootstrapServers(), registry.url(),
                "in-process KRaft broker " + broker.bootstrapServers() + ", embedded registry " + registry.url(), () -> {
                    try {
                        registry.close();
                    } finally {
                        broker.close();
                    }
                });
    }
}
