package io.sitrep.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The attribution development corpus through the extractor alone. Guards the issue's bar (region
 * F1 ≥ 0.90, type F1 ≥ 0.85, no negative counted) so a lexicon edit that breaks it shows up in
 * the normal build; the full line is printed for the record.
 */
class AttributionEvalTest {

    @Test
    void shouldMeetTheIssueBarOnTheDevelopmentCorpus() {
        final List<AttributionEval.Item> items = AttributionEval.devCorpus();
        final StringWriter misses = new StringWriter();
        final String line = AttributionEval.run(items, new EventExtractor(Gazetteer.loadDefault()), new PrintWriter(misses));
        System.out.print(misses);
        System.out.println(line);

        final Map<String, String> kv = Stream.of(line.substring(line.indexOf(' ') + 1).split(" "))
                .map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> p[1]));
        assertThat(items).hasSizeGreaterThanOrEqualTo(60);
        assertThat(Double.parseDouble(kv.get("region_f1"))).isGreaterThanOrEqualTo(0.90);
        assertThat(Double.parseDouble(kv.get("type_f1"))).isGreaterThanOrEqualTo(0.85);
        assertThat(kv.get("negatives_counted")).startsWith("0/");
    }

    /** {@code -Dsitrep.attrCorpus=FILE.jsonl}: score another labelled corpus too (printed, not asserted). */
    @Test
    void shouldPrintScoresOfAnotherCorpusWhenOneIsGiven() throws java.io.IOException {
        final String path = System.getProperty("sitrep.attrCorpus");
        org.junit.jupiter.api.Assumptions.assumeTrue(path != null && !path.isBlank(), "no -Dsitrep.attrCorpus given");
        final StringWriter misses = new StringWriter();
        final String line = AttributionEval.run(AttributionEval.read(java.nio.file.Path.of(path)),
                new EventExtractor(Gazetteer.loadDefault()), new PrintWriter(misses));
        System.out.print(misses);
        System.out.println(path + ": " + line);
    }

    @Test
    void shouldScoreByMicroAveragedSetsAndCountNegatives() {
        final var scorer = new AttributionScorer();
        final var items = List.of(
                new AttributionScorer.Labelled("a", "s1", "2026-03-05", List.of("AF-KHO", "AF-PKA"), List.of("airstrike")),
                new AttributionScorer.Labelled("b", "none", null, List.of(), List.of()),
                new AttributionScorer.Labelled("c", "s2", "2026-03-07", List.of("PK-KP"), List.of("drone_strike")));
        final var d5 = java.time.LocalDate.of(2026, 3, 5);
        final var d8 = java.time.LocalDate.of(2026, 3, 8);
        final Map<String, List<AttributionScorer.Predicted>> p = Map.of(
                "a", List.of(new AttributionScorer.Predicted("AF-KHO", "airstrike", d5, true)),
                "b", List.of(new AttributionScorer.Predicted("AF-KAB", "talks", d5, false)),
                "c", List.of(new AttributionScorer.Predicted("PK-KP", "airstrike", d8, true),
                        new AttributionScorer.Predicted("PK-BA", "airstrike", d8, true)));

        final var s = scorer.score(items, p::get);

        assertThat(new int[] {s.regionTp(), s.regionFp(), s.regionFn()}).as("region tp, fp, fn").containsExactly(2, 1, 1);
        assertThat(new int[] {s.typeTp(), s.typeFp(), s.typeFn()}).as("type tp, fp, fn").containsExactly(1, 1, 1);
        assertThat(s.dateAcc()).isEqualTo(0.5);
        assertThat(s.dateAcc1()).isEqualTo(1.0);
        assertThat(s.keyValues()).endsWith("negatives_counted=0/1")
                .startsWith("region_p=0.667 region_r=0.667 region_f1=0.667 type_p=0.500");
    }

    @Test
    void shouldScoreTheTypeAndDateOfACountryWideEventButClaimNoProvinceWithIt() {
        final var scorer = new AttributionScorer();
        final var day = java.time.LocalDate.of(2025, 10, 11);
        final var items = List.of(new AttributionScorer.Labelled("a", "s1", "2025-10-11", List.of(), List.of("armed_clash")),
                new AttributionScorer.Labelled("b", "none", null, List.of(), List.of()));
        final Map<String, List<AttributionScorer.Predicted>> p = Map.of(
                "a", List.of(new AttributionScorer.Predicted("PK", "armed_clash", day, true)),
                "b", List.of(new AttributionScorer.Predicted("AF", "armed_clash", day, true)));

        final var s = scorer.score(items, p::get);

        assertThat(s.regionFp()).isZero();
        assertThat(s.typeTp()).isEqualTo(1);
        assertThat(s.typeFp()).isEqualTo(1);
        assertThat(s.dateAcc()).isEqualTo(1.0);
        // A negative with a counted event is counted, wherever the event is placed.
        assertThat(s.negativesCounted()).isEqualTo(1);
        assertThat(scorer.typeScores(items, p::get)).isEqualTo("armed_clash=R1.000(1/1),P0.500(1/2)");
    }
}
