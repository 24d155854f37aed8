package io.sitrep.streams.processor;

import io.sitrep.schemas.avro.dedup.DedupCandidate;
import io.sitrep.schemas.avro.dedup.DedupMessage;
import io.sitrep.schemas.avro.dedup.DedupMessageKind;
import io.sitrep.schemas.avro.dedup.FingerprintPosting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The fingerprint index of the near-copy tier (T1), one bucket of fingerprints per record key.
 * A {@code PROBE} (a report's fingerprints that fall in this bucket) is answered with exactly one
 * {@code CANDIDATES} message, keyed by the probing report, that lists every earlier report
 * sharing at least one of those fingerprints and how many it shares; the decision step sums
 * the replies of all buckets. Reading the postings is all a probe does: a report is indexed
 * only after it was decided ({@link FingerprintPostingWriter}), so that its posting can name its
 * story.
 *
 * <p>Per fingerprint at most {@code maxPostings} of the most recent postings are read: a
 * fingerprint that hundreds of reports carry is a stock phrase, and reading it all would make
 * the cost of a probe grow with the corpus.
 */
public final class FingerprintIndex implements Processor<String, DedupMessage, String, DedupMessage> {
    private final String storeName;
    private final long horizonMs;
    private final int maxPostings;
    private ProcessorContext<String, DedupMessage> context;
    private WindowStore<Long, FingerprintPosting> postings;

    public FingerprintIndex(final String storeName, final Duration horizon, final int maxPostings) {
        this.storeName = storeName;
        this.horizonMs = horizon.toMillis();
        this.maxPostings = maxPostings;
    }

    @Override
    public void init(final ProcessorContext<String, DedupMessage> context) {
        this.context = context;
        this.postings = context.getStateStore(storeName);
    }

    @Override
    public void process(final Record<String, DedupMessage> record) {
        final DedupMessage probe = record.value();
        final long now = record.timestamp();
        final Map<String, DedupCandidate> byReport = new LinkedHashMap<>();
        for (final Long fingerprint : probe.getFingerprints()) {
            try (WindowStoreIterator<FingerprintPosting> hits = postings.backwardFetch(fingerprint, now - horizonMs, now + horizonMs)) {
                int read = 0;
                while (hits.hasNext() && read < maxPostings) {
                    final FingerprintPosting p = hits.next().value;
                    read++;
                    if (p.getReportId().equals(probe.getReportId())) {
                        continue;
                    }
                    byReport.computeIfAbsent(p.getReportId(), id -> DedupCandidate.newBuilder()
                            .setReportId(id)
                            .setStoryId(p.getStoryId())
                            .setStoryOutlet(p.getStoryOutlet())
                            .setFingerprintCount(p.getFingerprintCount())
                            .setFirstSeen(p.getDecidedAt())
                            .setShared(0)
                            .build());
                    final DedupCandidate c = byReport.get(p.getReportId());
                    c.setShared(c.getShared() + 1);
                }
            }
        }
        final DedupMessage reply = DedupMessage.newBuilder()
                .setKind(DedupMessageKind.CANDIDATES)
                .setReportId(probe.getReportId())
                .setCandidates(new ArrayList<>(byReport.values()))
                .build();
        context.forward(record.withKey(probe.getReportId()).withValue(reply));
    }
}
