package io.sitrep.streams.dedup.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How much, and where, two texts overlap ({@link TextEvidence}); {@link NearCopyRules#isCopy}
 * decides from it.
 *
 * <p>Word pairs rather than longer shingles measure the shared wording: an outlet's house-style
 * edits (digits for number words, "martyred" for "killed", titles dropped) and a rewritten
 * sentence break every 4-word shingle around each edit but only one or two word pairs.
 *
 * <p>The <em>aligned part</em> of a text runs from its first to its last word triple that the
 * other text also has: for two cuts of one article, the paragraphs both carry. Figures are
 * compared only there, so the numbers of a paragraph only one copy carries do not count against
 * it.
 *
 * @param sharedTriples   distinct word triples the texts share: how much wording, in words
 * @param sharedFingerprints winnowed fingerprints (4-word runs) the texts share
 * @param distinctive     winnowed fingerprints the texts share that are not stock phrases: few other
 *                        stories of the index carry them ({@link #withDistinctive}; without an index,
 *                        every shared fingerprint counts)
 * @param smallerTriples  distinct word triples of the smaller text
 * @param pairContainment shared word pairs ÷ the distinct pairs of the smaller text
 * @param figureRun       longest common subsequence of the two texts' figures in text order
 *                        (years and weekdays left out: unrelated reports of one week share them), the order
 *                        in which a source gives its numbers, which a rewrite keeps
 * @param fewestFigures   figures (years left out) of the text that has fewer
 * @param common          figures that both aligned parts state
 * @param onlyA           figures in A's aligned part that B's lacks
 * @param onlyB           figures in B's aligned part that A's lacks
 * @param rewrite         the content words shared outside verbatim runs and their order (measured on first use)
 */
public record Overlap(int sharedTriples, int sharedFingerprints, int distinctive, int smallerTriples, double pairContainment, int figureRun, int fewestFigures, Set<String> common, Set<String> onlyA,
                      Set<String> onlyB, RewriteOrder rewrite) {

    public static Overlap of(final TextEvidence a, final TextEvidence b) {
        return of(a, b, 0);
    }

    /**
     * The overlap of two texts, or only its triple counts when they share fewer than
     * {@code minSharedTriples} word triples and not most of the smaller text: the index measures
     * many candidates, most of which share a phrase or two, and the triples are the cheap test.
     */
    public static Overlap of(final TextEvidence a, final TextEvidence b, final int minSharedTriples) {
        final int sharedTriples = Fingerprinter.sharedCount(a.triples(), b.triples());
        final int smallerTriples = Math.min(a.triples().length, b.triples().length);
        if (sharedTriples < minSharedTriples && sharedTriples < NearCopyRules.WHOLE_COPY * smallerTriples) {
            return new Overlap(sharedTriples, 0, 0, smallerTriples, 0.0, 0, 0, Set.of(), Set.of(), Set.of(), RewriteOrder.NONE);
        }
        return measured(a, b, sharedTriples, smallerTriples);
    }

    /**
     * {@link #of(TextEvidence, TextEvidence, int)}, or null when the triple counts alone rule out a
     * copy ({@link NearCopyRules#isCopy} is false for every such overlap): the index's path, which
     * stops counting shared triples as soon as the rest of the shorter list cannot reach the bar.
     */
    static Overlap ofCandidate(final TextEvidence a, final TextEvidence b, final int minSharedTriples, final double minContainment) {
        final int smallerTriples = Math.min(a.triples().length, b.triples().length);
        final int needed = (int) Math.min(minSharedTriples, Math.ceil(NearCopyRules.WHOLE_COPY * smallerTriples));
        final int sharedTriples = Fingerprinter.sharedCountReaching(a.triples(), b.triples(), needed);
        if (sharedTriples < 0) {
            return null;
        }
        // texts that share stock passages pass the triple count; the pair containment rules most of
        // them out before their figures are aligned (that was half of the index's CPU on article-size reports)
        final double containment = pairContainment(a, b);
        return containment < minContainment ? null : measured(a, b, sharedTriples, smallerTriples, containment);
    }

    private static double pairContainment(final TextEvidence a, final TextEvidence b) {
        final int smaller = Math.min(a.pairs().length, b.pairs().length);
        return smaller == 0 ? 0.0 : (double) Fingerprinter.sharedCount(a.pairs(), b.pairs()) / smaller;
    }

    private static Overlap measured(final TextEvidence a, final TextEvidence b, final int sharedTriples, final int smallerTriples) {
        return measured(a, b, sharedTriples, smallerTriples, pairContainment(a, b));
    }

    private static Overlap measured(final TextEvidence a, final TextEvidence b, final int sharedTriples, final int smallerTriples,
                                    final double pairContainment) {
        final List<String> countedA = withoutYears(a.figures());
        final List<String> countedB = withoutYears(b.figures());
        final Set<String> inA = alignedFigures(a, b);
        final Set<String> inB = alignedFigures(b, a);
        final Set<String> common = new TreeSet<>(inA);
        common.retainAll(inB);
        final Set<String> onlyA = new TreeSet<>(inA);
        onlyA.removeAll(inB);
        final Set<String> onlyB = new TreeSet<>(inB);
        onlyB.removeAll(inA);
        final int sharedFingerprints = Fingerprinter.sharedCount(a.fingerprints(), b.fingerprints());
        return new Overlap(sharedTriples, sharedFingerprints, sharedFingerprints, smallerTriples, pairContainment,
                commonSubsequence(countedA, countedB), Math.min(countedA.size(), countedB.size()), common, onlyA, onlyB, new RewriteOrder(a, b));
    }

    /** This overlap with {@code count} shared fingerprints that are not stock phrases, as the index counts them. */
    public Overlap withDistinctive(final int count) {
        return new Overlap(sharedTriples, sharedFingerprints, count, smallerTriples, pairContainment, figureRun, fewestFigures, common, onlyA, onlyB, rewrite);
    }

    /**
     * True when the aligned parts state figures that contradict: each has one the other lacks.
     * Two incidents told from one template differ in their numbers (a distance, a toll) however
     * much wording they share.
     */
    public boolean figuresContradict() {
        return !onlyA.isEmpty() && !onlyB.isEmpty();
    }

    /**
     * The looser test for texts worded nearly alike, where differing figures are a toll updated in
     * place (dead and wounded, and a total): they contradict only when the differing figures
     * outnumber the shared ones by two or more.
     */
    public boolean figuresContradictDespiteSameWording() {
        return figuresContradict() && onlyA.size() + onlyB.size() > common.size() + 1;
    }

    /** The figures of {@code self} inside its aligned part with {@code other} (none when they share no triple). */
    private static Set<String> alignedFigures(final TextEvidence self, final TextEvidence other) {
        // only the two ends matter: search inwards from each (a full pass was 64 % of the index's CPU),
        // hashing only the triples read (making them all was 31 % of it on article-size reports)
        final int count = self.tripleCount();
        int first = 0;
        while (first < count && !other.hasTriple(self.tripleAt(first))) {
            first++;
        }
        final Set<String> out = new TreeSet<>();
        if (first == count) {
            return out;
        }
        int last = count - 1;
        while (last > first && !other.hasTriple(self.tripleAt(last))) {
            last--;
        }
        for (int i = 0; i < self.figures().size(); i++) {
            final int at = self.figureAt()[i];
            if (at >= first && at <= last + 2) {
                out.add(self.figures().get(i));
            }
        }
        return out;
    }

    private static List<String> withoutYears(final List<String> figures) {
        final List<String> out = new ArrayList<>(figures.size());
        for (final String f : figures) {
            final boolean year = f.length() == 4 && (f.startsWith("19") || f.startsWith("20"));
            if (!year && Character.isDigit(f.charAt(0))) {
                out.add(f);
            }
        }
        return out;
    }

    private static int commonSubsequence(final List<String> a, final List<String> b) {
        final int[] row = new int[b.size() + 1];
        for (final String x : a) {
            int diagonal = 0;
            for (int j = 0; j < b.size(); j++) {
                final int above = row[j + 1];
                row[j + 1] = x.equals(b.get(j)) ? diagonal + 1 : Math.max(above, row[j]);
                diagonal = above;
            }
        }
        return row[b.size()];
    }
}
