package io.sitrep.streams.dedup.domain;

import io.sitrep.streams.text.Tokens;
import java.util.Arrays;

/**
 * The evidence of a sentence-by-sentence rewrite: the content words two texts share <em>outside</em>
 * the runs of words they share verbatim, and how many of them the two texts give in the same order.
 *
 * <p>Why: a rewrite of one source replaces most of its phrasing, so it shares few word runs with
 * it, but it retells the source's facts (names, places, figures, who said what) one sentence after
 * the other, so the words it keeps come in the source's order. An independent write-up of the same
 * incident shares those words too, but tells them in its own order; two incidents told from one
 * template share their wording verbatim (inside runs, which are left out here) and differ in the
 * words outside them. Function words are left out: every English text has them, in every order.
 *
 * <p>Computed on first use ({@link #ordered()}): the rule asks for it only for pairs that the
 * cheaper tests leave undecided. Not thread-safe.
 */
public final class RewriteOrder {
    /** Hashes of English function words, sorted: words that say nothing about which facts a text tells. */
    private static final long[] FUNCTION_WORDS = Fingerprinter.distinctSorted(Fingerprinter.unsigned(Fingerprinter.wordHashes(Tokens.tokenize(
            "a an the of to in on at for by with from and or but nor as is was were are be been being has have had do does did "
                    + "that this these those it its he she they them their his her him we our us you your i me my not no "
                    + "which who whom whose what when where while why how after before over under into onto out up down off "
                    + "about against between among during through than then there here also said says say saying told tells "
                    + "according would could should will shall can may might must more most other another some any such only own "
                    + "same so too very just all both each if because since until"))));

    /** Two texts that share nothing; shared by every stream thread, so it is measured here, during class initialisation. */
    static final RewriteOrder NONE = new RewriteOrder(TextEvidence.EMPTY, TextEvidence.EMPTY).measured();

    private final TextEvidence a;
    private final TextEvidence b;
    private int ordered = -1;
    private int shared;

    RewriteOrder(final TextEvidence a, final TextEvidence b) {
        this.a = a;
        this.b = b;
    }

    /** Shared content words outside verbatim runs that both texts give in the same order (longest common subsequence). */
    public int ordered() {
        measure();
        return ordered;
    }

    /** Shared content words outside verbatim runs, counted in the text where there are fewer. */
    public int shared() {
        measure();
        return shared;
    }

    /** {@link #ordered()} ÷ {@link #shared()}: 1 when the texts tell what they share in one order; 0 when they share none. */
    public double orderedShare() {
        return shared() == 0 ? 0.0 : (double) ordered() / shared();
    }

    private RewriteOrder measured() {
        measure();
        return this;
    }

    private void measure() {
        if (ordered >= 0) {
            return;
        }
        final long[] ownA = outsideRuns(a, b);
        final long[] ownB = outsideRuns(b, a);
        final long[] inA = keepShared(ownA, Fingerprinter.distinctSorted(ownB));
        final long[] inB = keepShared(ownB, Fingerprinter.distinctSorted(ownA));
        shared = Math.min(inA.length, inB.length);
        ordered = commonSubsequence(inA, inB);
    }

    /** The content words of {@code self}, in text order, that no word triple shared with {@code other} covers. */
    private static long[] outsideRuns(final TextEvidence self, final TextEvidence other) {
        final int[] words = self.words();
        final long[] seq = self.tripleSeq();
        final boolean[] inRun = new boolean[words.length];
        if (words.length >= 3) {
            for (int i = 0; i < seq.length; i++) {
                if (other.hasTriple(seq[i])) {
                    inRun[i] = true;
                    inRun[i + 1] = true;
                    inRun[i + 2] = true;
                }
            }
        }
        final long[] out = new long[words.length];
        int n = 0;
        for (int i = 0; i < words.length; i++) {
            final long word = Integer.toUnsignedLong(words[i]);
            if (!inRun[i] && Arrays.binarySearch(FUNCTION_WORDS, word) < 0) {
                out[n++] = word;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static long[] keepShared(final long[] words, final long[] sortedOther) {
        final long[] out = new long[words.length];
        int n = 0;
        for (final long w : words) {
            if (Arrays.binarySearch(sortedOther, w) >= 0) {
                out[n++] = w;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int commonSubsequence(final long[] x, final long[] y) {
        final int[] row = new int[y.length + 1];
        for (final long v : x) {
            int diagonal = 0;
            for (int j = 0; j < y.length; j++) {
                final int above = row[j + 1];
                row[j + 1] = v == y[j] ? diagonal + 1 : Math.max(above, row[j]);
                diagonal = above;
            }
        }
        return row[y.length];
    }
}
