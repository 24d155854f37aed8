package io.sitrep.embedded.registry;

import java.util.ArrayDeque;
import java.util.Deque;

import io.sitrep.embedded.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process broker for a test class and the registries started on it, as a JUnit extension
 * in a static {@code @RegisterExtension} field: the broker starts before the class's
 * {@code @BeforeAll} methods; after all tests the registries stop, newest first, then the broker.
 */
final class RegistryTestCluster implements BeforeAllCallback, AfterAllCallback {
    private final Deque<EmbeddedSchemaRegistry> registries = new ArrayDeque<>();
    private EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(final ExtensionContext context) {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults());
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** A registry on a free port, without authentication, stopped with the cluster. */
    EmbeddedSchemaRegistry registry() {
        return registry(EmbeddedSchemaRegistry.Options.defaults());
    }

    /** A registry on a free port, stopped with the cluster. */
    EmbeddedSchemaRegistry registry(final EmbeddedSchemaRegistry.Options options) {
        final EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0, options);
        registries.push(registry);
        return registry;
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        try {
            while (!registries.isEmpty()) {
                registries.pop().close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
