package io.sitrep.streams.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void shouldGiveEachTokenItsLowerCaseAndSpanWhenWordsRepeatInOtherCases() {
        final String text = "Kabul said KABUL and kabul, then Khyber-Pakhtunkhwa said";
        final List<Tokens.Token> tokens = Tokens.tokenize(text);
        assertThat(tokens).extracting(Tokens.Token::norm)
                .containsExactly("kabul", "said", "kabul", "and", "kabul", "then", "khyber", "pakhtunkhwa", "said");
        for (final Tokens.Token t : tokens) {
            assertThat(text.substring(t.start(), t.end()).toLowerCase(Locale.ROOT)).isEqualTo(t.norm());
        }
    }

    @Test
    void shouldNeverHandBackAnotherWordsStringWhenManyWordsShareTheRecentWordSlots() {
        // far more distinct words than the thread's table of recent words has slots, in random
        // order and case, so that words meet others in the same slot
        final Random random = new Random(3);
        final List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            final StringBuilder w = new StringBuilder();
            for (int k = 1 + random.nextInt(6); k > 0; k--) {
                w.append((char) ((random.nextBoolean() ? 'a' : 'A') + random.nextInt(26)));
            }
            vocabulary.add(w.toString());
        }
        for (int round = 0; round < 20; round++) {
            final List<String> words = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                words.add(vocabulary.get(random.nextInt(vocabulary.size())));
            }
            final List<Tokens.Token> tokens = Tokens.tokenize(String.join(" ", words));
            assertThat(tokens).hasSameSizeAs(words);
            for (int i = 0; i < words.size(); i++) {
                assertThat(tokens.get(i).norm()).isEqualTo(words.get(i).toLowerCase(Locale.ROOT));
            }
        }
    }

    @Test
    void shouldFoldAccentsAndArabicScriptVariantsOutsideAscii() {
        assertThat(Tokens.words("Kābul كابل")).containsExactly("kabul", "کابل");
    }
}
