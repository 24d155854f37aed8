package io.sitrep.streams.attribution;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.streams.attribution.domain.EventIdentity;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * One event per real-world incident across stories. Input: events keyed by their identity group
 * ({@link EventIdentity#groupKey}: region and type), so every candidate of a group meets on one
 * partition. The store holds the known events of each group under
 * {@code <group>#<yyyy-mm-dd>#<actor pair>}; an incoming event scans its date and the days either
 * side ({@link EventIdentity#DAY_TOLERANCE}) and joins those it may ({@link EventIdentity#canJoin}).
 *
 * <p>Output: events keyed by event id, with table semantics. A new incident is forwarded as is. A
 * later story of a known incident is merged into it and the merged event is re-emitted under the
 * known id (its own id is never emitted). An incoming event that bridges two known events of one
 * group (dates d-1 and d+1) merges both: the later one's id is retracted with a tombstone.
 *
 * <p>Timestamps: the updates of one event id never go back in time. Stories reach this processor
 * in no particular timestamp order (the repartition topic is written by every upstream task), so
 * a merged event or a tombstone takes the newest timestamp among the incoming record and the
 * stored versions it replaces, not just the incoming record's. The store keeps each event's last
 * emitted timestamp for that. A table downstream would otherwise see an update older than the
 * version it holds (Kafka Streams warns "Detected out-of-order KTable update").
 *
 * <p>State is bounded: entries whose date lies more than {@code retention} before the newest date
 * seen are deleted by a stream-time punctuation; a story about an older incident then opens a new
 * event (escalation's late-event gate rejects such old dates anyway).
 */
public final class EventIdentityMerger implements Processor<String, AttributedEvent, String, AttributedEvent> {

    private static final StringSerializer KEYS = new StringSerializer();

    private final String storeName;
    private final Duration retention;
    private ProcessorContext<String, AttributedEvent> context;
    private TimestampedKeyValueStore<String, AttributedEvent> store;
    private LocalDate newest = LocalDate.MIN;

    public EventIdentityMerger(final String storeName, final Duration retention) {
        this.storeName = storeName;
        this.retention = retention;
    }

    @Override
    public void init(final ProcessorContext<String, AttributedEvent> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // Hourly in stream time: cheap (one scan of a store that holds one row per recent event).
        context.schedule(Duration.ofHours(1), PunctuationType.STREAM_TIME, ignored -> expire());
    }

    @Override
    public void process(final Record<String, AttributedEvent> record) {
        final AttributedEvent incoming = record.value();
        if (incoming == null) {
            return;
        }
        final String group = EventIdentity.groupKey(incoming);
        final LocalDate date = incoming.getEventDate();
        if (date.isAfter(newest)) {
            newest = date;
        }
        final List<AttributedEvent> candidates = new ArrayList<>(3);
        long timestamp = record.timestamp();
        for (int d = -EventIdentity.DAY_TOLERANCE; d <= EventIdentity.DAY_TOLERANCE; d++) {
            try (KeyValueIterator<String, ValueAndTimestamp<AttributedEvent>> it =
                         store.prefixScan(key(group, date.plusDays(d), ""), KEYS)) {
                while (it.hasNext()) {
                    final ValueAndTimestamp<AttributedEvent> known = it.next().value;
                    if (known != null && known.value() != null && EventIdentity.canJoin(known.value(), incoming)) {
                        candidates.add(known.value());
                    }
                }
            }
        }
        if (candidates.isEmpty()) {
            store.put(key(incoming), ValueAndTimestamp.make(incoming, timestamp));
            context.forward(record.withKey(incoming.getEventId()));
            return;
        }
        // The earliest known event keeps its identity; candidates are in date order already. A
        // later candidate is bridged in only if its actors and sub-type agree with the merged event
        // too: an event whose actors are unknown must not pull two named attackers together.
        AttributedEvent merged = EventIdentity.merge(candidates.get(0), incoming);
        timestamp = Math.max(timestamp, store.get(key(candidates.get(0))).timestamp());
        final List<AttributedEvent> bridged = new ArrayList<>();
        for (final AttributedEvent other : candidates.subList(1, candidates.size())) {
            if (EventIdentity.mayBeOneIncident(merged, other)) {
                merged = EventIdentity.merge(merged, other);
                bridged.add(other);
                timestamp = Math.max(timestamp, store.get(key(other)).timestamp());
            }
        }
        // Everything below replaces versions stamped up to `timestamp`, so it is stamped with it.
        for (final AttributedEvent other : bridged) {
            store.delete(key(other));
            context.forward(record.withKey(other.getEventId()).<AttributedEvent>withValue(null).withTimestamp(timestamp));
        }
        store.put(key(merged), ValueAndTimestamp.make(merged, timestamp));
        context.forward(record.withKey(merged.getEventId()).withValue(merged).withTimestamp(timestamp));
    }

    private void expire() {
        if (newest.equals(LocalDate.MIN)) {
            return;
        }
        final LocalDate horizon = newest.minusDays(retention.toDays());
        final List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<AttributedEvent>> it = store.all()) {
            while (it.hasNext()) {
                final var kv = it.next();
                if (kv.value != null && kv.value.value() != null && kv.value.value().getEventDate().isBefore(horizon)) {
                    old.add(kv.key);
                }
            }
        }
        old.forEach(store::delete);
    }

    /** Store key: {@code <group>#<yyyy-mm-dd>#<ACTOR>TARGET>}; one date's events share the prefix without the actors. */
    static String key(final String group, final LocalDate date, final String actorPair) {
        return group + "#" + date + "#" + actorPair;
    }

    private static String key(final AttributedEvent e) {
        return key(EventIdentity.groupKey(e), e.getEventDate(), EventIdentity.actorPair(e));
    }
}
