package io.sitrep.streams.dedup.domain;

import java.util.Arrays;
import java.util.List;

/**
 * What the near-copy rule knows of one report body, derived once from its words (hashes in text
 * order) and figures: the winnowed fingerprints that find candidates in the index, the word pairs
 * that measure how much two texts share, and word triples in text order that locate where they
 * overlap. Not thread-safe (everything but the words is made on first use, and while an index holds
 * the text, the words too: {@link #pack}). Positions are what let the rule compare figures only where two texts overlap: copies
 * cut at different points each carry paragraphs, and numbers, that the other lacks.
 */
public final class TextEvidence {
    /** No words; shared by every stream thread, so its derived arrays are made here, during class initialisation. */
    public static final TextEvidence EMPTY = derived(new TextEvidence(new int[0], List.of(), new int[0], Fingerprinter.defaults()));

    /** Null while the words are only {@link #packed} and not in use. */
    private int[] words;
    private final int wordCount;
    /** The words as codes of an index's {@link WordCodes}, while it holds this text; null otherwise. */
    private byte[] packed;
    private WordCodes codes;
    private final List<String> figures;
    private final int[] figureAt;
    private final Fingerprinter fingerprinter;
    // derived on first use (an exact copy, same URL or body, is placed without them) and let go
    // of again once the index has used them (releaseDerived)
    private long[] fingerprints;
    private long[] pairs;
    private long[] triples;
    /** Its slot in the index's {@link RecentEvidence} ring, or -1; a hint the ring checks. */
    int recentSlot = -1;

    /**
     * @param words    a hash of each word ({@link Fingerprinter#wordHashes}) in text order
     * @param figures  the figures ({@link ReportFigures}) in text order, repeats included
     * @param figureAt the word index of each figure
     */
    public TextEvidence(final int[] words, final List<String> figures, final int[] figureAt, final Fingerprinter fingerprinter) {
        this.words = words;
        this.wordCount = words.length;
        this.figures = List.copyOf(figures);
        this.figureAt = figureAt;
        this.fingerprinter = fingerprinter;
    }

    private static TextEvidence derived(final TextEvidence evidence) {
        evidence.fingerprints();
        evidence.pairs();
        evidence.triples();
        return evidence;
    }

    /** The words (as hashes) and located figures of a text: what is stored and sent; the rest is derived. */
    public record Parsed(int[] words, List<String> figures, int[] figureAt) {
    }

    /** {@link Parsed} form of a body whose boilerplate {@link io.sitrep.streams.text.TextNormalizer#stripBoilerplate} already removed. */
    public static Parsed parse(final String stripped) {
        // one pass over the text for the words and the figures
        final ReportFigures.SpanReader figureReader = new ReportFigures.SpanReader(stripped);
        final Fingerprinter.Words words = Fingerprinter.wordsOf(stripped, figureReader);
        final int[] starts = words.starts();
        final List<ReportFigures.Located> located = figureReader.located();
        final int[] at = new int[located.size()];
        final String[] figures = new String[located.size()];
        for (int i = 0; i < at.length; i++) {
            final int found = Arrays.binarySearch(starts, located.get(i).offset());
            // a figure inside a token belongs to the token it starts in
            at[i] = found >= 0 ? found : Math.max(0, -found - 2);
            figures[i] = located.get(i).value();
        }
        return new Parsed(words.hashes(), List.of(figures), at);
    }

    /** Evidence of a body whose boilerplate is already removed. */
    public static TextEvidence ofStripped(final String stripped, final Fingerprinter fingerprinter) {
        final Parsed p = parse(stripped);
        return new TextEvidence(p.words(), p.figures(), p.figureAt(), fingerprinter);
    }

    /** The word hashes in text order; unpacked again, and kept until {@link #releaseDerived}, while an index holds them packed. */
    public int[] words() {
        if (words == null) {
            words = codes.unpack(packed, wordCount);
        }
        return words;
    }

    /**
     * An index holds this text from now on: its words are kept as {@code codes}, and the word hashes
     * become derived like the fingerprints (let go of by {@link #releaseDerived}, made again on use).
     * Once only: a text already packed stays as it is (a second index given the same object, as a
     * test may do, holds it under the first one's codes; either one's {@link #unpack} lets go of them).
     */
    void pack(final WordCodes codes) {
        if (packed == null && this != EMPTY) {
            packed = codes.pack(words);
            this.codes = codes;
        }
    }

    /** The index let go of this text: its words are kept as word hashes again, and its codes are released. */
    void unpack() {
        if (packed != null) {
            words();
            codes.release(packed);
            packed = null;
            codes = null;
        }
    }

    public List<String> figures() {
        return figures;
    }

    public int[] figureAt() {
        return figureAt;
    }

    /** Winnowed fingerprints, sorted and distinct: the keys of the index. */
    public long[] fingerprints() {
        if (fingerprints == null) {
            // sorted and distinct: two texts' shared fingerprints are counted by one merge
            fingerprints = Fingerprinter.distinctSortedHashes(fingerprinter.selectedOfWords(words()).hashes());
        }
        return fingerprints;
    }

    /** Sorted distinct hashes of every two consecutive words (made on first use: most candidates never need them). */
    long[] pairs() {
        if (pairs == null) {
            pairs = wordCount < 2 ? new long[0] : Fingerprinter.distinctSortedHashes(Fingerprinter.ngrams(words(), 2));
        }
        return pairs;
    }

    /**
     * Hash of the three words starting at each word, in text order. Made on every call, not kept:
     * one pass over the words, and only a matched candidate needs it, while keeping it for every
     * report of the horizon cost a quarter of the index's memory.
     */
    long[] tripleSeq() {
        return wordCount < 3 ? new long[0] : Fingerprinter.ngrams(words(), 3);
    }

    /** Number of triples in text order ({@code tripleSeq().length}). */
    int tripleCount() {
        return wordCount < 3 ? 0 : wordCount - 2;
    }

    /** {@code tripleSeq()[i]}, made alone: a search from either end of the text reads a few. */
    long tripleAt(final int i) {
        return Fingerprinter.ngramAt(words(), i, 3);
    }

    /**
     * Lets go of everything derived from the words (fingerprints, word pairs and triples) once the
     * report is placed or compared: the index keeps every report of its horizon, and the three arrays
     * were more than half of a report's memory. They are needed again only when a later report shares
     * enough of this one's wording to be compared with it ({@link NearCopyRules#sharesOwnWording}, on
     * the bench's reports a few candidates per copy), when the report leaves the index, or when a merge
     * of stories re-points it; they are then made again from the words, for that step only. The index
     * keeps those of the texts it used last ({@link RecentEvidence}).
     */
    public void releaseDerived() {
        if (this != EMPTY) { // shared by every thread, its arrays are made once
            fingerprints = null;
            pairs = null;
            triples = null;
            if (packed != null) {
                words = null;
            }
        }
    }

    /** Sorted distinct hashes of every three consecutive words. */
    long[] triples() {
        if (triples == null) {
            triples = Fingerprinter.distinctSortedHashes(tripleSeq());
        }
        return triples;
    }

    boolean hasTriple(final long triple) {
        return Arrays.binarySearch(triples(), triple) >= 0;
    }
}
