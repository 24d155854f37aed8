package io.sitrep.streams.testing;

import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.streams.StreamsSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** Properties for topology tests: production's fixed settings, a state dir per test, no cache. */
public final class TopologyTests {
    private TopologyTests() {
    }

    public static Properties props(final Path stateDir, final SchemaRegistryClient registry) {
        // no record cache: every update is visible downstream at once, so tests see each change
        return new StreamsSettings("unused:9092", "sitrep-test", stateDir, StreamsSettings.DEFAULT_DEDUP_HORIZON, 1,
                Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0")).toProperties(registry);
    }
}
