package io.sitrep.streams.dedup.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dedup decision for every report of one horizon, in memory: the exact tiers (same canonical
 * URL, same normalised body) and the near-copy tier (winnowed fingerprints find candidates,
 * {@link NearCopyRules} decides), with the live outlet and mention counts of each story.
 *
 * <p>A report is placed and indexed in one step, so there is nothing to wait for: it is compared
 * with every report placed before it, and one that arrives before the report it copies becomes
 * that report's copy's story, which the original then joins. The pairs grouped are the same in
 * either order. Among several matches the report joins the story of the earliest by record time,
 * then id ({@link NearCopyRules#precedes}); when it also copies a report of another live story,
 * with the same part of its text ({@link StoryBridge}), it bridges them: that story is merged into
 * the one it joins, so a chain of copies ends in one story whichever link arrives last.
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
                            int mentionCount, List<Repointed> repointed) {
        public Placement {
            repointed = List.copyOf(repointed);
        }
    }

    /**
     * A report of a story that the placed report merged into its own: it now belongs to the
     * placement's story, as a copy matched through the placed report ({@code containment}: of
     * that bridging match), and {@code revision} counts how often it was re-pointed.
     */
    public record Repointed(String reportId, long time, int revision, double containment) {
    }

    /** A placed report; identity is what the indexes compare. */
    private static final class Entry {
        private final Report report;
        // a merge of stories re-points these
        private String storyId;
        private String storyOutlet;
        private boolean copy;
        private int revision;
        private final boolean indexed;
        /** Its id in {@link #counter} and the posting lists, while it is in the index. */
        private int id;

        Entry(final Report report, final String storyId, final String storyOutlet, final boolean indexed, final boolean copy, final int revision) {
            this.report = report;
            this.storyId = storyId;
            this.storyOutlet = storyOutlet;
            this.indexed = indexed;
            this.copy = copy;
            this.revision = revision;
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

    /** Live outlets (with how many reports of each), copies and reports of one story. */
    private static final class Tally {
        final Map<String, Integer> outlets = new HashMap<>();
        final List<Entry> members = new ArrayList<>();
        int copies;
    }

    /** Candidates that share as many fingerprints rank by report id. */
    private static final Comparator<Entry> BY_ID = Comparator.comparing(e -> e.report().reportId());

    private final NearCopyRules rules;
    private final long horizonMs;
    private final Map<String, Entry> byUrl = new HashMap<>();
    private final Map<String, Entry> byBody = new HashMap<>();
    private final PostingsTable postings = new PostingsTable();
    private final SharedCounter<Entry> counter = new SharedCounter<>();
    private final Map<String, Tally> tallies = new HashMap<>();
    private final ArrayDeque<Entry> arrival = new ArrayDeque<>();
    private final RecentEvidence recent = new RecentEvidence(RecentEvidence.DEFAULT_SIZE);
    /** The words of the indexed texts, packed ({@link TextEvidence#pack}). */
    private final WordCodes wordCodes = new WordCodes();
    /** Of the report being placed, its distinctive fingerprints whose postings were read only in part ({@link #MAX_POSTINGS}). */
    private int cappedDistinctive;
    /** The slots of the fingerprints of the report being placed ({@link #candidates}), reused from one report to the next. */
    private int[] probeSlots = new int[512];
    /** And how many reports carry each. */
    private int[] probeSizes = new int[512];
    private long latestTime = Long.MIN_VALUE;

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
        // the earliest copy wins (NearCopyRules#precedes): compare in that order; after it, only
        // candidates of other stories are compared, to find the stories this report bridges
        sortByPrecedence(candidates);
        Entry first = null;
        double firstContainment = 0.0;
        final List<String> bridged = new ArrayList<>();
        final List<Double> bridgedContainment = new ArrayList<>();
        final List<TextEvidence> compared = new ArrayList<>();
        for (final Entry candidate : candidates) {
            if (first != null && (candidate.storyId().equals(first.storyId()) || bridged.contains(candidate.storyId()))) {
                continue;
            }
            // the postings read bound what a candidate shares: at least the fingerprints counted, and of
            // them distinctive at most those counted plus the lists read only in part. Most candidates
            // share stock phrases alone, and no test can pass then
            if (!NearCopyRules.sharesOwnWording(counter.distinctiveOf(candidate.id) + cappedDistinctive, counter.sharedOf(candidate.id))) {
                continue;
            }
            final TextEvidence other = candidate.report().evidence();
            compared.add(other);
            final long sharedFingerprints = Fingerprinter.sharedAndUnflagged(report.evidence().fingerprints(), stock, other.fingerprints());
            final int distinctive = (int) sharedFingerprints;
            if (!NearCopyRules.sharesOwnWording(distinctive, (int) (sharedFingerprints >>> 32))) {
                continue;
            }
            final Overlap overlap = Overlap.ofCandidate(report.evidence(), other, rules.fewestSharedTriples(), rules.lowestContainment());
            if (overlap == null || !rules.isCopy(overlap.withDistinctive(distinctive))) {
                continue;
            }
            if (first == null) {
                first = candidate;
                firstContainment = overlap.pairContainment();
            } else if (StoryBridge.bridges(report.evidence(), first.report().evidence(), other)) {
                bridged.add(candidate.storyId());
                bridgedContainment.add(overlap.pairContainment());
            }
        }
        for (final TextEvidence other : compared) {
            recent.keep(other);
        }
        if (first == null) {
            return add(report, null, Tier.STORY, 0.0, List.of());
        }
        final List<Repointed> repointed = new ArrayList<>();
        for (int i = 0; i < bridged.size(); i++) {
            merge(bridged.get(i), first, bridgedContainment.get(i), repointed);
        }
        return add(report, first, Tier.NEAR_COPY, firstContainment, repointed);
    }

    /**
     * Re-points every live report of story {@code from} to {@code into}'s story: the one that
     * opened {@code from} becomes a copy, so it no longer counts as a story of its fingerprints.
     */
    private void merge(final String from, final Entry into, final double containment, final List<Repointed> out) {
        final Tally source = tallies.remove(from);
        final Tally target = tallies.get(into.storyId());
        for (final Entry e : source.members) {
            if (!e.copy) {
                e.copy = true;
                target.copies++;
                if (e.indexed()) {
                    for (final long f : e.report().evidence().fingerprints()) {
                        postings.storyBecameCopy(f);
                    }
                    recent.keep(e.report().evidence());
                }
            }
            e.storyId = into.storyId();
            e.storyOutlet = into.storyOutlet();
            e.revision++;
            target.members.add(e);
            out.add(new Repointed(e.report().reportId(), e.report().time(), e.revision, containment));
        }
        target.copies += source.copies;
        source.outlets.forEach((outlet, n) -> target.outlets.merge(outlet, n, Integer::sum));
    }

    /**
     * Puts back a report placed earlier in {@code storyId}, as a copy or as the story's first
     * report; reports must be restored in record-time order.
     */
    public void restore(final Report report, final String storyId, final String storyOutlet, final boolean copy) {
        restore(report, storyId, storyOutlet, copy, 0);
    }

    /**
     * {@link #restore(Report, String, String, boolean)} for a report's latest placement, re-pointed
     * {@code revision} times by merges of stories; restore only that one of its placements.
     */
    public void restore(final Report report, final String storyId, final String storyOutlet, final boolean copy, final int revision) {
        advance(report.time());
        remember(new Entry(report, storyId, storyOutlet, report.evidence().fingerprints().length > 0, copy, revision));
        recent.keep(report.evidence());
    }

    /** Distinct words of the indexed texts (for tests and metrics). */
    int distinctWords() {
        return wordCodes.size();
    }

    /** Reports in the index (for tests and metrics). */
    public int size() {
        return arrival.size();
    }

    private Placement add(final Report report, final Entry matched, final Tier tier, final double containment) {
        return add(report, matched, tier, containment, List.of());
    }

    private Placement add(final Report report, final Entry matched, final Tier tier, final double containment,
                          final List<Repointed> repointed) {
        final boolean copy = matched != null;
        final String storyId = copy ? matched.storyId() : report.reportId();
        final String storyOutlet = copy ? matched.storyOutlet() : report.outlet();
        // exact copies are not indexed by fingerprint: their text is their first report's, or the same URL's
        final Tally tally = remember(new Entry(report, storyId, storyOutlet, tier == Tier.STORY || tier == Tier.NEAR_COPY, copy, 0));
        recent.keep(report.evidence());
        return new Placement(tier, storyId, storyOutlet, copy ? matched.report().reportId() : null, containment,
                Math.max(1, tally.outlets.size()), tally.copies, repointed);
    }

    private Tally remember(final Entry entry) {
        final Report r = entry.report();
        if (r.canonicalUrl() != null) {
            byUrl.putIfAbsent(r.canonicalUrl(), entry);
        }
        byBody.putIfAbsent(r.bodyHash(), entry);
        entry.id = counter.register(entry);
        if (entry.indexed()) {
            for (final long f : r.evidence().fingerprints()) {
                postings.add(f, entry.id, !entry.copy);
            }
            r.evidence().pack(wordCodes);
        }
        arrival.addLast(entry);
        final Tally tally = tallies.computeIfAbsent(entry.storyId(), k -> new Tally());
        tally.outlets.merge(r.outlet(), 1, Integer::sum);
        tally.members.add(entry);
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
            final int slot = postings.find(fingerprints[i]);
            out[i] = slot != PostingsTable.NONE && postings.stories(slot) >= STOCK_STORIES;
        }
        return out;
    }

    /**
     * The reports sharing the most fingerprints with {@code evidence}, at most {@link NearCopyRules#maxCandidates};
     * marks in {@code stock} which of its fingerprints are stock phrases (one map lookup per fingerprint serves both),
     * and counts {@link #cappedDistinctive}.
     */
    private List<Entry> candidates(final TextEvidence evidence, final boolean[] stock) {
        counter.newProbe();
        cappedDistinctive = 0;
        final long[] fingerprints = evidence.fingerprints();
        if (probeSlots.length < fingerprints.length) {
            probeSlots = new int[Math.max(fingerprints.length, 2 * probeSlots.length)];
            probeSizes = new int[probeSlots.length];
        }
        final int[] slots = probeSlots;
        // every lookup first, then the counting: a lookup in a table of the whole horizon is most often a
        // cache miss, and a loop of lookups alone keeps several of them in flight at once, where each
        // one's posting reads between them let the processor wait for one miss at a time
        for (int k = 0; k < fingerprints.length; k++) {
            slots[k] = postings.find(fingerprints[k]);
        }
        // then, the same way, the pair or row of each slot that more reports carry (another miss each)
        final int[] sizes = probeSizes;
        for (int k = 0; k < fingerprints.length; k++) {
            final int slot = slots[k];
            if (slot != PostingsTable.NONE) {
                stock[k] = postings.stories(slot) >= STOCK_STORIES;
                sizes[k] = postings.size(slot);
            }
        }
        for (int k = 0; k < fingerprints.length; k++) {
            final int slot = slots[k];
            if (slot == PostingsTable.NONE) {
                continue;
            }
            final int size = sizes[k];
            final int reads = Math.min(MAX_POSTINGS, size);
            if (size > reads && !stock[k]) {
                cappedDistinctive++;
            }
            for (int read = 0; read < reads; read++) {
                counter.count(postings.newestId(slot, read), !stock[k]);
            }
        }
        return counter.mostShared(rules.maxCandidates(), BY_ID);
    }

    /**
     * {@link NearCopyRules#precedes} as an order, for the few dozen candidates of a report: each one's
     * time and id read once (a comparator read them through two references per comparison, from
     * entries scattered over the heap), then an insertion sort, stable like {@link List#sort}.
     */
    private static void sortByPrecedence(final List<Entry> candidates) {
        final int n = candidates.size();
        final Entry[] entries = new Entry[n];
        final long[] times = new long[n];
        final String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            final Entry e = candidates.get(i);
            int j = i;
            final long time = e.report().time();
            final String id = e.report().reportId();
            while (j > 0 && NearCopyRules.precedes(time, id, times[j - 1], ids[j - 1])) {
                entries[j] = entries[j - 1];
                times[j] = times[j - 1];
                ids[j] = ids[j - 1];
                j--;
            }
            entries[j] = e;
            times[j] = time;
            ids[j] = id;
        }
        for (int i = 0; i < n; i++) {
            candidates.set(i, entries[i]);
        }
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
                postings.remove(f, entry.id, !entry.copy);
            }
            r.evidence().unpack();
            r.evidence().releaseDerived();
        }
        counter.release(entry.id);
        final Tally tally = tallies.get(entry.storyId());
        if (tally != null) {
            tally.outlets.computeIfPresent(r.outlet(), (k, n) -> n == 1 ? null : n - 1);
            // usually the first: reports leave in arrival order
            tally.members.remove(entry);
            if (entry.copy) {
                tally.copies--;
            }
            if (tally.outlets.isEmpty()) {
                tallies.remove(entry.storyId());
            }
        }
    }
}
