package io.sitrep.streams.dedup.domain;

/**
 * When two reports are near copies (dedup tier T1): one text syndicated, cut, re-edited or
 * rewritten from the same source, as opposed to two write-ups of one incident or two incidents
 * told from one template.
 *
 * <p>Two texts are copies when their figures do not contradict where they overlap
 * ({@link Overlap#figuresContradict}; for texts worded nearly alike, where a toll may have been
 * updated in place, {@link Overlap#figuresContradictDespiteSameWording}) and either
 * <ul>
 *   <li>they share at least {@code minSharedTriples} word triples (or nearly all of the smaller
 *       text's, a short brief carried whole) and the word-pair containment (shared ÷ the pairs of
 *       the smaller text) is at least {@code minContainment}: wire copies under another headline,
 *       cut after any paragraph, with house-style edits or an updated toll; or</li>
 *   <li>it is at least {@code minContainmentWithFigures}, they share a third of
 *       {@code minSharedTriples}, and the two texts give at least {@code minFigureRun} figures, and
 *       most of the smaller text's, in the same order: a rewrite of one source keeps its numbers
 *       and their order while its words change.</li>
 * </ul>
 * Either way the shared wording must include some that is the texts' own: at least
 * {@value #MIN_DISTINCTIVE} shared fingerprints (or half of those they share) that are not stock
 * phrases, which many other stories carry ({@link DedupIndex} counts them). An outlet's stock
 * background, or one wire's boilerplate, gives two stories about different incidents much wording
 * in common, but a copy shares the incident's own: its lead, names, figures and quotes.
 *
 * <p>Dividing by the smaller text is what survives truncation: a story cut after three paragraphs is
 * contained in the original although their overlap is small next to the original's length.
 *
 * @param shingleWords              words per winnowed fingerprint (the index's keys)
 * @param window                    winnowing window, in shingles
 * @param minContainment            word-pair containment from which two texts are copies
 * @param minContainmentWithFigures lower containment that is enough with figures in the same order
 * @param minFigureRun              figures in the same order needed for the lower containment
 * @param minSharedTriples          word triples two copies share at least, unless the smaller text
 *                                  is nearly all shared: more than a stock background paragraph
 *                                  (about 45 words) that an outlet puts under every story
 * @param maxCandidates             reports the index compares a report with at most: those
 *                                  sharing the most fingerprints with it
 */
public record NearCopyRules(int shingleWords, int window, double minContainment, double minContainmentWithFigures, int minFigureRun,
                            int minSharedTriples, int maxCandidates) {
    /**
     * On the real-news development corpus, wire copies with house-style edits reach 0.51–1.0 and
     * rewrites that keep long runs 0.43–0.59; distinct reports of one incident stay below 0.36,
     * and two incidents written by one wire reach 0.41 (vetoed by their figures). Every value
     * from 0.38 to 0.42 gave the same pairs there and on the project's corpus
     * ({@code DevCorpusThresholdsTest} prints the sweep).
     */
    public static final double DEFAULT_MIN_CONTAINMENT = 0.42;
    /** Rewrites of one source that keep its figures reach 0.30–0.45. */
    public static final double DEFAULT_MIN_CONTAINMENT_WITH_FIGURES = 0.28;
    /**
     * Five figures in the same order. With four, the project's own corpus merged write-ups of
     * different incidents that share a toll, a date and two counts, and the real corpus two
     * independent write-ups of one incident.
     */
    public static final int DEFAULT_MIN_FIGURE_RUN = 5;
    /**
     * About 60 words of shared wording: reports of other incidents that reuse a wire's background
     * paragraph share up to about 55; real copies, cut short or re-edited, share 85 or more.
     */
    public static final int DEFAULT_MIN_SHARED_TRIPLES = 60;
    /**
     * Word-pair containment from which one more differing figure is taken for an update in place:
     * real copies with an updated toll reach 0.8; the synthetic load's templated incidents, whose
     * stock sentences are shared and whose witnesses differ, 0.55.
     */
    static final double UPDATED_IN_PLACE = 0.7;
    /**
     * Share of the smaller text's word triples that must be shared too before the differing
     * figures are taken for an update in place: alike wording means the same runs of words, not
     * only the same word pairs. One outlet's stock vocabulary (the synthetic load's background
     * grammar) puts the same pairs into different sentences, so two of its stories about different
     * incidents reach a pair containment of 0.72 with 0.60 of their triples; on the real-news
     * development corpus the copies that need the looser figure test keep 0.70–0.80.
     */
    static final double UPDATED_IN_PLACE_RUNS = 0.65;
    /**
     * Shared fingerprints that are not stock phrases a copy has at least (or half of those it shares,
     * for a short brief). Measured with fingerprints counted as stock from 6 to 12 stories: the bench's
     * reports of incidents 1,900 apart (the same distance figure, background paragraphs from one
     * grammar) share 22–99 fingerprints, of which 0–3 are not stock; the bench's syndicated copies
     * share 9 or more that are not, the real-news corpus's rewrites that the rule finds 7 or more and
     * its wire copies 21 or more.
     */
    static final int MIN_DISTINCTIVE = 4;
    /** The share of the smaller text's triples that makes it a whole copy, however short. */
    static final double WHOLE_COPY = 0.8;
    /** Word-pair containment below which the rewrite test is not tried (it costs a comparison of every word). */
    static final double RETOLD_MIN_CONTAINMENT = 0.2;
    /** Content words outside the shared runs that a rewrite retells in the source's order, at least. */
    static final int RETOLD_WORDS = 20;
    /** Share of the content words shared outside runs that come in the same order in a rewrite. */
    static final double RETOLD_ORDER = 0.6;
    /** Enough for a story syndicated by dozens of outlets; stock phrases make the rest. */
    public static final int DEFAULT_MAX_CANDIDATES = 32;

    public NearCopyRules {
        if (minContainment <= 0 || minContainment > 1 || minContainmentWithFigures <= 0 || minContainmentWithFigures > minContainment) {
            throw new IllegalArgumentException("containments must satisfy 0 < with figures <= min <= 1, were "
                    + minContainmentWithFigures + ", " + minContainment);
        }
        if (shingleWords < 1 || window < 1 || minSharedTriples < 1 || maxCandidates < 1 || minFigureRun < 1) {
            throw new IllegalArgumentException("shingle words, window, min shared, max candidates and figure run must be positive");
        }
    }

    public static NearCopyRules defaults() {
        return new NearCopyRules(Fingerprinter.DEFAULT_SHINGLE_WORDS, Fingerprinter.DEFAULT_WINDOW, DEFAULT_MIN_CONTAINMENT,
                DEFAULT_MIN_CONTAINMENT_WITH_FIGURES, DEFAULT_MIN_FIGURE_RUN, DEFAULT_MIN_SHARED_TRIPLES, DEFAULT_MAX_CANDIDATES);
    }

    public NearCopyRules withMinContainment(final double value, final double withFigures) {
        return new NearCopyRules(shingleWords, window, value, withFigures, minFigureRun, minSharedTriples, maxCandidates);
    }

    public NearCopyRules withMinFigureRun(final int value) {
        return new NearCopyRules(shingleWords, window, minContainment, minContainmentWithFigures, value, minSharedTriples, maxCandidates);
    }

    public NearCopyRules withMinSharedTriples(final int value) {
        return new NearCopyRules(shingleWords, window, minContainment, minContainmentWithFigures, minFigureRun, value, maxCandidates);
    }

    public Fingerprinter fingerprinter() {
        return new Fingerprinter(shingleWords, window);
    }

    /** The lowest word-pair containment any test of {@link #isCopy} accepts: below it, no overlap is a copy. */
    double lowestContainment() {
        return Math.min(minContainmentWithFigures, RETOLD_MIN_CONTAINMENT);
    }

    /** Fewest shared word triples for which {@link #isCopy} can hold (short texts shared whole aside). */
    public int fewestSharedTriples() {
        return minSharedTriples / 3;
    }

    /** True when the two texts are near copies of each other (symmetric). */
    public boolean isCopy(final Overlap o) {
        if (o.sharedTriples() == 0 || !sharesOwnWording(o.distinctive(), o.sharedFingerprints())) {
            return false;
        }
        // an updated toll changes a figure or two of an otherwise unchanged text; a template of another
        // incident changes its figures and the words around its slots, so its wording is less alike
        final boolean enough = o.sharedTriples() >= minSharedTriples || o.sharedTriples() >= WHOLE_COPY * o.smallerTriples();
        if (enough && o.pairContainment() >= minContainment
                && !(wordedAlike(o) ? o.figuresContradictDespiteSameWording() : o.figuresContradict())) {
            return true;
        }
        // a rewrite shares less wording, but retells the source: its figures in the same order, or its facts
        // in the same order; either way a figure or two restated (an updated toll) is no contradiction
        if (o.figuresContradictDespiteSameWording() || o.sharedTriples() < fewestSharedTriples()) {
            return false;
        }
        return o.pairContainment() >= minContainmentWithFigures && o.figureRun() >= minFigureRun && o.figureRun() * 5 >= o.fewestFigures() * 3
                || retold(o);
    }

    /**
     * Whether two texts' shared fingerprints include enough of their own wording (not stock
     * phrases) for any copy test of {@link #isCopy}: the index's first test of a candidate, before
     * any word is compared. On the bench's reports most candidates share only stock background.
     * Fewer distinctive and more shared only make it harder, so the index can also apply it to
     * counts that may fall short (distinctive at most, shared at least: its posting lists are read
     * only in part for the commonest fingerprints) and drop most candidates before any merge.
     */
    static boolean sharesOwnWording(final int distinctive, final int sharedFingerprints) {
        return distinctive >= MIN_DISTINCTIVE || distinctive * 2 >= sharedFingerprints;
    }

    /**
     * A sentence-by-sentence rewrite of one source: beyond the word runs it kept, it retells the
     * source's facts in the source's order ({@link RewriteOrder}). Measured last: it is the costly test.
     */
    private static boolean retold(final Overlap o) {
        return o.pairContainment() >= RETOLD_MIN_CONTAINMENT
                && o.rewrite().ordered() >= RETOLD_WORDS && o.rewrite().orderedShare() >= RETOLD_ORDER;
    }

    /** Worded nearly alike: the same word pairs and, mostly, the same runs of words. */
    private static boolean wordedAlike(final Overlap o) {
        return o.pairContainment() >= UPDATED_IN_PLACE && o.sharedTriples() >= UPDATED_IN_PLACE_RUNS * o.smallerTriples();
    }

    /** The assignment order: record time, then report id. */
    public static boolean precedes(final long time, final String reportId, final long otherTime, final String otherId) {
        return time < otherTime || (time == otherTime && reportId.compareTo(otherId) < 0);
    }
}
