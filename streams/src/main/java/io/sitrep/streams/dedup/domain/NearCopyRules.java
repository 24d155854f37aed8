package io.sitrep.streams.dedup.domain;

import java.time.Duration;
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
 * <p>Figures veto: two texts whose figures disagree ({@link ReportFigures#disagree}) are never
 * copies, however much wording they share — templated reports of different incidents differ
 * in their numbers, copies of one story do not.
 *
 * <p>Assignment rule: reports are ordered by record time, then report id ({@link #precedes});
 * a report can only copy reports before it in that order, so copy links never form a cycle.
 * Among the matching earlier reports, R joins the story of the <em>earliest</em> one: the
 * earliest is the most likely to be the story's first report, and every copy of a story tends
 * to reach it, so copies cut at different points still meet in one story. Evidence is
 * collected per earlier report (each copy of a story is indexed too), so a copy that overlaps
 * only another copy still finds the story through it.
 *
 * @param shingleWords     words per shingle
 * @param window           winnowing window (in shingles)
 * @param minContainment   containment at or above which two reports are copies
 * @param minShared        fingerprints two reports must share at least
 * @param buckets          fingerprints are grouped into this many buckets, the key of the
 *                         fingerprint index; the stage scales out to this many partitions
 * @param maxPostings      most recent postings read per fingerprint: a fingerprint carried by more
 *                         reports than this is a stock phrase and says little
 * @param settle           how long (wall clock) a report waits, once every bucket replied, for
 *                         evidence about earlier-stamped reports that buckets met after it; zero
 *                         decides at once
 */
public record NearCopyRules(int shingleWords, int window, double minContainment, int minShared, int buckets, int maxPostings,
                            Duration settle) {
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
     * Every bucket costs one probe and one reply per report (and one story update per near copy),
     * so buckets are the main cost of the stage; 12 divides evenly over 1, 2, 3, 4, 6 and 12
     * partitions, the most the fingerprint index can use.
     */
    public static final int DEFAULT_BUCKETS = 12;
    /**
     * Postings read per fingerprint, and candidates kept per bucket. A widely syndicated story's
     * fingerprints carry dozens of its copies, of which the most recent 16 find the story just as
     * well; a stock phrase carries hundreds of unrelated reports, and with 64 the `sitrep bench`
     * load (shared filler sentences) made every probe look up thousands of candidates and the
     * stage fell to tens of reports per second.
     */
    public static final int DEFAULT_MAX_POSTINGS = 16;
    /**
     * Reports arrive at a bucket out of timestamp order only when they reach the pipeline at about
     * the same time (a burst, a backfill): one second covers the skew of the stage's hops at the
     * default commit interval and costs every report one second of latency.
     */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(1);

    public NearCopyRules {
        if (minContainment <= 0 || minContainment > 1) {
            throw new IllegalArgumentException("min containment must be in (0, 1], was " + minContainment);
        }
        if (settle == null || settle.isNegative()) {
            throw new IllegalArgumentException("settle must be zero or positive, was " + settle);
        }
        if (minShared < 1 || buckets < 1 || maxPostings < 1) {
            throw new IllegalArgumentException("min shared, buckets and max postings must be positive");
        }
    }

    public static NearCopyRules defaults() {
        return new NearCopyRules(Fingerprinter.DEFAULT_SHINGLE_WORDS, Fingerprinter.DEFAULT_WINDOW,
                DEFAULT_MIN_CONTAINMENT, DEFAULT_MIN_SHARED, DEFAULT_BUCKETS, DEFAULT_MAX_POSTINGS, DEFAULT_SETTLE);
    }

    public NearCopyRules withMinContainment(final double value) {
        return new NearCopyRules(shingleWords, window, value, minShared, buckets, maxPostings, settle);
    }

    public NearCopyRules withMinShared(final int value) {
        return new NearCopyRules(shingleWords, window, minContainment, value, buckets, maxPostings, settle);
    }

    public NearCopyRules withShingles(final int words, final int windowSize) {
        return new NearCopyRules(words, windowSize, minContainment, minShared, buckets, maxPostings, settle);
    }

    public NearCopyRules withSettle(final Duration value) {
        return new NearCopyRules(shingleWords, window, minContainment, minShared, buckets, maxPostings, value);
    }

    public Fingerprinter fingerprinter() {
        return new Fingerprinter(shingleWords, window);
    }

    /** The bucket (0 ≤ b &lt; buckets) a fingerprint is indexed under. */
    public int bucketOf(final long fingerprint) {
        return (int) Long.remainderUnsigned(fingerprint, buckets);
    }

    /** Evidence about one earlier report: how many fingerprints it shares with the report being decided. */
    public record Candidate(String reportId, String storyId, String storyOutlet, int fingerprintCount, long decidedAt, int shared,
                            List<String> figures) {
        public Candidate(final String reportId, final String storyId, final String storyOutlet, final int fingerprintCount,
                         final long decidedAt, final int shared) {
            this(reportId, storyId, storyOutlet, fingerprintCount, decidedAt, shared, List.of());
        }
    }

    /** The assignment order: record time, then report id. */
    public static boolean precedes(final long firstSeen, final String reportId, final long otherFirstSeen, final String otherId) {
        return firstSeen < otherFirstSeen || (firstSeen == otherFirstSeen && reportId.compareTo(otherId) < 0);
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

    /** The matching earlier report by the assignment rule, or empty when R opens a new story. */
    public Optional<Match> decide(final int fingerprintCount, final List<Candidate> candidates) {
        return decide(fingerprintCount, List.of(), candidates);
    }

    /**
     * The matching earlier report by the assignment rule, or empty when R opens a new story.
     * {@code candidates} must all precede R in the assignment order.
     */
    public Optional<Match> decide(final int fingerprintCount, final List<String> figures, final List<Candidate> candidates) {
        final Comparator<Candidate> earliest = Comparator.comparingLong(Candidate::decidedAt)
                .thenComparing(Candidate::reportId);
        return candidates.stream()
                .filter(c -> isCopy(fingerprintCount, c))
                .filter(c -> !ReportFigures.disagree(figures, c.figures()))
                .min(earliest)
                .map(c -> new Match(c, containment(fingerprintCount, c)));
    }
}
