package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

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
    void shouldReadANumberWordOnlyAsAWholeWordWhateverTheScriptOfTheLettersAroundIt() {
        // a word runs on through accented and non-Latin letters: "fiveé" and "téN" are no figures
        assertThat(ReportFigures.located("fiveé téN Ten_three [nine] Sevenfold ΔTwo"))
                .containsExactly(new ReportFigures.Located("10", 10), new ReportFigures.Located("3", 14),
                        new ReportFigures.Located("9", 21));
    }

    @Test
    void shouldLocateEveryFigureInTextOrderWithRepeats() {
        assertThat(ReportFigures.located("Two dead, then 2 more; 1,200 fled."))
                .containsExactly(new ReportFigures.Located("2", 0), new ReportFigures.Located("2", 15),
                        new ReportFigures.Located("1200", 23));
    }
}
