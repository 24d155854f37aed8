package io.sitrep.streams.dedup.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The dedup decision for every report of one horizon, in memory: the exact tiers (same canonical
 * URL, same normalised body) and the near-copy tier (winnowed fingerprints find candidates,
 * {@link NearCopyRules} decides), with the live outlet and mention counts of each story.
 *
 * <p>A report is placed and indexed in one step, so there is nothing to wait for: it is compared
 * with every report placed before it, and one that arrives before the report it copies becomes
 * that report's copy's story, which the original then joins. The pairs grouped are the same in
 * either order. Among several matches the report joins the story of the earliest by record time,
 * then id ({@link NearCopyRules#precedes}).
 *
 * <p>State is bounded by the horizon: a report leaves every index once the latest record time
 * seen is more than a horizon past its own. The index can be rebuilt from the placed reports
 * alone ({@link #restore}), which is how the stage keeps a single record per report as durable
 * state. Not thread-safe.
 */
public final class DedupIndex {
    /** Postings read per fingerprint, newest first: a fingerprint that more reports carry is a stock phrase. */
    static final int MAX_POSTINGS = 64;
    /**
     * Stories of the index that carry a fingerprint from which it is a stock phrase, not evidence of
     * copying: an outlet's standing background, a wire's boilerplate. Counted by story, so a story
     * that dozens of outlets syndicate does not make its own wording stock.
     */
    static final int STOCK_STORIES = 8;

    /** How a report was placed. */
    public enum Tier { STORY, EXACT_URL, EXACT_BODY, NEAR_COPY }

    /** A report as dedup sees it: {@code evidence} is {@link TextEvidence#EMPTY} for an exact copy being restored. */
    public record Report(String reportId, long time, String outlet, String canonicalUrl, String bodyHash, TextEvidence evidence) {
    }

    /**
     * Where a report went: the story it opened ({@link Tier#STORY}) or joined, the report it
     * matched, the containment of that match (1 for exact tiers), and the story's live counts.
     */
    public record Placement(Tier tier, String storyId, String storyOutlet, String matchedReportId, double containment, int outletCount,
                            int mentionCount) {
    }

    /** A placed report; identity is what the indexes compare. */
    private static final class Entry {
        private final Report report;
        private final String storyId;
        private final String storyOutlet;
        private final boolean indexed;
        private final boolean copy;
        /** Fingerprints shared with the report being placed, valid while {@link #probe} is the current probe. */
        private int shared;
        private long probe = -1;

        Entry(final Report report, final String storyId, final String storyOutlet, final boolean indexed, final boolean copy) {
            this.report = report;
            this.storyId = storyId;
            this.storyOutlet = storyOutlet;
            this.indexed = indexed;
            this.copy = copy;
        }

        Report report() {
            return report;
        }

        String storyId() {
            return storyId;
        }

        String storyOutlet() {
            return storyOutlet;
        }

        boolean indexed() {
            return indexed;
        }
    }

    /**
     * The reports that carry one fingerprint, oldest first, and how many of them opened a story: an
     * array read newest first by index, so reading postings allocates no iterator.
     */
    private static final class Postings {
        // most fingerprints belong to one story and its few copies
        private Entry[] entries = new Entry[2];
        private int head;
        private int size;
        int stories;

        int size() {
            return size;
        }

        /** The {@code k}-th newest entry (0 = newest). */
        Entry newest(final int k) {
            return entries[head + size - 1 - k];
        }

        void addLast(final Entry entry) {
            if (head + size == entries.length) {
                // reuse the room left by removals from the front before growing
                final Entry[] to = size * 2 <= entries.length ? entries : new Entry[entries.length * 2];
                System.arraycopy(entries, head, to, 0, size);
                if (to == entries) {
                    Arrays.fill(entries, size, entries.length, null);
                }
                entries = to;
                head = 0;
            }
            entries[head + size++] = entry;
        }

        /** Removes {@code entry} (by identity); usually the oldest, as reports leave in arrival order. */
        boolean remove(final Entry entry) {
            for (int i = head; i < head + size; i++) {
                if (entries[i] == entry) {
                    if (i == head) {
                        entries[head++] = null;
                    } else {
                        System.arraycopy(entries, i + 1, entries, i, head + size - 1 - i);
                        entries[head + size - 1] = null;
                    }
                    size--;
                    return true;
                }
            }
            return false;
        }
    }

    /** Live outlets (with how many reports of each) and copies of one story. */
    private static final class Tally {
        final Map<String, Integer> outlets = new HashMap<>();
        int copies;
    }

    /** {@link NearCopyRules#precedes} as an order; sorting is stable, so ties keep the candidates' order. */
    private static final Comparator<Entry> BY_PRECEDENCE = Comparator.<Entry>comparingLong(e -> e.report().time())
            .thenComparing(e -> e.report().reportId());
    /** Most shared fingerprints first (valid during a probe), then report id. */
    private static final Comparator<Entry> BY_SHARED = Comparator.<Entry>comparingInt(e -> -e.shared).thenComparing(e -> e.report().reportId());

    private final NearCopyRules rules;
    private final long horizonMs;
    private final Map<String, Entry> byUrl = new HashMap<>();
    private final Map<String, Entry> byBody = new HashMap<>();
    private final LongKeyedTable<Postings> postings = new LongKeyedTable<>();
    private final Map<String, Tally> tallies = new HashMap<>();
    private final ArrayDeque<Entry> arrival = new ArrayDeque<>();
    private long latestTime = Long.MIN_VALUE;
    private long probes;

    public DedupIndex(final NearCopyRules rules, final long horizonMs) {
        this.rules = rules;
        this.horizonMs = horizonMs;
    }

    /** Decides where {@code report} goes and indexes it. */
    public Placement place(final Report report) {
        advance(report.time());
        final Entry sameUrl = report.canonicalUrl() == null ? null : byUrl.get(report.canonicalUrl());
        if (sameUrl != null) {
            return add(report, sameUrl, Tier.EXACT_URL, 1.0);
        }
        final Entry sameBody = byBody.get(report.bodyHash());
        if (sameBody != null) {
            return add(report, sameBody, Tier.EXACT_BODY, 1.0);
        }
        final boolean[] stock = new boolean[report.evidence().fingerprints().length];
        final List<Entry> candidates = candidates(report.evidence(), stock);
        // the earliest copy wins (NearCopyRules#precedes): compare in that order and stop at the first copy
        candidates.sort(BY_PRECEDENCE);
        for (final Entry candidate : candidates) {
            final TextEvidence other = candidate.report().evidence();
            final Overlap overlap = Overlap.ofCandidate(report.evidence(), other, rules.fewestSharedTriples());
            if (overlap != null && rules.isCopy(withDistinctive(overlap, report.evidence(), stock, other))) {
                return add(report, candidate, Tier.NEAR_COPY, overlap.pairContainment());
            }
        }
        return add(report, null, Tier.STORY, 0.0);
    }

    /**
     * Puts back a report placed earlier in {@code storyId}, as a copy or as the story's first
     * report; reports must be restored in record-time order.
     */
    public void restore(final Report report, final String storyId, final String storyOutlet, final boolean copy) {
        advance(report.time());
        remember(new Entry(report, storyId, storyOutlet, report.evidence().fingerprints().length > 0, copy));
    }

    /** Reports in the index (for tests and metrics). */
    public int size() {
        return arrival.size();
    }

    private Placement add(final Report report, final Entry matched, final Tier tier, final double containment) {
        final boolean copy = matched != null;
        final String storyId = copy ? matched.storyId() : report.reportId();
        final String storyOutlet = copy ? matched.storyOutlet() : report.outlet();
        // exact copies are not indexed by fingerprint: their text is their first report's, or the same URL's
        final Tally tally = remember(new Entry(report, storyId, storyOutlet, tier == Tier.STORY || tier == Tier.NEAR_COPY, copy));
        report.evidence().releasePairs();
        return new Placement(tier, storyId, storyOutlet, copy ? matched.report().reportId() : null, containment,
                Math.max(1, tally.outlets.size()), tally.copies);
    }

    private Tally remember(final Entry entry) {
        final Report r = entry.report();
        if (r.canonicalUrl() != null) {
            byUrl.putIfAbsent(r.canonicalUrl(), entry);
        }
        byBody.putIfAbsent(r.bodyHash(), entry);
        if (entry.indexed()) {
            for (final long f : r.evidence().fingerprints()) {
                Postings p = postings.get(f);
                if (p == null) {
                    p = new Postings();
                    postings.put(f, p);
                }
                p.addLast(entry);
                p.stories += entry.copy ? 0 : 1;
            }
        }
        arrival.addLast(entry);
        final Tally tally = tallies.computeIfAbsent(entry.storyId(), k -> new Tally());
        tally.outlets.merge(r.outlet(), 1, Integer::sum);
        if (entry.copy) {
            tally.copies++;
        }
        return tally;
    }

    /** The overlap of two texts as the index measures it now: shared fingerprints that are stock phrases do not count as distinctive. */
    public Overlap measure(final TextEvidence a, final TextEvidence b) {
        return measure(a, stock(a.fingerprints()), b);
    }

    private Overlap measure(final TextEvidence a, final boolean[] stockOfA, final TextEvidence b) {
        return withDistinctive(Overlap.of(a, b, rules.fewestSharedTriples()), a, stockOfA, b);
    }

    private static Overlap withDistinctive(final Overlap overlap, final TextEvidence a, final boolean[] stockOfA, final TextEvidence b) {
        return overlap.withDistinctive(Fingerprinter.sharedCount(a.fingerprints(), stockOfA, b.fingerprints()));
    }

    /** Which of {@code fingerprints} (sorted) are stock phrases: carried by {@link #STOCK_STORIES} stories or more. */
    private boolean[] stock(final long[] fingerprints) {
        final boolean[] out = new boolean[fingerprints.length];
        for (int i = 0; i < fingerprints.length; i++) {
            final Postings p = postings.get(fingerprints[i]);
            out[i] = p != null && p.stories >= STOCK_STORIES;
        }
        return out;
    }

    /**
     * The reports sharing the most fingerprints with {@code evidence}, at most {@link NearCopyRules#maxCandidates};
     * marks in {@code stock} which of its fingerprints are stock phrases (one map lookup per fingerprint serves both).
     */
    private List<Entry> candidates(final TextEvidence evidence, final boolean[] stock) {
        // counts live in the entries, stamped with this probe's number: no map, no boxing per posting
        final long probe = ++probes;
        final List<Entry> seen = new ArrayList<>();
        final long[] fingerprints = evidence.fingerprints();
        for (int k = 0; k < fingerprints.length; k++) {
            final Postings list = postings.get(fingerprints[k]);
            if (list == null) {
                continue;
            }
            stock[k] = list.stories >= STOCK_STORIES;
            final int reads = Math.min(MAX_POSTINGS, list.size());
            for (int read = 0; read < reads; read++) {
                final Entry e = list.newest(read);
                if (e.probe != probe) {
                    e.probe = probe;
                    e.shared = 0;
                    seen.add(e);
                }
                e.shared++;
            }
        }
        return seen.size() > rules.maxCandidates() ? mostShared(seen, rules.maxCandidates()) : seen;
    }

    /**
     * The first {@code k} of {@code seen} in {@link #BY_SHARED} order, in no particular order (the
     * caller sorts them by precedence). A bounded heap instead of sorting every report that shares a
     * stock fingerprint: most of them lose to the heap's worst on the shared count alone.
     */
    private static List<Entry> mostShared(final List<Entry> seen, final int k) {
        final PriorityQueue<Entry> best = new PriorityQueue<>(k, BY_SHARED.reversed());
        for (final Entry e : seen) {
            if (best.size() < k) {
                best.add(e);
            } else if (BY_SHARED.compare(e, best.peek()) < 0) {
                best.poll();
                best.add(e);
            }
        }
        return new ArrayList<>(best);
    }

    /** Moves the clock to {@code time} and drops the reports that fell out of the horizon. */
    private void advance(final long time) {
        latestTime = Math.max(latestTime, time);
        while (!arrival.isEmpty() && arrival.peekFirst().report().time() < latestTime - horizonMs) {
            forget(arrival.pollFirst());
        }
    }

    private void forget(final Entry entry) {
        final Report r = entry.report();
        if (r.canonicalUrl() != null) {
            byUrl.remove(r.canonicalUrl(), entry);
        }
        byBody.remove(r.bodyHash(), entry);
        if (entry.indexed()) {
            for (final long f : r.evidence().fingerprints()) {
                final Postings p = postings.get(f);
                if (p == null) {
                    continue;
                }
                if (p.remove(entry)) {
                    p.stories -= entry.copy ? 0 : 1;
                    if (p.size() == 0) {
                        postings.remove(f);
                    }
                }
            }
        }
        final Tally tally = tallies.get(entry.storyId());
        if (tally != null) {
            tally.outlets.computeIfPresent(r.outlet(), (k, n) -> n == 1 ? null : n - 1);
            if (entry.copy) {
                tally.copies--;
            }
            if (tally.outlets.isEmpty()) {
                tallies.remove(entry.storyId());
            }
        }
    }
}
