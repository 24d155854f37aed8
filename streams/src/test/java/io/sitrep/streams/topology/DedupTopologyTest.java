package io.sitrep.streams.topology;

import static io.sitrep.streams.topology.Reports.aReport;
import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupTopologyTest {
    private static final Instant T0 = Instant.parse("2026-02-27T06:00:00Z");
    private static final String WIRE_BODY = "KABUL (Reuters) - Pakistani jets struck targets in Khost province overnight, "
            + "officials said. (Reporting by A. Writer; Editing by B. Editor)";

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, RawReport> raw;
    private TestOutputTopic<String, UniqueReport> unique;
    private DedupTopology dedup;

    @BeforeEach
    void setUp() {
        final var topics = TopicSpecs.create(new InMemorySchemaRegistryClient());
        dedup = new DedupTopology(topics, Duration.ofDays(7));
        final Properties props = TopologyTests.props(stateDir, topics.registry());
        driver = new TopologyTestDriver(dedup.build(props), props);
        raw = driver.createInputTopic(Topics.REPORTS_RAW, Serdes.String().serializer(), topics.reportsRaw().valueSerde().serializer());
        unique = driver.createOutputTopic(Topics.REPORTS_UNIQUE, Serdes.String().deserializer(),
                topics.reportsUnique().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldForwardFirstCopyOnlyWhenScraperResendsSameUrl() {
        final RawReport report = aReport("r1").url("https://dawn.example/news/1?utm_source=x").build();
        raw.pipeInput("r1", report, T0);
        raw.pipeInput("r1", report, T0.plusSeconds(60));

        final var out = unique.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("r1");
        assertThat(out.get(0).value.getStoryId()).isEqualTo("r1");
        assertThat(out.get(0).value.getCanonicalUrl()).doesNotContain("utm_source");
        assertThat(dedup.duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void shouldDropSyndicatedCopyWhenBodyDiffersOnlyInDatelineBylineAndCase() {
        raw.pipeInput("a", aReport("a").outlet("Reuters").url("https://wire.example/a").body(WIRE_BODY).build(), T0);
        raw.pipeInput("b", aReport("b").outlet("Daily Outlet").url("https://daily.example/b")
                .body("Pakistani jets   struck targets in KHOST province overnight, officials said.").build(), T0.plusSeconds(5));

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("a");
        assertThat(dedup.duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void shouldKeepBothWhenUrlsAndBodiesDiffer() {
        raw.pipeInput("a", aReport("a").body("Shelling hit Kurram district on Monday.").build(), T0);
        raw.pipeInput("b", aReport("b").body("Talks between the two sides resumed in Doha.").build(), T0);

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("a", "b");
        assertThat(dedup.duplicatesDropped()).isZero();
    }

    @Test
    void shouldCountCopyAgainWhenItArrivesAfterTheHorizon() {
        final RawReport report = aReport("r1").build();
        raw.pipeInput("r1", report, T0);
        raw.pipeInput("r1", report, T0.plus(Duration.ofDays(15)));

        assertThat(unique.readValuesToList()).hasSize(2);
    }

    @Test
    void shouldSkipUndecodableRecordAndContinueWithTheNext() {
        // the envelope the handler builds is checked in DeadLetterDeserializationHandlerTest; that it
        // reaches the rejected topic on a real broker, in PipelineEndToEndIT (TopologyTestDriver does
        // not capture the records a deserialization handler returns)
        final var garbage = driver.createInputTopic(Topics.REPORTS_RAW, Serdes.String().serializer(), Serdes.ByteArray().serializer());

        garbage.pipeInput("bad", "{\"headline\":\"not avro\"}".getBytes(StandardCharsets.UTF_8), T0);
        raw.pipeInput("r1", aReport("r1").build(), T0);

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("r1");
    }

    @Test
    void shouldCatchResendOfFieldNoteWithoutUrl() {
        final RawReport note = aReport("s:field-team:42").url(null).body("Field note: mortar fire near Angoor Adda.").build();
        raw.pipeInput(note.getReportId(), note, T0);
        raw.pipeInput(note.getReportId(), note, T0.plusSeconds(1));

        assertThat(unique.readValuesToList()).hasSize(1);
        assertThat(unique.isEmpty()).isTrue();
    }
}
