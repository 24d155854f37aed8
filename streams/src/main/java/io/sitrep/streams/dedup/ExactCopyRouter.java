package io.sitrep.streams.dedup;

import io.sitrep.schemas.avro.DuplicateTier;
import io.sitrep.schemas.avro.dedup.DedupMessage;
import io.sitrep.schemas.avro.dedup.DedupMessageKind;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * An exact tier of dedup (T0): the record key is the canonical URL or the normalised-body hash.
 * The first report seen under a key within the horizon passes on unchanged; a later one becomes a
 * {@code DUPLICATE} message addressed to that first report (its {@code reportId} is the first
 * report's id, its {@code report} the copy), so the decision step can turn it into a mention of
 * the first report's story. Must run after a repartition by the key it checks, so every copy
 * meets in one task; checking and remembering is one step there, so there is no race.
 *
 * <p>The URL tier remembers the first report together with its body hash and sends a copy on to
 * the body tier, keyed by that hash; the body tier then addresses it to the first report with
 * that body, which is sure to reach the decision step (the first report under a URL may itself
 * be an exact body copy that never opens). The body tier passes such copies on without
 * remembering anything.
 *
 * <p>Unlike a plain first-seen filter, a copy does not refresh the key: the story it points to
 * is remembered for the horizon from its first report, and a key that outlived it would point
 * copies at a story that dedup no longer knows.
 */
public final class ExactCopyRouter implements FixedKeyProcessor<String, DedupMessage, DedupMessage> {
    private final String storeName;
    private final long horizonMs;
    private final DuplicateTier tier;
    private final Consumer<DuplicateTier> onDuplicate;
    private FixedKeyProcessorContext<String, DedupMessage> context;
    private WindowStore<String, String> firstReports;
    private DedupMetrics metrics;

    public ExactCopyRouter(final String storeName, final Duration horizon, final DuplicateTier tier,
                           final Consumer<DuplicateTier> onDuplicate) {
        this.storeName = storeName;
        this.horizonMs = horizon.toMillis();
        this.tier = tier;
        this.onDuplicate = onDuplicate;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, DedupMessage> context) {
        this.context = context;
        this.firstReports = context.getStateStore(storeName);
        this.metrics = DedupMetrics.register(context.metrics());
    }

    @Override
    public void process(final FixedKeyRecord<String, DedupMessage> record) {
        final long now = record.timestamp();
        final DedupMessage in = record.value();
        String first = null;
        try (WindowStoreIterator<String> hits = firstReports.fetch(record.key(), now - horizonMs, now + horizonMs)) {
            if (hits.hasNext()) {
                first = hits.next().value;
            }
        }
        if (in.getKind() == DedupMessageKind.DUPLICATE) {
            // a copy found by the URL tier: address it to the first report with the same body, if known
            final DedupMessage.Builder passed = DedupMessage.newBuilder(in).setFirstBodyHash(null);
            if (first != null) {
                passed.setReportId(first);
            }
            context.forward(record.withValue(passed.build()));
            return;
        }
        if (first == null) {
            final String remembered = tier == DuplicateTier.EXACT_URL ? in.getReportId() + " " + in.getBodyHash() : in.getReportId();
            firstReports.put(record.key(), remembered, now);
            context.forward(record);
            return;
        }
        final int space = first.indexOf(' ');
        final DedupMessage duplicate = DedupMessage.newBuilder(in)
                .setKind(DedupMessageKind.DUPLICATE)
                .setReportId(space < 0 ? first : first.substring(0, space))
                .setFirstBodyHash(space < 0 ? null : first.substring(space + 1))
                .setTier(tier)
                .build();
        metrics.duplicate(tier);
        onDuplicate.accept(tier);
        context.forward(record.withValue(duplicate));
    }
}
