package io.sitrep.streams;

import io.sitrep.streams.testing.TopologyTests;
import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology's shape is checked in (src/test/resources/topology/pipeline.txt): renaming a node,
 * store or repartition topic changes where state lives, so it must show up in review as a diff.
 * To accept a deliberate change, run with -Dsitrep.updateTopology=true and commit the file.
 */
class PipelineTopologyDescriptionTest {
    private static final Path GOLDEN = Path.of("src/test/resources/topology/pipeline.txt");

    @TempDir
    Path stateDir;

    @Test
    void shouldMatchCheckedInDescriptionWhenTopologyIsBuilt() throws IOException {
        final var topics = TopicSpecs.create(new InMemorySchemaRegistryClient());
        final String description = new PipelineTopology(topics, Duration.ofDays(7), new EventExtractor(Gazetteer.loadDefault()))
                .build(TopologyTests.props(stateDir, topics.registry())).describe().toString();
        if (Boolean.getBoolean("sitrep.updateTopology")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, description, StandardCharsets.UTF_8);
        }

        assertThat(description).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }
}
