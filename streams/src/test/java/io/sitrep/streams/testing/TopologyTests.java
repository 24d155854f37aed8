package io.sitrep.streams.testing;

import io.sitrep.schemas.TopicSpec;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.streams.StageTopology;
import io.sitrep.streams.StreamsSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** Properties for topology tests (production's fixed settings, a state dir per test, no cache) and their topics. */
public final class TopologyTests {
    private TopologyTests() {
    }

    public static Properties props(final Path stateDir, final SchemaRegistryClient registry) {
        // no record cache: every update is visible downstream at once, so tests see each change
        return new StreamsSettings("unused:9092", "sitrep-test", stateDir, StreamsSettings.DEFAULT_DEDUP_HORIZON, 1,
                Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0")).toProperties(registry);
    }

    /** The pipeline's topics on a registry of their own, empty. */
    public static TopicSpecs topics() {
        return TopicSpecs.create(new InMemorySchemaRegistryClient());
    }

    /** A driver of one stage alone, with its state in {@code stateDir}. */
    public static TopologyTestDriver driver(final Path stateDir, final TopicSpecs topics, final StageTopology stage) {
        final Properties props = props(stateDir, topics.registry());
        return new TopologyTestDriver(stage.build(props), props);
    }

    /** The driver's input topic for a topic, with the topic's own serdes. */
    public static <K, V> TestInputTopic<K, V> input(final TopologyTestDriver driver, final TopicSpec<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** The driver's output topic for a topic, with the topic's own serdes. */
    public static <K, V> TestOutputTopic<K, V> output(final TopologyTestDriver driver, final TopicSpec<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
