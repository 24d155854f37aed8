package io.sitrep.streams.dedup.domain;

/**
 * Whether a report that copies a report of one story and a report of another bridges the two
 * stories (they are versions of one text) or reprints two texts side by side (a digest, a roundup).
 *
 * <p>The test is where in the new report each match lies: the word triples of the report that the
 * first story's report has, and those that the other story's report has. A bridge carries one
 * text that both earlier reports copy or rewrite, so the two matched parts are mostly the same
 * words; a roundup's parts are its paragraphs from each source, side by side, and share little more
 * than stock phrases. Two cuts of one article that a fuller copy joins look like a roundup too
 * (disjoint parts): they are not merged, and are grouped only when the fuller copy arrives first.
 * Pure code, no state.
 */
final class StoryBridge {
    /**
     * Share of the smaller matched part that the other match covers too. Measured over every report
     * of the real development corpus and the project's corpora that copies two reports which are not
     * copies of each other (all of them versions of one story): where one of the two is a rewrite,
     * 0.33-0.78 (a rewrite keeps scattered phrases of its source, some of them in a paragraph the
     * other copy cut); where the two are disjoint cuts of one article, 0.02-0.08, which is what a
     * roundup of two unrelated stories gives too (shared stock phrases only), so those are not
     * merged. Any value from 0.09 to 0.33 decides those reports alike; 0.25 keeps to the middle of the gap.
     */
    static final double MIN_SAME_TEXT = 0.25;

    private StoryBridge() {
    }

    /**
     * The share, of the smaller of the two parts of {@code report} that {@code a} and {@code b}
     * match (counted in word positions), that both match: 0 when either matches nothing.
     */
    static double sameText(final TextEvidence report, final TextEvidence a, final TextEvidence b) {
        int inA = 0;
        int inB = 0;
        int both = 0;
        for (final long triple : report.tripleSeq()) {
            final boolean x = a.hasTriple(triple);
            final boolean y = b.hasTriple(triple);
            inA += x ? 1 : 0;
            inB += y ? 1 : 0;
            both += x && y ? 1 : 0;
        }
        final int smaller = Math.min(inA, inB);
        return smaller == 0 ? 0.0 : (double) both / smaller;
    }

    /** True when {@code report}'s matches with {@code a} and {@code b} are one text ({@link #MIN_SAME_TEXT}). */
    static boolean bridges(final TextEvidence report, final TextEvidence a, final TextEvidence b) {
        return sameText(report, a, b) >= MIN_SAME_TEXT;
    }
}
