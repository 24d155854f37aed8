package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitrep.app.eval.DedupScorer;
import io.sitrep.app.eval.EvalCorpus;
import io.sitrep.app.eval.Observations;
import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Precision;
import io.sitrep.schemas.avro.Side;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of {@code sitrep eval} that need no broker: corpus reading, scoring, the summary line. */
class EvalCommandTest {
    @TempDir
    Path dir;

    /** Writes {@code lines}, joined by newlines, to a file of the temporary folder. */
    private Path corpusFile(final String name, final String... lines) throws IOException {
        final Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldReadItemsWhenOptionalFieldsAreMissingAndUnknownOnesPresent() throws IOException {
        final Path file = corpusFile("c.jsonl",
                "# a comment",
                "{\"id\": \"a\", \"text\": \"Shelling hit Kurram.\", \"colour\": \"blue\"}",
                "",
                "{\"id\": \"b\", \"text\": \"Shelling hit Kurram.\", \"near_duplicate_of\": \"a\", \"story\": \"kurram\", \"claims\": null}");

        final EvalCorpus corpus = EvalCorpus.read(file);

        assertThat(corpus.items()).hasSize(2);
        assertThat(corpus.items().get(0).story()).isEqualTo("none");
        assertThat(corpus.items().get(0).publishedAt()).isNull();
        assertThat(corpus.items().get(1).nearDuplicateOf()).isEqualTo("a");
        assertThat(corpus.items().get(1).claims()).isEmpty();
    }

    @Test
    void shouldRefuseItemWithoutTextWithItsLineNumber() throws IOException {
        final Path file = corpusFile("bad.jsonl", "{\"id\": \"a\", \"text\": \"x\"}", "{\"id\": \"b\"}", "");

        assertThatThrownBy(() -> EvalCorpus.read(file)).hasMessageContaining(":2:");
    }

    @Test
    void shouldScoreCopyPairsTransitivelyWhenOneCopyIsMissed() throws IOException {
        final Path file = corpusFile("c.jsonl",
                "{\"id\": \"o\", \"text\": \"t\", \"story\": \"s\"}",
                "{\"id\": \"c1\", \"text\": \"t\", \"story\": \"s\", \"near_duplicate_of\": \"o\"}",
                "{\"id\": \"c2\", \"text\": \"t\", \"story\": \"s\", \"near_duplicate_of\": \"c1\"}",
                "{\"id\": \"x\", \"text\": \"t\", \"story\": \"none\"}");
        final Observations seen = new Observations(Map.of(
                "o", new Observations.Outcome("o", "S1", "STORY", null, 0),
                "c1", new Observations.Outcome("c1", "S1", "NEAR_COPY", "o", 0.9),
                "c2", new Observations.Outcome("c2", "S2", "STORY", null, 0),
                "x", new Observations.Outcome("x", "S3", "STORY", null, 0)), Map.of(), Map.of());

        final Map<String, Double> s = new DedupScorer().score(EvalCorpus.read(file), seen);

        // true pairs: o-c1, o-c2, c1-c2; predicted: o-c1
        assertThat(s.get("copy_p")).isEqualTo(1.0);
        assertThat(s.get("copy_r")).isEqualTo(1.0 / 3);
        assertThat(s.get("story_f1")).isEqualTo(0.5);
    }

    @Test
    void shouldGroupTwoStoriesWhenTheirEventsShareAnIncident() throws IOException {
        final Path file = corpusFile("c.jsonl",
                "{\"id\": \"kurram\", \"text\": \"t\", \"story\": \"border-night\"}",
                "{\"id\": \"paktia\", \"text\": \"t\", \"story\": \"border-night\"}");
        final Map<String, Observations.Outcome> outcomes = Map.of(
                "kurram", new Observations.Outcome("kurram", "S1", "STORY", null, 0),
                "paktia", new Observations.Outcome("paktia", "S2", "STORY", null, 0));
        final var scorer = new DedupScorer();

        // one event per province; only the incident id says they are one night's fighting
        final Map<String, Double> linked = scorer.score(EvalCorpus.read(file), new Observations(outcomes, Map.of(
                "S1", List.of(event("PK-KP|e1", "S1", "incident|night")),
                "S2", List.of(event("AF-PIA|e2", "S2", "incident|night"))), Map.of()));
        final Map<String, Double> apart = scorer.score(EvalCorpus.read(file), new Observations(outcomes, Map.of(
                "S1", List.of(event("PK-KP|e1", "S1", null)),
                "S2", List.of(event("AF-PIA|e2", "S2", null))), Map.of()));

        assertThat(linked.get("story_f1")).isEqualTo(1.0);
        assertThat(apart.get("story_f1")).isEqualTo(0.0);
    }

    private static AttributedEvent event(final String eventId, final String storyId, final String incidentId) {
        final Instant at = Instant.parse("2026-03-15T07:00:00Z");
        return AttributedEvent.newBuilder()
                .setEventId(eventId).setStoryId(storyId).setReportId(storyId)
                .setRegionCode("PK-KP").setRegionName("Khyber Pakhtunkhwa").setCountryCode("PK")
                .setEventType(EventType.ARMED_CLASH).setCounted(true)
                .setActorSide(Side.AFGHANISTAN).setTargetSide(Side.PAKISTAN)
                .setClaims(List.of()).setEventDate(LocalDate.of(2026, 3, 14)).setPublishedAt(at).setSourceOutlet("Outlet")
                .setPrecision(Precision.PROVINCE).setSources(List.of()).setIncidentId(incidentId)
                .build();
    }

    @Test
    void shouldPrintScoresWithThreeDecimalsInScorerOrder() {
        final Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("copy_p", 1.0);
        scores.put("copy_r", 0.95);
        scores.put("copy_f1", 0.974_358);
        scores.put("story_f1", 0.5);

        assertThat(EvalCommand.summaryLine(67, scores))
                .isEqualTo("eval: items=67 copy_p=1.000 copy_r=0.950 copy_f1=0.974 story_f1=0.500");
        assertThat(EvalCommand.SCORERS).isNotEmpty();
        assertThat(List.copyOf(EvalCommand.SCORERS.get(0).score(EvalCorpus.devCorpus(),
                new Observations(Map.of(), Map.of(), Map.of())).keySet()))
                .startsWith("copy_p", "copy_r", "copy_f1", "story_f1");
    }
}
