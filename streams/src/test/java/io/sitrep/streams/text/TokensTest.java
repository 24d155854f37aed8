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
        assertEveryTokenIsItsWordsLowerCase(vocabulary, random, 2_000);
    }

    @Test
    void shouldTellApartWordsThatShareTheirFirstCharactersOrDifferOnlyInLength() {
        // a slot's word is recognised by its first sixteen characters packed into two longs, and only
        // a longer word is compared further: words of 1-24 letters and digits, many of them one
        // 8- or 16-character stem with endings of every length (none included), meeting in the slots
        final Random random = new Random(5);
        final String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        final List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            final StringBuilder stem = new StringBuilder();
            for (int k = 0; k < 16; k++) {
                stem.append(chars.charAt(random.nextInt(chars.length())));
            }
            for (int ending = 0; ending <= 8; ending++) {
                vocabulary.add(stem + stem.substring(0, ending));
                vocabulary.add(stem.substring(0, 8 + ending));
                vocabulary.add(stem.substring(0, 1 + ending));
            }
        }
        assertEveryTokenIsItsWordsLowerCase(vocabulary, random, 5_000);
    }

    /** 20 texts of {@code wordsPerText} words drawn from {@code vocabulary}: each token is its word in lower case. */
    private static void assertEveryTokenIsItsWordsLowerCase(final List<String> vocabulary, final Random random,
                                                            final int wordsPerText) {
        for (int round = 0; round < 20; round++) {
            final List<String> words = new ArrayList<>();
            for (int i = 0; i < wordsPerText; i++) {
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
    void shouldPackTheFirstEightCharactersInLowerCaseOneByteEach() {
        assertThat(Tokens.packedLower("Ab", 0, 2)).isEqualTo('b' << 8 | 'a');
        assertThat(Tokens.packedLower("x0AbCdEfGh", 2, 8)).isEqualTo(Tokens.packedLower("abcdefghij", 0, 10))
                .isNotEqualTo(Tokens.packedLower("abcdefg", 0, 7));
        assertThat(Tokens.packedLower("0", 0, 1)).isNotZero();
    }

    @Test
    void shouldFoldAccentsAndArabicScriptVariantsOutsideAscii() {
        assertThat(Tokens.words("Kābul كابل")).containsExactly("kabul", "کابل");
    }
}
