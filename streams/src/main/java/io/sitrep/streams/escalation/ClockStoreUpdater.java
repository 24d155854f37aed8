package io.sitrep.streams.escalation;

import io.sitrep.schemas.avro.internal.EventClock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Feeds the global clock store; an entry only moves forward, so a restarted task cannot turn the clock back. */
public final class ClockStoreUpdater implements Processor<String, EventClock, Void, Void> {
    private final String storeName;
    private KeyValueStore<String, EventClock> store;

    public ClockStoreUpdater(final String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(final Record<String, EventClock> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        final EventClock current = store.get(record.key());
        if (current == null || record.value().getDay().isAfter(current.getDay())) {
            store.put(record.key(), record.value());
        }
    }
}
