package io.sitrep.streams.dedup;

import io.sitrep.schemas.avro.dedup.DedupMessage;
import io.sitrep.schemas.avro.dedup.FingerprintPosting;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Tells one fingerprint bucket that a report it indexed was decided a near copy, and of which
 * story, so that later copies of it join that story rather than the report's own id. Shares its
 * store with {@link FingerprintIndex}; the two read from repartition topics keyed the same way,
 * so one task holds both sides of a bucket. Forwards nothing.
 */
public final class ReportStoryUpdater implements Processor<String, DedupMessage, Void, Void> {
    private final String reportsStoreName;
    private final long horizonMs;
    private WindowStore<String, FingerprintPosting> reports;

    public ReportStoryUpdater(final String reportsStoreName, final Duration horizon) {
        this.reportsStoreName = reportsStoreName;
        this.horizonMs = horizon.toMillis();
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.reports = context.getStateStore(reportsStoreName);
    }

    @Override
    public void process(final Record<String, DedupMessage> record) {
        final DedupMessage update = record.value();
        final long time = record.timestamp();
        FingerprintPosting known = null;
        long windowStart = time;
        final String key = FingerprintIndex.reportKey(record.key(), update.getReportId());
        try (WindowStoreIterator<FingerprintPosting> hits = reports.fetch(key, time - horizonMs, time + horizonMs)) {
            while (hits.hasNext()) {
                final var hit = hits.next();
                known = hit.value;
                windowStart = hit.key;
            }
        }
        if (known == null) {
            return; // expired, or the probe was never indexed here: nothing to correct
        }
        known.setStoryId(update.getStoryId());
        known.setStoryOutlet(update.getStoryOutlet() == null ? "" : update.getStoryOutlet());
        reports.put(key, known, windowStart);
    }
}
