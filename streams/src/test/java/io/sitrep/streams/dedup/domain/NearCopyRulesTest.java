package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearCopyRulesTest {
    private static final NearCopyRules RULES = NearCopyRules.defaults();

    @Test
    void shouldJoinTheEarliestMatchingReportEvenWhenALaterOneContainsMore() {
        final var early = new NearCopyRules.Candidate("a", "story-a", "", 40, 1_000, 25);
        final var later = new NearCopyRules.Candidate("b", "story-b", "", 40, 2_000, 38);
        final var match = RULES.decide(40, List.of(later, early));
        assertThat(match).get().extracting(m -> m.matched().storyId()).isEqualTo("story-a");
        assertThat(RULES.decide(40, List.of(early, later))).isEqualTo(match);
    }

    @Test
    void shouldBreakATieInTimeByReportId() {
        final var x = new NearCopyRules.Candidate("x", "story-x", "", 40, 1_000, 30);
        final var c = new NearCopyRules.Candidate("c", "story-c", "", 40, 1_000, 30);
        assertThat(RULES.decide(40, List.of(x, c))).get().extracting(m -> m.matched().reportId()).isEqualTo("c");
    }

    @Test
    void shouldSkipACandidateWhoseFiguresDisagree() {
        final var wrongFigures = new NearCopyRules.Candidate("a", "story-a", "", 40, 1_000, 39, List.of("7", "3"));
        final var right = new NearCopyRules.Candidate("b", "story-b", "", 40, 2_000, 30, List.of("4", "5"));
        assertThat(RULES.decide(40, List.of("4", "5"), List.of(wrongFigures, right)))
                .get().extracting(m -> m.matched().reportId()).isEqualTo("b");
        assertThat(RULES.decide(40, List.of("4", "5"), List.of(wrongFigures))).isEmpty();
    }

    @Test
    void shouldOrderReportsByTimeThenId() {
        assertThat(NearCopyRules.precedes(1, "z", 2, "a")).isTrue();
        assertThat(NearCopyRules.precedes(2, "a", 2, "b")).isTrue();
        assertThat(NearCopyRules.precedes(2, "b", 2, "b")).isFalse();
        assertThat(NearCopyRules.precedes(3, "a", 2, "b")).isFalse();
    }
}
