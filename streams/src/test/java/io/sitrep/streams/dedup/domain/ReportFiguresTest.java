package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFiguresTest {

    @Test
    void shouldReadDigitsThousandsAndNumberWordsAsOneKindOfFigure() {
        assertThat(ReportFigures.of("Eight people were killed and 14 wounded along the 2,600-km border; 08 posts hit."))
                .containsExactly("14", "2600", "8");
    }

    @Test
    void shouldIgnoreTheDatelineAndSignOffOfAnOutlet() {
        assertThat(ReportFigures.of("KABUL, March 10 (Reuters) - Six people died. (Reporting by A. Writer; Editing by B. Editor)"))
                .containsExactly("6");
    }

    @Test
    void shouldAgreeWhenOneTextCarriesASubsetOfTheOthersFigures() {
        assertThat(ReportFigures.disagree(List.of("6"), List.of("2", "40", "6"))).isFalse();
        assertThat(ReportFigures.disagree(List.of("2", "40", "6"), List.of("6"))).isFalse();
    }

    @Test
    void shouldDisagreeWhenEachTextHasAFigureTheOtherLacks() {
        assertThat(ReportFigures.disagree(List.of("12", "3", "5", "7"), List.of("12", "3", "9"))).isTrue();
        assertThat(ReportFigures.disagree(List.of("1", "12", "1430"), List.of("1", "12", "1425"))).isTrue();
    }

    @Test
    void shouldAgreeWhenEitherTextStatesNoFigures() {
        assertThat(ReportFigures.disagree(List.of(), List.of("3"))).isFalse();
        assertThat(ReportFigures.disagree(List.of("3"), List.of())).isFalse();
    }

    @Test
    void shouldDisagreeWhenTheFiguresOfTwoIncidentsDiffer() {
        assertThat(ReportFigures.disagree(List.of("35", "3"), List.of("12", "5"))).isTrue();
        assertThat(ReportFigures.disagree(List.of("35", "2"), List.of("12", "2"))).as("half of each missing").isTrue();
        assertThat(ReportFigures.disagree(List.of("7"), List.of("4"))).isTrue();
    }
}
