package io.sitrep.streams.attribution.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    @Test
    void shouldSplitAtStopsFollowedBySpaceAndAnOpeningCharacter() {
        assertThat(SentenceSplitter.split("A drone hit the post. Two guards died! Was it a mortar? \"No,\" he said."))
                .containsExactly("A drone hit the post.", "Two guards died!", "Was it a mortar?", "\"No,\" he said.");
    }

    @Test
    void shouldNotSplitAtAbbreviationsInitialsOrLowerCaseContinuations() {
        assertThat(SentenceSplitter.split("Lt. Gen. Khan spoke on Feb. 26 in the city. J. Doe agreed. It was approx. nine."))
                .containsExactly("Lt. Gen. Khan spoke on Feb. 26 in the city.", "J. Doe agreed.", "It was approx. nine.");
        assertThat(SentenceSplitter.split("The toll rose to 12. then fell.")).containsExactly("The toll rose to 12. then fell.");
    }

    @Test
    void shouldKeepClosingQuotesAndBracketsWithTheirSentence() {
        assertThat(SentenceSplitter.split("He said \"it is over.\" Then he left. (All was quiet.) Night fell."))
                .containsExactly("He said \"it is over.\"", "Then he left.", "(All was quiet.)", "Night fell.");
    }

    @Test
    void shouldSplitAtArabicAndUrduStops() {
        assertThat(SentenceSplitter.split("حمله شد؟ دو نفر کشته شدند۔ Later news followed."))
                .containsExactly("حمله شد؟", "دو نفر کشته شدند۔", "Later news followed.");
    }

    @Test
    void shouldGiveNothingForBlankText() {
        assertThat(SentenceSplitter.split("  \n ")).isEmpty();
        assertThat(SentenceSplitter.split(null)).isEmpty();
    }

    /** The splitter finds its stops with String.indexOf; this is its earlier form, which tested every character. */
    @Test
    void shouldSplitRandomTextsAsATestOfEveryCharacterDoes() {
        final SplittableRandom random = new SplittableRandom(7);
        final String[] pieces = {"word", "Word", "12", "Gen", "feb", "u.s", "Lt", " ", "  ", "\n", ".", "!", "?", "\u061F", "\u06D4",
            "\"", "'", ")", "(", ",", "É", "é", "Ж", "ж", "\u0627", "e.g", "x"};
        for (int t = 0; t < 20_000; t++) {
            final StringBuilder text = new StringBuilder();
            final int length = random.nextInt(1, 40);
            for (int k = 0; k < length; k++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            assertThat(SentenceSplitter.split(text.toString())).as(text.toString()).isEqualTo(everyCharacter(text.toString()));
        }
    }

    private static List<String> everyCharacter(final String text) {
        final List<String> out = new ArrayList<>();
        if (text.isBlank()) {
            return out;
        }
        int start = 0;
        final int n = text.length();
        for (int i = 0; i < n; i++) {
            final char c = text.charAt(i);
            if (c != '.' && c != '!' && c != '?' && c != '\u061F' && c != '\u06D4') {
                continue;
            }
            int end = i + 1;
            while (end < n && (text.charAt(end) == '"' || text.charAt(end) == '\'' || text.charAt(end) == ')')) {
                end++;
            }
            if (end >= n || !Character.isWhitespace(text.charAt(end))) {
                continue;
            }
            int k = end;
            while (k < n && Character.isWhitespace(text.charAt(k))) {
                k++;
            }
            if (k >= n) {
                break;
            }
            final char first = text.charAt(k);
            final boolean opens = Character.isUpperCase(first) || Character.isDigit(first) || first == '"'
                    || first == '\'' || first == '(' || Character.isLetter(first) && !Character.isLowerCase(first)
                    && first > 0x024F;
            if (!opens || c == '.' && abbreviation(text, i)) {
                continue;
            }
            final String sentence = text.substring(start, end).strip();
            if (!sentence.isEmpty()) {
                out.add(sentence);
            }
            start = k;
        }
        final String rest = text.substring(start).strip();
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        return out;
    }

    private static boolean abbreviation(final String text, final int dot) {
        int b = dot;
        while (b > 0 && (Character.isLetter(text.charAt(b - 1)) || text.charAt(b - 1) == '.')) {
            b--;
        }
        return dot - b == 1 || SentenceSplitter.ABBREVIATIONS.contains(text.substring(b, dot).toLowerCase(Locale.ROOT));
    }
}
