package io.sitrep.streams.testing;

import io.sitrep.schemas.TopicSpec;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.streams.StageTopology;
import java.nio.file.Path;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage's topology test: fresh topics on a registry of their own, one driver per test with its
 * state in a temporary folder, closed after the test.
 */
public abstract class StageDriverTest {
    @TempDir
    protected Path stateDir;
    protected final TopicSpecs topics = TopologyTests.topics();
    protected TopologyTestDriver driver;

    /** Starts the driver on {@code stage} alone. */
    protected final void start(final StageTopology stage) {
        driver = TopologyTests.driver(stateDir, topics, stage);
    }

    protected final <K, V> TestInputTopic<K, V> input(final TopicSpec<K, V> topic) {
        return TopologyTests.input(driver, topic);
    }

    protected final <K, V> TestOutputTopic<K, V> output(final TopicSpec<K, V> topic) {
        return TopologyTests.output(driver, topic);
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }
}
