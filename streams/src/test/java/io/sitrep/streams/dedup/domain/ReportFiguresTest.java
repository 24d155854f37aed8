package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
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

    /** Pieces of text where the two readings could part: separators, marks, scripts, thousands, number words in any case. */
    private static final String[] PIECES = {"1", "07", "2,600", ",", ", ", "1,000,000", ",5", "5,", "3rd", "km", " ", "-", ".",
        "(", "seven", "Seven", "SEVEN", "sevenfold", "ten", "tEn", "Thursday", "twenty", "one", "the", "of", "\u00e9",
        "\u0301", "\u0640", "\u0663", "\u0627\u0644", "\u017fix", "\ud835\udfd9", "\ud835\udc00", "_", "'", "\n", "Kab\u016bl", "x"};

    @Test
    void shouldFindTheSameFiguresFromTheTokensOfAScanAsFromTheText() {
        final SplittableRandom random = new SplittableRandom(21);
        for (int n = 0; n < 20_000; n++) {
            final StringBuilder text = new StringBuilder();
            final int pieces = random.nextInt(1, 24);
            for (int p = 0; p < pieces; p++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            final String t = text.toString();
            final ReportFigures.SpanReader reader = new ReportFigures.SpanReader(t);
            final Fingerprinter.Words words = Fingerprinter.wordsOf(t, reader);

            assertThat(reader.located()).as("figures of %s", t).isEqualTo(ReportFigures.located(t));
            final Fingerprinter.Words alone = Fingerprinter.wordsOf(t);
            assertThat(words.hashes()).as("words of %s", t).isEqualTo(alone.hashes());
            assertThat(words.starts()).as("word starts of %s", t).isEqualTo(alone.starts());
        }
    }

    @Test
    void shouldCarryAFigureAcrossThousandsSeparatorsIntoTheTokensAfterThem() {
        final String t = "about 1,250,000km of 3,5x and seven";
        final ReportFigures.SpanReader reader = new ReportFigures.SpanReader(t);
        Fingerprinter.wordsOf(t, reader);
        assertThat(reader.located()).containsExactly(new ReportFigures.Located("1250000", 6),
                new ReportFigures.Located("35", 21), new ReportFigures.Located("7", 30)).isEqualTo(ReportFigures.located(t));
    }
}
