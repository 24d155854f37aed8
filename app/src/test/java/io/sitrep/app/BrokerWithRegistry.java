package io.sitrep.app;

import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process broker and one embedded schema registry, on free ports, shared by the tests of a
 * class: register it in a static {@code @RegisterExtension} field. Both start before the class's
 * {@code @BeforeAll} methods; after all its tests the registry stops, then the broker (its data
 * lives in a temporary folder that goes with it).
 */
public final class BrokerWithRegistry implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedKafkaBroker broker;
    private EmbeddedSchemaRegistry registry;

    @Override
    public void beforeAll(final ExtensionContext context) {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults().withPort(0));
        registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        try {
            if (registry != null) {
                registry.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
