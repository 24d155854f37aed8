package io.sitrep.streams.dedup;

import io.sitrep.schemas.avro.DuplicateTier;
import io.sitrep.schemas.avro.Mention;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.schemas.avro.dedup.IndexedReport;
import io.sitrep.streams.dedup.domain.DedupIndex;
import io.sitrep.streams.dedup.domain.Fingerprinter;
import io.sitrep.streams.dedup.domain.NearCopyRules;
import io.sitrep.streams.dedup.domain.TextEvidence;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The dedup index: every report of the stage passes through this one processor (one task, the
 * repartition before it has one partition), which places it with {@link DedupIndex} and emits a
 * {@link UniqueReport} for a new story or a {@link Mention} for a copy, both keyed by story id.
 *
 * <p>Durable state is one record per placed report (its words, figures and story, without the
 * report text) in a window store whose retention is the horizon; the index itself lives in memory
 * and is rebuilt from that store whenever the task is initialised: after a restart, a rebalance,
 * or an aborted transaction (exactly-once wipes and restores the store, then initialises the
 * task again), so the memory never holds a placement that was not committed.
 *
 * <p>A report that bridges two stories merges one into the other ({@link DedupIndex}): each report
 * of the merged story is emitted again as a {@link Mention} of the surviving story, with the header
 * {@link DedupTopology#REVISION_HEADER} (how often it was re-pointed, so a reader keeps its latest placement
 * whatever partition it reads first), and stored again with that revision. The store keeps both
 * records (duplicates are retained) and the restore keeps the highest revision per report: a
 * re-put rather than a merge marker, because a marker would have to be applied in the right place
 * among the placements, while the re-put record is the report's placement itself. Its sequence
 * number in the store restarts at every open, so the revision, not the store order, decides.
 */
final class DedupIndexProcessor implements Processor<String, IndexedReport, String, SpecificRecord> {
    private final String storeName;
    private final Duration horizon;
    private final NearCopyRules rules;
    private final Fingerprinter fingerprinter;
    private final Consumer<DuplicateTier> onDuplicate;
    private ProcessorContext<String, SpecificRecord> context;
    private WindowStore<String, IndexedReport> placed;
    private DedupIndex index;
    private DedupMetrics metrics;

    DedupIndexProcessor(final String storeName, final Duration horizon, final NearCopyRules rules,
                        final Consumer<DuplicateTier> onDuplicate) {
        this.storeName = storeName;
        this.horizon = horizon;
        this.rules = rules;
        this.fingerprinter = rules.fingerprinter();
        this.onDuplicate = onDuplicate;
    }

    @Override
    public void init(final ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.placed = context.getStateStore(storeName);
        this.metrics = DedupMetrics.register(context.metrics());
        this.index = new DedupIndex(rules, horizon.toMillis());
        // a report merged into another story has several records: its latest placement is the highest revision
        final Map<String, IndexedReport> latest = new HashMap<>();
        try (KeyValueIterator<Windowed<String>, IndexedReport> all = placed.all()) {
            all.forEachRemaining(kv -> latest.merge(kv.value.getReportId(), kv.value, DedupIndexProcessor::later));
        }
        final List<IndexedReport> stored = new ArrayList<>(latest.values());
        stored.sort(Comparator.comparingLong(IndexedReport::getTime).thenComparing(IndexedReport::getReportId));
        for (final IndexedReport r : stored) {
            index.restore(toDomain(r, r.getTime()), r.getStoryId(), r.getStoryOutlet(), r.getCopy(), r.getRevision());
        }
    }

    @Override
    public void process(final Record<String, IndexedReport> record) {
        final IndexedReport in = record.value();
        final long time = record.timestamp();
        final DedupIndex.Placement p = index.place(toDomain(in, time));
        final RawReport report = in.getReport();
        in.setReport(null);
        in.setTime(time);
        in.setStoryId(p.storyId());
        in.setStoryOutlet(p.storyOutlet());
        in.setCopy(p.tier() != DedupIndex.Tier.STORY);
        in.setRevision(0);
        in.setUrl(report.getUrl());
        in.setPublishedAt(report.getPublishedAt());
        if (p.tier() == DedupIndex.Tier.EXACT_URL || p.tier() == DedupIndex.Tier.EXACT_BODY) {
            // an exact copy is never a candidate: only its story and addresses are needed again
            in.setWords(ByteBuffer.allocate(0));
            in.setFigures(List.of());
            in.setFigureAt(List.of());
        }
        placed.put(in.getReportId(), in, time);
        for (final DedupIndex.Repointed moved : p.repointed()) {
            repoint(moved, p, in.getReportId(), time);
        }
        if (p.tier() == DedupIndex.Tier.STORY) {
            metrics.storyOpened();
            context.forward(new Record<>(p.storyId(), UniqueReport.newBuilder()
                    .setStoryId(p.storyId())
                    .setCanonicalUrl(in.getCanonicalUrl())
                    .setBodyHash(in.getBodyHash())
                    .setOutletCount(1)
                    .setReport(report)
                    .build(), time));
            return;
        }
        final DuplicateTier tier = DuplicateTier.valueOf(p.tier().name());
        metrics.duplicate(tier);
        metrics.mentions(p.mentionCount());
        onDuplicate.accept(tier);
        context.forward(new Record<>(p.storyId(), mention(in, p, tier, p.matchedReportId(), p.containment()), time));
    }

    /** {@code placedReport} (as stored: its outlet, URLs and publish time) as a mention of {@code p}'s story, with the story's live counts. */
    private static Mention mention(final IndexedReport placedReport, final DedupIndex.Placement p, final DuplicateTier tier,
                                   final String matchedReportId, final double containment) {
        // records stored before the publish time was kept carry 0: their record time is the closest known
        final Instant published = placedReport.getPublishedAt().toEpochMilli() == 0
                ? Instant.ofEpochMilli(placedReport.getTime()) : placedReport.getPublishedAt();
        return Mention.newBuilder()
                .setStoryId(p.storyId())
                .setReportId(placedReport.getReportId())
                .setSourceOutlet(placedReport.getOutlet())
                .setUrl(placedReport.getUrl())
                .setCanonicalUrl(placedReport.getCanonicalUrl())
                .setPublishedAt(published)
                .setTier(tier)
                .setMatchedReportId(matchedReportId)
                .setContainment(containment)
                .setOutletCount(p.outletCount())
                .setMentionCount(p.mentionCount())
                .build();
    }

    /** Stores {@code moved}'s placement again, in {@code p}'s story, and emits it as a mention of that story. */
    private void repoint(final DedupIndex.Repointed moved, final DedupIndex.Placement p, final String bridgingReportId, final long time) {
        IndexedReport was = null;
        try (WindowStoreIterator<IndexedReport> records = placed.fetch(moved.reportId(), moved.time(), moved.time())) {
            while (records.hasNext()) {
                final IndexedReport r = records.next().value;
                was = was == null ? r : later(was, r);
            }
        }
        if (was == null) {
            // the store dropped it at the horizon's edge a moment before the index did: nothing left to re-point
            return;
        }
        final IndexedReport now = IndexedReport.newBuilder(was)
                .setStoryId(p.storyId())
                .setStoryOutlet(p.storyOutlet())
                .setCopy(true)
                .setRevision(moved.revision())
                .build();
        placed.put(now.getReportId(), now, now.getTime());
        final Headers headers = new RecordHeaders()
                .add(DedupTopology.REVISION_HEADER, ByteBuffer.allocate(Integer.BYTES).putInt(moved.revision()).array());
        context.forward(new Record<String, SpecificRecord>(p.storyId(),
                mention(now, p, DuplicateTier.NEAR_COPY, bridgingReportId, moved.containment()), time, headers));
    }

    private static IndexedReport later(final IndexedReport a, final IndexedReport b) {
        return b.getRevision() > a.getRevision() ? b : a;
    }

    /** Bytes per word written to {@link IndexedReport#getWords}: the words are 32-bit hashes ({@link Fingerprinter#wordHashes}). */
    static final int WORD_BYTES = Integer.BYTES;

    static ByteBuffer wordsToBytes(final int[] words) {
        final ByteBuffer out = ByteBuffer.allocate(words.length * WORD_BYTES);
        out.asIntBuffer().put(words);
        return out;
    }

    /** The words of {@code r}; records stored before the words were 32-bit carry 64-bit hashes, folded here to today's. */
    static int[] wordsOf(final IndexedReport r) {
        final ByteBuffer bytes = r.getWords().duplicate();
        if (r.getWordBytes() == Long.BYTES) {
            final int[] out = new int[bytes.remaining() / Long.BYTES];
            for (int i = 0; i < out.length; i++) {
                out[i] = Fingerprinter.fold(bytes.getLong());
            }
            return out;
        }
        final int[] out = new int[bytes.remaining() / WORD_BYTES];
        bytes.asIntBuffer().get(out);
        return out;
    }

    private DedupIndex.Report toDomain(final IndexedReport r, final long time) {
        final int[] words = wordsOf(r);
        final TextEvidence evidence = words.length == 0 ? TextEvidence.EMPTY
                : new TextEvidence(words, r.getFigures(), r.getFigureAt().stream().mapToInt(Integer::intValue).toArray(), fingerprinter);
        // reports without a URL (field notes) are known by their id, so a resend is still caught
        final String urlKey = r.getCanonicalUrl() != null ? r.getCanonicalUrl() : "report:" + r.getReportId();
        return new DedupIndex.Report(r.getReportId(), time, r.getOutlet(), urlKey, r.getBodyHash(), evidence);
    }

}
