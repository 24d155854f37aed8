package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the winnowed fingerprints, checked over many seeded random texts: identity,
 * the containment of any contiguous third, and the distance between different texts on one topic.
 */
class FingerprinterTest {
    private static final int TRIALS = 300;
    private static final NearCopyRules RULES = NearCopyRules.defaults();
    private static final Fingerprinter FINGERPRINTER = RULES.fingerprinter();
    /** A topical vocabulary: texts drawn from it share words, as reports on one conflict do. */
    private static final String[] VOCABULARY = ("pakistani afghan taliban forces border officials said killed wounded "
            + "province district khost paktika kurram kunar bajaur chaman torkham strike strikes air drone shelling "
            + "artillery clash clashes posts troops soldiers civilians children women villagers residents spokesman "
            + "ministry defence foreign army police militants commander commanders fighters attack attacks night "
            + "morning monday tuesday wednesday thursday friday saturday sunday the a of in on at by with from to and "
            + "after before during while near across over under their his its two three four five six seven eight nine "
            + "ten dozens hundreds crossing trade lorries closed reopened talks ceasefire truce doha islamabad kabul "
            + "statement claimed denied accused responsibility retaliation hideouts camp homes houses market mosque "
            + "school hospital road convoy bomb roadside suicide rocket rockets mortar fire exchange heavy hours").split(" ");

    private static String randomText(final Random random, final int words) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            b.append(VOCABULARY[random.nextInt(VOCABULARY.length)]).append(i % 17 == 16 ? ". " : " ");
        }
        return b.toString().trim();
    }

    private static TextEvidence evidence(final String text) {
        return TextEvidence.ofStripped(io.sitrep.streams.text.TextNormalizer.stripBoilerplate(text), FINGERPRINTER);
    }

    @Test
    void shouldHashWordsInPlaceAsTheTokensHashWhenTheTextMixesScripts() {
        final String text = "Kābul's Khyber-Pakhtunkhwa DRONE strike, 2,600 fled; \u0643\u0627\u0628\u0644 \u064A\u0648\u0645 and \u0301 mark. ZWNJ\u200Cword";
        final List<io.sitrep.streams.text.Tokens.Token> tokens = io.sitrep.streams.text.Tokens.tokenize(text);
        final Fingerprinter.Words words = Fingerprinter.wordsOf(text);
        assertThat(words.hashes()).containsExactly(Fingerprinter.wordHashes(tokens));
        assertThat(words.starts()).containsExactly(tokens.stream().mapToInt(io.sitrep.streams.text.Tokens.Token::start).toArray());
        final Random random = new Random(7);
        for (int trial = 0; trial < TRIALS; trial++) {
            final String random1 = randomText(random, 1 + random.nextInt(200)).toUpperCase(java.util.Locale.ROOT);
            assertThat(Fingerprinter.wordsOf(random1).hashes())
                    .containsExactly(Fingerprinter.wordHashes(io.sitrep.streams.text.Tokens.tokenize(random1)));
        }
    }

    @Test
    void shouldSortHashesByBucketsAsTheGeneralSortDoes() {
        final Random random = new Random(13);
        for (int trial = 0; trial < TRIALS; trial++) {
            final int n = random.nextInt(1_500);
            final long[] hashes = random.longs(n).toArray();
            // repeats (a phrase said twice), and the extremes of the signed range
            for (int i = 0; i + 1 < n; i += 1 + random.nextInt(20)) {
                hashes[i + 1] = hashes[i];
            }
            if (n > 2) {
                hashes[0] = Long.MIN_VALUE;
                hashes[1] = Long.MAX_VALUE;
            }
            assertThat(Fingerprinter.distinctSortedHashes(hashes)).containsExactly(Fingerprinter.distinctSorted(hashes));
        }
        // values that are not spread over the range (small numbers, one repeated value): same result
        final long[] crowded = random.longs(900, 0, 5_000).toArray();
        assertThat(Fingerprinter.distinctSortedHashes(crowded)).containsExactly(Fingerprinter.distinctSorted(crowded));
        final long[] same = new long[700];
        java.util.Arrays.fill(same, -42L);
        assertThat(Fingerprinter.distinctSortedHashes(same)).containsExactly(-42L);
        // made from words, as the index makes them
        final int[] words = random.ints(800).toArray();
        final long[] triples = Fingerprinter.ngrams(words, 3);
        assertThat(Fingerprinter.distinctSortedHashes(triples)).containsExactly(Fingerprinter.distinctSorted(triples));
    }

    @Test
    void shouldCountSharedAndUnflaggedValuesInOneWalkAsTheTwoCountsDo() {
        final Random random = new Random(11);
        for (int trial = 0; trial < TRIALS; trial++) {
            // small value ranges, so that the arrays share many values
            final long[] a = Fingerprinter.distinctSorted(random.longs(random.nextInt(60), 0, 80).toArray());
            final long[] b = Fingerprinter.distinctSorted(random.longs(random.nextInt(60), 0, 80).toArray());
            final boolean[] flagged = new boolean[a.length];
            for (int i = 0; i < a.length; i++) {
                flagged[i] = random.nextInt(3) == 0;
            }
            final long both = Fingerprinter.sharedAndUnflagged(a, flagged, b);
            assertThat((int) (both >>> 32)).isEqualTo(Fingerprinter.sharedCount(a, b));
            assertThat((int) both).isEqualTo(Fingerprinter.sharedCount(a, flagged, b));
        }
    }

    @Test
    void shouldGiveIdenticalFingerprintsWhenTextIsIdentical() {
        final Random random = new Random(1);
        for (int t = 0; t < TRIALS; t++) {
            final String text = randomText(random, 20 + random.nextInt(400));
            assertThat(FINGERPRINTER.fingerprints(text)).isEqualTo(FINGERPRINTER.fingerprints(new String(text)));
            // case, whitespace and typographic quotes do not change the fingerprints
            assertThat(FINGERPRINTER.fingerprints("  " + text.toUpperCase(java.util.Locale.ROOT).replace(" ", "\n ")))
                    .isEqualTo(FINGERPRINTER.fingerprints(text));
        }
    }

    @Test
    void shouldMatchAnyContiguousThirdWhenItIsCutFromTheText() {
        final Random random = new Random(2);
        for (int t = 0; t < TRIALS; t++) {
            final String[] words = randomText(random, 150 + random.nextInt(450)).split(" ");
            final int third = words.length / 3;
            final int start = random.nextInt(words.length - third + 1);
            final String part = String.join(" ", Arrays.copyOfRange(words, start, start + third));
            final long[] whole = FINGERPRINTER.fingerprints(String.join(" ", words));
            final long[] cut = FINGERPRINTER.fingerprints(part);
            final Overlap overlap = Overlap.of(evidence(part), evidence(String.join(" ", words)));

            assertThat(RULES.isCopy(overlap))
                    .as("third [%d, %d) of %d words: %s", start, start + third, words.length, overlap)
                    .isTrue();
            // winnowing is local: only the windows at the two cut edges may select differently
            assertThat(Fingerprinter.containment(cut, whole)).isGreaterThan(0.85);
        }
    }

    @Test
    void shouldStayBelowThresholdWhenTextsOnTheSameTopicAreDifferent() {
        final Random random = new Random(3);
        double highest = 0;
        for (int t = 0; t < TRIALS; t++) {
            final String a = randomText(random, 40 + random.nextInt(400));
            final String b = randomText(random, 40 + random.nextInt(400));
            highest = Math.max(highest, Fingerprinter.containment(FINGERPRINTER.fingerprints(a), FINGERPRINTER.fingerprints(b)));
            assertThat(RULES.isCopy(Overlap.of(evidence(a), evidence(b)))).isFalse();
        }
        assertThat(highest).isLessThan(RULES.minContainment() / 2);
    }

    @Test
    void shouldStayBelowThresholdWhenTwoReportsShareOnlyStockPhrasesAndPlaces() {
        final String a = "Pakistani forces shelled villages in the Dangam district of Kunar province on Monday, killing two "
                + "people, officials said. The provincial spokesman said the shelling lasted several hours. Pakistan said "
                + "its troops only respond to fire from Afghan territory.";
        final String b = "Afghan forces fired mortars at Pakistani border posts in the Bajaur district on Monday, wounding "
                + "three soldiers, officials said. The army said the firing lasted several hours and that its troops "
                + "returned fire. Taliban officials accused Pakistan of starting the exchange.";
        final long[] fa = FINGERPRINTER.fingerprints(a);
        final long[] fb = FINGERPRINTER.fingerprints(b);

        assertThat(Fingerprinter.containment(fa, fb)).isLessThan(0.2);
    }

    @Test
    void shouldShareAFingerprintWhenARunOfGuaranteeLengthIsShared() {
        final Random random = new Random(4);
        for (int t = 0; t < TRIALS; t++) {
            final List<String> shared = List.of(randomText(random, FINGERPRINTER.guaranteeWords()).split(" "));
            final List<String> a = new ArrayList<>(List.of(randomText(random, 30).split(" ")));
            final List<String> b = new ArrayList<>(List.of(randomText(random, 30).split(" ")));
            a.addAll(10, shared);
            b.addAll(20, shared);
            assertThat(Fingerprinter.sharedCount(FINGERPRINTER.fingerprints(String.join(" ", a)),
                    FINGERPRINTER.fingerprints(String.join(" ", b)))).isPositive();
        }
    }

    @Test
    void shouldHandleTextsShorterThanAShingle() {
        assertThat(FINGERPRINTER.fingerprints("")).isEmpty();
        assertThat(FINGERPRINTER.fingerprints(null)).isEmpty();
        assertThat(FINGERPRINTER.fingerprints("Kabul")).hasSize(1);
        assertThat(FINGERPRINTER.fingerprints("KABUL (Reuters) - ")).isEmpty();
    }
    @Test
    void shouldCountLikeSharedCountWhenTheBarIsReachedAndGiveMinusOneWhenItIsNot() {
        final Random random = new Random(11);
        for (int round = 0; round < 2_000; round++) {
            final long[] a = Fingerprinter.distinctSorted(random.longs(random.nextInt(40), 0, 60).toArray());
            final long[] b = Fingerprinter.distinctSorted(random.longs(random.nextInt(40), 0, 60).toArray());
            final int shared = Fingerprinter.sharedCount(a, b);
            final int needed = random.nextInt(30);
            assertThat(Fingerprinter.sharedCountReaching(a, b, needed)).isEqualTo(shared >= needed ? shared : -1);
        }
    }
}
