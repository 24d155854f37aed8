package io.sitrep.streams.dedup;

import io.sitrep.schemas.avro.Mention;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.dedup.DedupMessage;
import io.sitrep.schemas.avro.dedup.StoryTallyState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Keyed by story id: turns each decided copy into a {@link Mention} carrying the story's live
 * counts, the distinct outlets (the story's own included) and the mentions so far. Copies of one
 * story meet here whichever partition decided them, so the counts keep rising as copies arrive.
 * The tally lives for the dedup horizon from the story's first mention.
 */
public final class StoryTally implements FixedKeyProcessor<String, DedupMessage, Mention> {
    private final String storeName;
    private final long horizonMs;
    private FixedKeyProcessorContext<String, Mention> context;
    private WindowStore<String, StoryTallyState> tallies;
    private DedupMetrics metrics;

    public StoryTally(final String storeName, final Duration horizon) {
        this.storeName = storeName;
        this.horizonMs = horizon.toMillis();
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Mention> context) {
        this.context = context;
        this.tallies = context.getStateStore(storeName);
        this.metrics = DedupMetrics.register(context.metrics());
    }

    @Override
    public void process(final FixedKeyRecord<String, DedupMessage> record) {
        final DedupMessage copy = record.value();
        final long now = record.timestamp();
        StoryTallyState tally = null;
        try (WindowStoreIterator<StoryTallyState> hits = tallies.fetch(record.key(), now - horizonMs, now + horizonMs)) {
            while (hits.hasNext()) {
                tally = hits.next().value;
            }
        }
        if (tally == null) {
            final List<String> outlets = new ArrayList<>();
            if (copy.getStoryOutlet() != null && !copy.getStoryOutlet().isEmpty()) {
                outlets.add(copy.getStoryOutlet());
            }
            tally = StoryTallyState.newBuilder().setStoryId(record.key()).setFirstSeen(now).setOutlets(outlets).build();
        }
        final RawReport report = copy.getReport();
        if (report != null && !tally.getOutlets().contains(report.getSourceOutlet())) {
            final List<String> outlets = new ArrayList<>(tally.getOutlets());
            outlets.add(report.getSourceOutlet());
            tally.setOutlets(outlets);
        }
        tally.setMentions(tally.getMentions() + 1);
        tallies.put(record.key(), tally, tally.getFirstSeen());
        metrics.mentions(tally.getMentions());
        context.forward(record.withValue(Mention.newBuilder()
                .setStoryId(record.key())
                .setReportId(copy.getReportId())
                .setSourceOutlet(report == null ? "" : report.getSourceOutlet())
                .setUrl(report == null ? null : report.getUrl())
                .setCanonicalUrl(copy.getCanonicalUrl())
                .setPublishedAt(report == null ? Instant.ofEpochMilli(now) : report.getPublishedAt())
                .setTier(copy.getTier())
                .setMatchedReportId(copy.getMatchedReportId())
                .setContainment(copy.getContainment())
                .setOutletCount(Math.max(1, tally.getOutlets().size()))
                .setMentionCount(tally.getMentions())
                .build()));
    }
}
