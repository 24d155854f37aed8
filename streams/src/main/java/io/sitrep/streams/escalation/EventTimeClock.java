package io.sitrep.streams.escalation;

import io.sitrep.schemas.avro.internal.EventClock;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The pipeline's event-time clock: the latest event date any escalation task has seen, read from
 * the global clock store (one entry per task). Because the store is global, every task, including
 * one whose partitions have been quiet for weeks, sees the clock move.
 */
public final class EventTimeClock {
    private EventTimeClock() {
    }

    public static Optional<LocalDate> now(final ReadOnlyKeyValueStore<String, EventClock> store) {
        LocalDate max = null;
        try (KeyValueIterator<String, EventClock> it = store.all()) {
            while (it.hasNext()) {
                final LocalDate day = it.next().value.getDay();
                if (max == null || day.isAfter(max)) {
                    max = day;
                }
            }
        }
        return Optional.ofNullable(max);
    }
}
