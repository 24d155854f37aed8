package io.sitrep.streams.dedup;

import io.sitrep.schemas.avro.dedup.DedupCandidate;
import io.sitrep.schemas.avro.dedup.DedupMessage;
import io.sitrep.schemas.avro.dedup.DedupMessageKind;
import io.sitrep.schemas.avro.dedup.FingerprintPosting;
import io.sitrep.streams.dedup.domain.NearCopyRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The fingerprint index of the near-copy tier (T1), one bucket of fingerprints per record key.
 *
 * <p>A {@code PROBE} (a report's fingerprints that fall in this bucket) is answered with exactly
 * one {@code CANDIDATES} message, keyed by the probing report, that lists every report before it
 * in the assignment order ({@link NearCopyRules#precedes}) sharing at least one of those
 * fingerprints, how many it shares, its figures and its story as far as this bucket knows. The
 * decision step sums the replies of all buckets.
 *
 * <p>The probing report is indexed in the same step, before its decision: a copy that arrives
 * while its original is still being decided (a burst, a backfill) finds it all the same. Its
 * story is taken to be its own id until {@link ReportStoryUpdater} says it was decided a near
 * copy of another story; only near copies need that second message.
 *
 * <p>A report stamped <em>after</em> the probing one but indexed before it (reports reaching the
 * bucket out of timestamp order, in a burst) never saw it; it gets a {@code LATE} message with
 * this bucket's evidence, which its decision step uses if it is still settling.
 *
 * <p>Per fingerprint at most {@code maxPostings} of the most recent postings are read: a
 * fingerprint that hundreds of reports carry is a stock phrase, and reading it all would make
 * the cost of a probe grow with the corpus.
 */
public final class FingerprintIndex implements Processor<String, DedupMessage, String, DedupMessage> {
    /** Hops between a bucket indexing a report and its decision step having all replies (EOS commits). */
    private static final long LATE_SLACK_MS = 2_000;

    private final String postingsStoreName;
    private final String reportsStoreName;
    private final long horizonMs;
    private final int maxPostings;
    private final long lateWindowMs;
    private ProcessorContext<String, DedupMessage> context;
    private WindowStore<Long, String> postings;
    private WindowStore<String, FingerprintPosting> reports;

    /**
     * @param postingsStoreName fingerprint → report ids (duplicates retained)
     * @param reportsStoreName  bucket and report id → what this bucket knows of it (fingerprint count, figures, story)
     */
    public FingerprintIndex(final String postingsStoreName, final String reportsStoreName, final Duration horizon,
                            final int maxPostings, final Duration settle) {
        this.postingsStoreName = postingsStoreName;
        this.reportsStoreName = reportsStoreName;
        this.horizonMs = horizon.toMillis();
        this.maxPostings = maxPostings;
        // a report decides about one settle time after its last bucket indexed it, plus a few hops
        this.lateWindowMs = settle.isZero() ? -1 : settle.toMillis() + LATE_SLACK_MS;
    }

    @Override
    public void init(final ProcessorContext<String, DedupMessage> context) {
        this.context = context;
        this.postings = context.getStateStore(postingsStoreName);
        this.reports = context.getStateStore(reportsStoreName);
    }

    @Override
    public void process(final Record<String, DedupMessage> record) {
        final DedupMessage probe = record.value();
        final String reportId = probe.getReportId();
        final long time = record.timestamp();
        final Map<String, Integer> shared = new LinkedHashMap<>();
        final Map<String, Integer> sharedRare = new LinkedHashMap<>();
        final List<String> hitsOfOne = new ArrayList<>();
        for (final Long fingerprint : probe.getFingerprints()) {
            hitsOfOne.clear();
            try (WindowStoreIterator<String> hits = postings.backwardFetch(fingerprint, time - horizonMs, time + horizonMs)) {
                while (hits.hasNext() && hitsOfOne.size() < maxPostings) {
                    hitsOfOne.add(hits.next().value);
                }
            }
            final boolean rare = hitsOfOne.size() < maxPostings / 2;
            for (final String other : hitsOfOne) {
                if (!other.equals(reportId)) {
                    shared.merge(other, 1, Integer::sum);
                    if (rare) {
                        sharedRare.merge(other, 1, Integer::sum);
                    }
                }
            }
        }
        final long wallClock = context.currentSystemTimeMs();
        // at most maxPostings candidates per bucket, those sharing the most fingerprints here (then the
        // smaller report id): stock phrases would otherwise make every report a candidate of every other, and
        // each candidate costs a lookup and a place in the reply
        if (shared.size() > maxPostings) {
            final List<Map.Entry<String, Integer>> ranked = new ArrayList<>(shared.entrySet());
            ranked.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry::getKey));
            shared.clear();
            ranked.subList(0, maxPostings).forEach(e -> shared.put(e.getKey(), e.getValue()));
        }
        // what this bucket keeps of the probing report, and offers of it as a late candidate
        final FingerprintPosting self = FingerprintPosting.newBuilder()
                .setReportId(reportId)
                .setStoryId(reportId)
                .setStoryOutlet(probe.getStoryOutlet() == null ? "" : probe.getStoryOutlet())
                .setFingerprintCount(probe.getFingerprintCount())
                .setDecidedAt(time)
                .setFigures(probe.getFigures())
                .setIndexedAtWallClock(wallClock)
                .build();
        final List<DedupCandidate> candidates = new ArrayList<>();
        final List<Record<String, DedupMessage>> late = new ArrayList<>();
        shared.forEach((other, count) -> {
            final FingerprintPosting known = latest(reportKey(record.key(), other), time);
            if (known == null) {
                return;
            }
            if (NearCopyRules.precedes(known.getDecidedAt(), other, time, reportId)) {
                candidates.add(candidate(known, count));
            } else if (sharedRare.containsKey(other) && wallClock - known.getIndexedAtWallClock() <= lateWindowMs) {
                // out of order: the other report is stamped after this one but was indexed first, so it
                // never saw this one; its decision step takes this evidence if it is still settling. Only
                // while it may be (indexed within the late window), and only through fingerprints that
                // are not stock phrases (fewer than half of maxPostings reports carry them): a stock
                // phrase shared by hundreds of reports would send a message to each of them
                late.add(record.withKey(other).withValue(DedupMessage.newBuilder()
                        .setKind(DedupMessageKind.LATE)
                        .setReportId(other)
                        .setCandidates(List.of(candidate(self, sharedRare.get(other))))
                        .build()));
            }
        });

        // index the probing report now; a resend of the same report id is indexed once
        final String ownKey = reportKey(record.key(), reportId);
        if (latest(ownKey, time) == null) {
            reports.put(ownKey, self, time);
            for (final Long fingerprint : probe.getFingerprints()) {
                postings.put(fingerprint, reportId, time);
            }
        }

        context.forward(record.withKey(reportId).withValue(DedupMessage.newBuilder()
                .setKind(DedupMessageKind.CANDIDATES)
                .setReportId(reportId)
                .setCandidates(candidates)
                .build()));
        late.forEach(context::forward);
    }

    /**
     * Key of a report in the reports store: bucket and report id. One task can own several buckets
     * (more buckets than partitions), and a report is indexed in each of its buckets separately.
     */
    static String reportKey(final String bucketKey, final String reportId) {
        return bucketKey + "/" + reportId;
    }

    private static DedupCandidate candidate(final FingerprintPosting report, final int shared) {
        return DedupCandidate.newBuilder()
                .setReportId(report.getReportId())
                .setStoryId(report.getStoryId())
                .setStoryOutlet(report.getStoryOutlet())
                .setFingerprintCount(report.getFingerprintCount())
                .setFirstSeen(report.getDecidedAt())
                .setFigures(report.getFigures())
                .setShared(shared)
                .build();
    }

    private FingerprintPosting latest(final String key, final long time) {
        FingerprintPosting latest = null;
        try (WindowStoreIterator<FingerprintPosting> hits = reports.fetch(key, time - horizonMs, time + horizonMs)) {
            while (hits.hasNext()) {
                latest = hits.next().value;
            }
        }
        return latest;
    }
}
