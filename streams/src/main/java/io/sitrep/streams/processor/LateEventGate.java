package io.sitrep.streams.processor;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.internal.EventClock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Marks events whose date lies more than the grace period before the pipeline's event-time clock.
 * Such late news would rewrite figures that downstream services have long acted on, so it is
 * routed to the rejected topic with a reason instead of being counted (or silently dropped, as
 * the DSL's own grace would do). Retractions (null values) always pass.
 */
public final class LateEventGate implements FixedKeyProcessor<String, AttributedEvent, LateEventGate.Gated> {

    /** An event with the verdict and the clock it was judged against (clock is null before any event). */
    public record Gated(AttributedEvent event, boolean late, LocalDate clock) {
    }

    private final String clockStoreName;
    private final Duration grace;
    private FixedKeyProcessorContext<String, Gated> context;
    private KeyValueStore<String, EventClock> clock;

    public LateEventGate(final String clockStoreName, final Duration grace) {
        this.clockStoreName = clockStoreName;
        this.grace = grace;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Gated> context) {
        this.context = context;
        this.clock = context.getStateStore(clockStoreName);
    }

    @Override
    public void process(final FixedKeyRecord<String, AttributedEvent> record) {
        final AttributedEvent event = record.value();
        final Optional<LocalDate> now = EventTimeClock.now(clock);
        final boolean late = event != null && now.isPresent()
                && event.getEventDate().isBefore(now.get().minusDays(grace.toDays()));
        context.forward(record.withValue(new Gated(event, late, now.orElse(null))));
    }
}
