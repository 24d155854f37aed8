package io.sitrep.streams.processor;

import io.sitrep.schemas.avro.dedup.DedupMessage;
import io.sitrep.schemas.avro.dedup.FingerprintPosting;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Indexes a decided report: one posting (report, its story, its fingerprint count) per
 * fingerprint of the bucket in the record key. Shares its store with {@link FingerprintIndex};
 * the two read from repartition topics keyed the same way, so one task holds both sides of a
 * bucket. Postings expire with the store's retention (the dedup horizon). Forwards nothing.
 */
public final class FingerprintPostingWriter implements Processor<String, DedupMessage, Void, Void> {
    private final String storeName;
    private WindowStore<Long, FingerprintPosting> postings;

    public FingerprintPostingWriter(final String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.postings = context.getStateStore(storeName);
    }

    @Override
    public void process(final Record<String, DedupMessage> record) {
        final DedupMessage post = record.value();
        final FingerprintPosting posting = FingerprintPosting.newBuilder()
                .setReportId(post.getReportId())
                .setStoryId(post.getStoryId())
                .setStoryOutlet(post.getStoryOutlet() == null ? "" : post.getStoryOutlet())
                .setFingerprintCount(post.getFingerprintCount())
                .setDecidedAt(post.getDecidedAt())
                .build();
        for (final Long fingerprint : post.getFingerprints()) {
            postings.put(fingerprint, posting, record.timestamp());
        }
    }
}
