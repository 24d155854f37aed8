package io.sitrep.streams.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When a report is a near copy (dedup tier T1) of an earlier one, and which story it joins.
 *
 * <p>A report R is a copy of an earlier report X when they share at least {@code minShared}
 * winnowed fingerprints and the containment, shared ÷ min(|F(R)|, |F(X)|), is at least
 * {@code minContainment}. Dividing by the smaller set is what survives truncation: a wire story
 * cut after three paragraphs is fully contained in the original, although their Jaccard
 * similarity is low. {@code minShared} keeps two one-line briefs that share a stock phrase apart.
 *
 * <p>Assignment rule (deterministic for a given set of candidates): among the matching earlier
 * reports, R joins the story of the one with the highest containment; on a tie, the story that
 * was decided first (older); then the smaller story id. Evidence is collected per earlier report
 * (each copy of a story is indexed too), so a copy cut at a different point than the first
 * report still finds the story through a copy it overlaps with.
 *
 * @param shingleWords     words per shingle
 * @param window           winnowing window (in shingles)
 * @param minContainment   containment at or above which two reports are copies
 * @param minShared        fingerprints two reports must share at least
 * @param buckets          fingerprints are grouped into this many buckets, the key of the
 *                         fingerprint index; the stage scales out to this many partitions
 * @param maxPostings      most recent postings read per fingerprint: a fingerprint carried by more
 *                         reports than this is a stock phrase and says little
 */
public record NearCopyRules(int shingleWords, int window, double minContainment, int minShared, int buckets, int maxPostings) {
    /**
     * Chosen on the development corpus (app/src/main/resources/io/sitrep/app/eval/README.md has the
     * sweep): with 4-word shingles and a window of 4, every threshold from 0.50 to 0.60 separated
     * all labelled copies from all other pairs; 0.55 is the middle of that range. The hardest
     * copies (paragraphs reordered and re-edited, every sentence re-edited, a rewritten lead on
     * three paragraphs) reach 0.62–0.69 with their closest copy; a stock background paragraph
     * shared by different stories reaches 0.46.
     */
    public static final double DEFAULT_MIN_CONTAINMENT = 0.55;
    /**
     * About 25 words of shared text (fingerprints are ~40 % of the shingles): more than one stock
     * sentence. A two-sentence brief whose second sentence is an outlet's boilerplate reached
     * containment 0.50 with 7 shared fingerprints; true copies share 14 or more.
     */
    public static final int DEFAULT_MIN_SHARED = 10;
    /**
     * Every bucket costs one probe, one reply and one posting message per report, so buckets are
     * the main cost of the stage; 24 divides evenly over 1, 2, 3, 4, 6, 8, 12 and 24 partitions,
     * the most the fingerprint index can use.
     */
    public static final int DEFAULT_BUCKETS = 24;
    public static final int DEFAULT_MAX_POSTINGS = 64;

    public NearCopyRules {
        if (minContainment <= 0 || minContainment > 1) {
            throw new IllegalArgumentException("min containment must be in (0, 1], was " + minContainment);
        }
        if (minShared < 1 || buckets < 1 || maxPostings < 1) {
            throw new IllegalArgumentException("min shared, buckets and max postings must be positive");
        }
    }

    public static NearCopyRules defaults() {
        return new NearCopyRules(Fingerprinter.DEFAULT_SHINGLE_WORDS, Fingerprinter.DEFAULT_WINDOW,
                DEFAULT_MIN_CONTAINMENT, DEFAULT_MIN_SHARED, DEFAULT_BUCKETS, DEFAULT_MAX_POSTINGS);
    }

    public NearCopyRules withMinContainment(final double value) {
        return new NearCopyRules(shingleWords, window, value, minShared, buckets, maxPostings);
    }

    public NearCopyRules withMinShared(final int value) {
        return new NearCopyRules(shingleWords, window, minContainment, value, buckets, maxPostings);
    }

    public NearCopyRules withShingles(final int words, final int windowSize) {
        return new NearCopyRules(words, windowSize, minContainment, minShared, buckets, maxPostings);
    }

    public Fingerprinter fingerprinter() {
        return new Fingerprinter(shingleWords, window);
    }

    /** The bucket (0 ≤ b &lt; buckets) a fingerprint is indexed under. */
    public int bucketOf(final long fingerprint) {
        return (int) Long.remainderUnsigned(fingerprint, buckets);
    }

    /** Evidence about one earlier report: how many fingerprints it shares with the report being decided. */
    public record Candidate(String reportId, String storyId, String storyOutlet, int fingerprintCount, long decidedAt, int shared) {
    }

    /** The story a report joins, with the earlier report that matched best and the containment. */
    public record Match(Candidate matched, double containment) {
    }

    public double containment(final int fingerprintCount, final Candidate candidate) {
        final int smaller = Math.min(fingerprintCount, candidate.fingerprintCount());
        return smaller == 0 ? 0.0 : Math.min(1.0, (double) candidate.shared() / smaller);
    }

    public boolean isCopy(final int fingerprintCount, final Candidate candidate) {
        return candidate.shared() >= minShared && containment(fingerprintCount, candidate) >= minContainment;
    }

    /** The best matching earlier report by the assignment rule, or empty when R opens a new story. */
    public Optional<Match> decide(final int fingerprintCount, final List<Candidate> candidates) {
        final Comparator<Match> rule = Comparator.comparingDouble(Match::containment).reversed()
                .thenComparingLong(m -> m.matched().decidedAt())
                .thenComparing(m -> m.matched().storyId())
                .thenComparing(m -> m.matched().reportId());
        return candidates.stream()
                .filter(c -> isCopy(fingerprintCount, c))
                .map(c -> new Match(c, containment(fingerprintCount, c)))
                .min(rule);
    }
}
