package io.sitrep.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributionClaimScorerTest {

    private static EvalItem item(final String id, final List<String> claims) {
        return new EvalItem(id, null, "outlet", null, null, "text", "story", null, List.of(), List.of(), claims, null, null);
    }

    @Test
    void shouldScoreClaimantSidesAndFiguresPerItem() {
        final List<EvalItem> items = List.of(
                item("a", List.of("PK: 12 soldiers killed", "AF: 40 Pakistani soldiers killed in 2025", "unknown: 3 hurt")),
                item("b", List.of("BLA: claimed responsibility")),
                item("c", List.of()));
        final Map<String, List<AttributionClaimScorer.Claim>> got = Map.of(
                "a", List.of(new AttributionClaimScorer.Claim("PAKISTAN", 12, null),
                        new AttributionClaimScorer.Claim("AFGHANISTAN", 58, null),
                        new AttributionClaimScorer.Claim("TTP", 1, null)),
                "c", List.of(new AttributionClaimScorer.Claim("PAKISTAN", 5, null)));

        final AttributionClaimScorer.Scores s = new AttributionClaimScorer().score(items, got::get);

        // Three labelled claims with a known side; PK and AF found, BLA not.
        assertThat(s.labelled()).isEqualTo(3);
        assertThat(s.sideFound()).isEqualTo(2);
        // Item c has no labels: its extracted claim is not judged. In a: TTP is not labelled.
        assertThat(s.extracted()).isEqualTo(3);
        assertThat(s.extractedRight()).isEqualTo(2);
        // Figures: PK 12 matches, AF 40 does not (58 extracted); the year is not a figure.
        assertThat(s.withFigure()).isEqualTo(2);
        assertThat(s.figureFound()).isEqualTo(1);
        assertThat(s.keyValues()).isEqualTo("claim_side_p=0.667 claim_side_r=0.667 claim_figure_r=0.500 claims=3");
    }

    @Test
    void shouldReadFiguresWithThousandsSeparatorsAndSkipYears() {
        assertThat(AttributionClaimScorer.figures("1,200 displaced since 2021, 7 dead")).containsExactly(1200, 7);
    }
}
