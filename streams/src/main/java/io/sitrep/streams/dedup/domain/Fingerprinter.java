package io.sitrep.streams.dedup.domain;

import io.sitrep.streams.text.TextNormalizer;
import io.sitrep.streams.text.Tokens;
import java.util.Arrays;
import java.util.List;

/**
 * Winnowed word-shingle fingerprints of a report body (Schleimer, Wilkerson and Aiken,
 * "Winnowing: local algorithms for document fingerprinting", SIGMOD 2003), the evidence of the
 * near-copy tier (T1) of dedup.
 *
 * <p>The body is reduced to word tokens ({@link TextNormalizer#stripBoilerplate} drops datelines,
 * sign-offs and copyright lines; {@link Tokens} folds case, accents and script variants), every
 * run of {@code shingleWords} consecutive tokens is hashed to 64 bits, and in every window of
 * {@code window} consecutive shingle hashes the smallest one is selected (the rightmost on a tie).
 * The fingerprints are the distinct selected hashes, sorted.
 *
 * <p>Guarantees: identical token sequences give identical fingerprints; every shared run of at
 * least {@link #guaranteeWords()} tokens yields at least one shared fingerprint; and because
 * selection is local (it depends only on the window), a contiguous part of a text keeps almost
 * all fingerprints selected inside it, which is what lets containment survive truncation and
 * different cut points. Not guaranteed: anything about paraphrase (rewritten sentences share
 * nothing) or about texts shorter than one shingle (a text with fewer tokens than
 * {@code shingleWords} gets one fingerprint of all its tokens). Pure, thread-safe.
 */
public final class Fingerprinter {
    /**
     * Words per shingle. 4 and 5 separate copies from non-copies equally well on the development
     * corpus; 4 keeps more shared shingles when an outlet edits a word in every sentence.
     */
    public static final int DEFAULT_SHINGLE_WORDS = 4;
    /** Winnowing window: about 2 / (window + 1) = 40 % of the shingles are kept; guarantee 4 + 4 - 1 = 7 words. */
    public static final int DEFAULT_WINDOW = 4;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final int shingleWords;
    private final int window;

    public Fingerprinter(final int shingleWords, final int window) {
        if (shingleWords < 1 || window < 1) {
            throw new IllegalArgumentException("shingle words and window must be positive, were " + shingleWords + ", " + window);
        }
        this.shingleWords = shingleWords;
        this.window = window;
    }

    public static Fingerprinter defaults() {
        return new Fingerprinter(DEFAULT_SHINGLE_WORDS, DEFAULT_WINDOW);
    }

    /** The shortest shared run of tokens that is sure to share a fingerprint: window + shingle − 1. */
    public int guaranteeWords() {
        return window + shingleWords - 1;
    }

    /** Sorted, distinct fingerprints of {@code body}; empty for a text without tokens. */
    public long[] fingerprints(final String body) {
        return fingerprintsOfStripped(TextNormalizer.stripBoilerplate(body));
    }

    /** {@link #fingerprints} of a body whose boilerplate {@link TextNormalizer#stripBoilerplate} already removed. */
    public long[] fingerprintsOfStripped(final String strippedBody) {
        return distinctSortedHashes(selectedOf(Tokens.tokenize(strippedBody)).hashes());
    }

    /**
     * The selected fingerprints of a token sequence in text order, each with the index of the first
     * token of its shingle: what lets the copy rule find where two texts overlap.
     */
    public record Selected(long[] hashes, int[] tokenPositions) {
    }

    /** {@link Selected} fingerprints of {@code tokens} (of a body whose boilerplate is stripped). */
    public Selected selectedOf(final List<Tokens.Token> tokens) {
        return selectedOfWords(wordHashes(tokens));
    }

    /** {@link Selected} fingerprints of a text given as {@link #wordHashes}. */
    public Selected selectedOfWords(final int[] wordHashes) {
        if (wordHashes.length == 0) {
            return new Selected(new long[0], new int[0]);
        }
        return winnow(shingleHashes(wordHashes));
    }

    /**
     * A 32-bit hash of each token's normal form ({@link #fold}ed FNV-1a), in text order: the text as the
     * copy rule sees it. 32 bits, not 64: the words travel to the index and into its changelog with every
     * report, where they took more bytes than the body, the index keeps the words of every report of its
     * horizon, and only their equality matters: two texts of 400
     * distinct words each hold two different words with one hash once in about 27,000 comparisons, and one
     * word is nothing against the 60 shared word triples that a copy needs.
     */
    public static int[] wordHashes(final List<Tokens.Token> tokens) {
        final int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fold(fnv1a64(tokens.get(i).norm()));
        }
        return out;
    }

    /**
     * A word's 32-bit hash from its 64-bit FNV-1a hash: the high half XOR the low half. Also how
     * words stored as 64-bit hashes before (IndexedReport.wordBytes 8) become the words of today.
     */
    public static int fold(final long fnv1a64) {
        return (int) (fnv1a64 ^ (fnv1a64 >>> 32));
    }

    /** {@code words} as unsigned {@code long}s, for sets of words that are kept sorted. */
    static long[] unsigned(final int[] words) {
        final long[] out = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = Integer.toUnsignedLong(words[i]);
        }
        return out;
    }

    /** The words of a text as {@link #wordHashes} gives them, with the offset where each starts. */
    public record Words(int[] hashes, int[] starts) {
    }

    /**
     * {@link #wordHashes} of {@code Tokens.tokenize(stripped)}, and the tokens' starts, without a
     * string or token object per word: an ASCII word is hashed in lower case where it stands.
     */
    public static Words wordsOf(final String stripped) {
        return wordsOf(stripped, null);
    }

    /** {@link #wordsOf(String)}, giving every token to {@code figures} (may be null) on the way: one pass over the text for both. */
    public static Words wordsOf(final String stripped, final ReportFigures.SpanReader figures) {
        final WordCollector words = new WordCollector(stripped, figures);
        Tokens.scan(stripped, words);
        return new Words(Arrays.copyOf(words.hashes, words.size), Arrays.copyOf(words.starts, words.size));
    }

    /** Collects {@link #wordsOf}: hashes and starts in arrays that grow as needed. */
    private static final class WordCollector implements Tokens.Spans {
        private final String text;
        private final ReportFigures.SpanReader figures;
        private int[] hashes;
        private int[] starts;
        private int size;

        WordCollector(final String text, final ReportFigures.SpanReader figures) {
            this.text = text;
            this.figures = figures;
            // about one word per six characters of English news
            final int guess = Math.max(16, text.length() / 5);
            this.hashes = new int[guess];
            this.starts = new int[guess];
        }

        @Override
        public void span(final int start, final int end, final boolean ascii, final int lowerHash) {
            final int hash;
            if (ascii) {
                long h = FNV_OFFSET;
                boolean digit = false;
                for (int i = start; i < end; i++) {
                    final char c = text.charAt(i);
                    h ^= c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
                    h *= FNV_PRIME;
                    // an ASCII token is letters and digits, and the digits sort below the letters
                    digit |= c <= '9';
                }
                hash = fold(h);
                if (figures != null) {
                    figures.span(start, end, !digit);
                }
            } else {
                if (figures != null) {
                    figures.span(start, end, false);
                }
                final String norm = Tokens.normalize(text.substring(start, end));
                if (norm.isEmpty()) {
                    return;
                }
                hash = fold(fnv1a64(norm));
            }
            if (size == hashes.length) {
                hashes = Arrays.copyOf(hashes, size * 2);
                starts = Arrays.copyOf(starts, size * 2);
            }
            hashes[size] = hash;
            starts[size++] = start;
        }
    }

    private long[] shingleHashes(final int[] tokenHashes) {
        return ngrams(tokenHashes, shingleWords);
    }

    /** A hash of every run of {@code n} words (one of all words when there are fewer), in text order. */
    public static long[] ngrams(final int[] wordHashes, final int n) {
        final int count = Math.max(1, wordHashes.length - n + 1);
        final long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = ngramAt(wordHashes, i, n);
        }
        return out;
    }

    /** {@code ngrams(wordHashes, n)[i]}, without making the others. */
    static long ngramAt(final int[] wordHashes, final int i, final int n) {
        long h = 0x9E3779B97F4A7C15L;
        final int end = Math.min(wordHashes.length, i + n);
        for (int j = i; j < end; j++) {
            h = mix64(h ^ Integer.toUnsignedLong(wordHashes[j])) + j - i;
        }
        return mix64(h);
    }

    /** Selects the minimum of every window (rightmost on ties); a text with fewer shingles than a window keeps its minimum. */
    private Selected winnow(final long[] hashes) {
        final int n = hashes.length;
        final int w = Math.min(window, n);
        final long[] picked = new long[n];
        final int[] at = new int[n];
        int count = 0;
        int lastPos = -1;
        for (int start = 0; start + w <= n; start++) {
            int min = start;
            for (int i = start + 1; i < start + w; i++) {
                if (hashes[i] <= hashes[min]) {
                    min = i;
                }
            }
            if (min != lastPos) {
                picked[count] = hashes[min];
                at[count++] = min;
                lastPos = min;
            }
        }
        return new Selected(Arrays.copyOf(picked, count), Arrays.copyOf(at, count));
    }

    /** The distinct values of {@code values}, sorted (a new array). */
    public static long[] distinctSorted(final long[] values) {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return distinctOfSorted(sorted);
    }

    /** Sorting by buckets pays from about this many values; fewer go to {@link Arrays#sort}. */
    private static final int BUCKET_SORT_FROM = 64;
    /** More values than this in one bucket means the values are not spread evenly: {@link Arrays#sort} then. */
    private static final int FULLEST_EVEN_BUCKET = 16;

    /**
     * {@link #distinctSorted} of 64-bit hashes spread over their range ({@link #ngrams}, winnowed
     * fingerprints), in linear time: each value goes to the bucket of its top bits (about one per
     * bucket), and an insertion sort puts the few that share a bucket in order. The index sorts a
     * report's word pairs and triples (600 or more) to place it and again for every candidate whose
     * arrays it let go of: {@link Arrays#sort} of those took 8.5 % of the stream threads' samples
     * (round 20), and 2.3 times as long as this (JMH, 660 triples). Values that crowd into a few
     * buckets (not hashes) are sorted by {@link Arrays#sort}: same result.
     */
    public static long[] distinctSortedHashes(final long[] hashes) {
        final int n = hashes.length;
        if (n < BUCKET_SORT_FROM) {
            return distinctSorted(hashes);
        }
        final int bits = 32 - Integer.numberOfLeadingZeros(n - 1);
        final int shift = Long.SIZE - bits;
        // the sign bit flipped: buckets in unsigned order of the key are then in signed order of the value
        final int[] starts = new int[(1 << bits) + 1];
        for (final long h : hashes) {
            starts[(int) ((h ^ Long.MIN_VALUE) >>> shift) + 1]++;
        }
        int fullest = 0;
        for (int b = 1; b < starts.length; b++) {
            fullest = Math.max(fullest, starts[b]);
            starts[b] += starts[b - 1];
        }
        if (fullest > FULLEST_EVEN_BUCKET) {
            return distinctSorted(hashes);
        }
        final long[] sorted = new long[n];
        for (final long h : hashes) {
            sorted[starts[(int) ((h ^ Long.MIN_VALUE) >>> shift)]++] = h;
        }
        for (int i = 1; i < n; i++) {
            final long v = sorted[i];
            int j = i - 1;
            while (j >= 0 && sorted[j] > v) {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = v;
        }
        return distinctOfSorted(sorted);
    }

    private static long[] distinctOfSorted(final long[] sorted) {
        if (sorted.length == 0) {
            return sorted;
        }
        int k = 1;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] != sorted[k - 1]) {
                sorted[k++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, k);
    }

    /** Number of values two sorted, distinct arrays have in common. */
    public static int sharedCount(final long[] a, final long[] b) {
        return sharedCount(a, null, b);
    }

    /** {@link #sharedCount} without the values of {@code a} whose flag in {@code skipOfA} is set (null: none). */
    public static int sharedCount(final long[] a, final boolean[] skipOfA, final long[] b) {
        return merge(a, skipOfA, b, 0);
    }

    /**
     * The values two sorted, distinct arrays share (high 32 bits) and how many of those are not
     * flagged in {@code skipOfA} (low 32 bits), in one walk: the index's first, cheapest test of a candidate.
     */
    public static long sharedAndUnflagged(final long[] a, final boolean[] skipOfA, final long[] b) {
        int i = 0;
        int j = 0;
        int shared = 0;
        int unflagged = 0;
        while (i < a.length && j < b.length) {
            final long x = a[i];
            final long y = b[j];
            final int same = x == y ? 1 : 0;
            shared += same;
            unflagged += skipOfA[i] ? 0 : same;
            i += x <= y ? 1 : 0;
            j += x >= y ? 1 : 0;
        }
        return (long) shared << 32 | unflagged;
    }

    /**
     * {@link #sharedCount(long[], long[])}, or −1 as soon as the values left to compare cannot bring
     * it to {@code needed}: most pairs the index compares share a phrase or two, and stop early.
     */
    public static int sharedCountReaching(final long[] a, final long[] b, final int needed) {
        return merge(a, null, b, needed);
    }

    private static int merge(final long[] a, final boolean[] skipOfA, final long[] b, final int needed) {
        int i = 0;
        int j = 0;
        int shared = 0;
        while (i < a.length && j < b.length) {
            if (shared + Math.min(a.length - i, b.length - j) < needed) {
                return -1;
            }
            // no branch on the comparison (the values are random hashes, a branch is mispredicted half the
            // time): the JIT turns these into conditional moves; this walk was most of the index's CPU
            final long x = a[i];
            final long y = b[j];
            shared += x == y && (skipOfA == null || !skipOfA[i]) ? 1 : 0;
            i += x <= y ? 1 : 0;
            j += x >= y ? 1 : 0;
        }
        return shared < needed ? -1 : shared;
    }

    /** Containment of two fingerprint sets: shared ÷ size of the smaller set; 0 when either is empty. */
    public static double containment(final long[] a, final long[] b) {
        final int smaller = Math.min(a.length, b.length);
        return smaller == 0 ? 0.0 : (double) sharedCount(a, b) / smaller;
    }

    /** FNV-1a over the UTF-16 chars (no byte array per word: this runs for every word of every report). */
    private static long fnv1a64(final String s) {
        long h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= FNV_PRIME;
        }
        return h;
    }

    /** SplitMix64's finaliser: a cheap, well-mixed 64-bit permutation. */
    private static long mix64(final long z0) {
        long z = z0;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
