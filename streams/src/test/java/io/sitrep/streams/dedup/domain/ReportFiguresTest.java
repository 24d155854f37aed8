package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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

    /** The figure words as the class documents them, for an oracle written apart from its table. */
    private static final Map<String, String> FIGURE_WORDS = Map.ofEntries(
            Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"),
            Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"),
            Map.entry("nine", "9"), Map.entry("ten", "10"), Map.entry("eleven", "11"), Map.entry("twelve", "12"),
            Map.entry("thirteen", "13"), Map.entry("fourteen", "14"), Map.entry("fifteen", "15"),
            Map.entry("sixteen", "16"), Map.entry("seventeen", "17"), Map.entry("eighteen", "18"),
            Map.entry("nineteen", "19"), Map.entry("twenty", "20"), Map.entry("monday", "mon"), Map.entry("tuesday", "tue"),
            Map.entry("wednesday", "wed"), Map.entry("thursday", "thu"), Map.entry("friday", "fri"),
            Map.entry("saturday", "sat"), Map.entry("sunday", "sun"));

    /**
     * Words made from the figure words and from words like them (a letter changed, added or cut, any
     * case, and letters that fold to ASCII ones: the long s, the Kelvin sign, the dotted capital I):
     * each is a figure exactly when it starts with an ASCII letter and equals a figure word ignoring
     * case as {@code regionMatches} has it.
     */
    @Test
    void shouldReadAWordAsAFigureExactlyWhenItIsAFigureWordIgnoringCase() {
        final SplittableRandom random = new SplittableRandom(28);
        final List<String> keys = List.copyOf(FIGURE_WORDS.keySet());
        final String letters = "abcdefghijklmnopqrstuvwxyzSTEN\u017f\u212a\u0130\u00e9";
        int figures = 0;
        for (int n = 0; n < 50_000; n++) {
            final StringBuilder word = new StringBuilder(keys.get(random.nextInt(keys.size())));
            switch (random.nextInt(4)) {
                case 0 -> word.setCharAt(random.nextInt(word.length()), letters.charAt(random.nextInt(letters.length())));
                case 1 -> word.insert(random.nextInt(word.length() + 1), letters.charAt(random.nextInt(letters.length())));
                case 2 -> word.deleteCharAt(random.nextInt(word.length()));
                default -> { }
            }
            for (int i = 0; i < word.length(); i++) {
                final char c = word.charAt(i);
                final int change = random.nextInt(8);
                word.setCharAt(i, change == 0 ? Character.toUpperCase(c) : change == 1 && c == 's' ? '\u017f'
                        : change == 1 && c == 'k' ? '\u212a' : change == 1 && c == 'i' ? '\u0130' : c);
            }
            final String w = word.toString();
            final String expected = FIGURE_WORDS.entrySet().stream()
                    .filter(e -> w.charAt(0) < 0x80 && e.getKey().length() == w.length()
                            && w.regionMatches(true, 0, e.getKey(), 0, w.length()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (expected != null) {
                figures++;
            }
            assertThat(ReportFigures.located(w)).as("figures of %s", w)
                    .isEqualTo(expected == null ? List.of() : List.of(new ReportFigures.Located(expected, 0)));
        }
        // the words include figures in every case and spelling, and near misses
        assertThat(figures).isBetween(10_000, 40_000);
    }
}
