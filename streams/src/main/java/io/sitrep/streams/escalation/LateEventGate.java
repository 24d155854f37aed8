package io.sitrep.streams.escalation;

import io.sitrep.schemas.avro.AttributedEvent;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Marks late news: an event reported more than the grace period after the day it happened (the
 * report's publish date minus the event date). Such news would rewrite figures that downstream
 * services have long acted on, so it is routed to the rejected topic with a reason instead of
 * being counted (or silently dropped, as the DSL's own grace would do). Retractions pass.
 *
 * <p>Why the publish time and not a processing clock: whether news is late is then a property of
 * the report itself. A clock of the latest event date seen (Kafka's stream-time idea) makes the
 * verdict depend on processing order; when a backlog is caught up, upstream tasks interleave their
 * output and such a clock jumps weeks ahead, rejecting in-order news. With the publish time a
 * backfill of old reports gives exactly the figures live arrival gave.
 */
public final class LateEventGate implements FixedKeyProcessor<String, AttributedEvent, LateEventGate.Gated> {

    /** An event with the verdict and the publish date it was judged by (null for retractions). */
    public record Gated(AttributedEvent event, boolean late, LocalDate reportedOn) {
    }

    private final Duration grace;
    private FixedKeyProcessorContext<String, Gated> context;

    public LateEventGate(final Duration grace) {
        this.grace = grace;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Gated> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<String, AttributedEvent> record) {
        final AttributedEvent event = record.value();
        if (event == null) {
            context.forward(record.withValue(new Gated(null, false, null)));
            return;
        }
        final LocalDate reportedOn = event.getPublishedAt().atZone(ZoneOffset.UTC).toLocalDate();
        final boolean late = event.getEventDate().isBefore(reportedOn.minusDays(grace.toDays()));
        context.forward(record.withValue(new Gated(event, late, reportedOn)));
    }
}
