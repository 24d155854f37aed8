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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
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

    @Test
    void shouldReadOneTopicInEverySubtopologySoTaskIdlingHasNothingToWaitFor() {
        // StreamsSettings disables task idling (max.task.idle.ms=-1): that reorders nothing only while
        // no task reads two partitions; a join or merge of two topics would need it back
        final var topics = TopicSpecs.create(new InMemorySchemaRegistryClient());
        final var props = TopologyTests.props(stateDir, topics.registry());
        final var subtopologies = new PipelineTopology(topics, Duration.ofDays(7), new EventExtractor(Gazetteer.loadDefault()))
                .build(props).describe().subtopologies();

        assertThat(subtopologies).hasSize(5).allSatisfy(sub -> assertThat(sub.nodes().stream()
                .filter(TopologyDescription.Source.class::isInstance)
                .mapToInt(node -> ((TopologyDescription.Source) node).topicSet().size()).sum())
                .as("topics read by sub-topology %d", sub.id()).isEqualTo(1));
        assertThat(new StreamsSettings("localhost:9092", "sitrep-test", stateDir, StreamsSettings.DEFAULT_DEDUP_HORIZON, 1, Map.of())
                .toProperties(topics.registry())
                .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    }

    @Test
    void shouldRankEveryInputOfTheStreamThreadsInTheFlowOrder() {
        final var topics = TopicSpecs.create(new InMemorySchemaRegistryClient());
        final var pipeline = new PipelineTopology(topics, Duration.ofDays(7), new EventExtractor(Gazetteer.loadDefault()));
        final var props = TopologyTests.props(stateDir, topics.registry());
        final String applicationId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        final var flow = pipeline.flowOrder(applicationId);
        final List<String> inputs = new ArrayList<>();
        // the global clock store has its own thread and consumer: not a stream thread's input
        pipeline.build(props).describe().subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Source source) {
                // the description names a repartition topic without the prefix its consumers see
                source.topicSet().forEach(t -> inputs.add(t.endsWith("-repartition") ? applicationId + "-" + t : t));
            }
        }));
        final List<String> inFlowOrder = inputs.stream().sorted(Comparator.comparingInt(flow::rank)).toList();

        assertThat(inputs).allSatisfy(topic -> assertThat(flow.rank(topic)).as("rank of %s", topic).isNotNegative());
        assertThat(inFlowOrder).containsExactly(topics.reportsRaw().name(), "sitrep-test-dedup-to-index-repartition",
                topics.reportsUnique().name(), "sitrep-test-attr-by-event-group-repartition", topics.eventsAttributed().name());
    }
}
