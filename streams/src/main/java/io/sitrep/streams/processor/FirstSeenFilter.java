package io.sitrep.streams.processor;

import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Forwards a record only if its key was not seen within the horizon; a repeat is not forwarded
 * and refreshes the key's timestamp, so a story that keeps being resent stays known. Must run
 * after a repartition by the key it checks, so that all copies meet in one task.
 *
 * <p>The store is a window store whose retention is the horizon: old keys expire by segment
 * without a scan (the pattern of Kafka's own deduplication example).
 */
public final class FirstSeenFilter<V> implements FixedKeyProcessor<String, V, V> {
    private final String storeName;
    private final long horizonMs;
    private final Runnable onDuplicate;
    private FixedKeyProcessorContext<String, V> context;
    private WindowStore<String, Long> seen;

    public FirstSeenFilter(final String storeName, final Duration horizon, final Runnable onDuplicate) {
        this.storeName = storeName;
        this.horizonMs = horizon.toMillis();
        this.onDuplicate = onDuplicate;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(final FixedKeyRecord<String, V> record) {
        final long now = record.timestamp();
        final boolean duplicate;
        try (WindowStoreIterator<Long> hits = seen.fetch(record.key(), now - horizonMs, now + horizonMs)) {
            duplicate = hits.hasNext();
        }
        seen.put(record.key(), now, now);
        if (duplicate) {
            onDuplicate.run();
            return;
        }
        context.forward(record);
    }
}
