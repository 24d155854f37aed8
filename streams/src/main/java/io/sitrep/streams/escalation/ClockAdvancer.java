package io.sitrep.streams.escalation;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.internal.EventClock;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Publishes this task's latest event date to the clock topic whenever it moves forward (key = the
 * task id), so that every instance's global clock store learns it.
 */
public final class ClockAdvancer implements Processor<String, AttributedEvent, String, EventClock> {
    private final String globalStoreName;
    private ProcessorContext<String, EventClock> context;
    private String taskKey;
    private LocalDate published;

    public ClockAdvancer(final String globalStoreName) {
        this.globalStoreName = globalStoreName;
    }

    @Override
    public void init(final ProcessorContext<String, EventClock> context) {
        this.context = context;
        this.taskKey = taskKey(context.taskId());
        final KeyValueStore<String, EventClock> global = context.getStateStore(globalStoreName);
        final EventClock known = global.get(taskKey);
        this.published = known == null ? null : known.getDay();
    }

    /** The clock topic's key for one task. */
    public static String taskKey(final TaskId taskId) {
        return "task-" + taskId;
    }

    @Override
    public void process(final Record<String, AttributedEvent> record) {
        if (record.value() == null) {
            return;
        }
        final LocalDate day = record.value().getEventDate();
        if (published == null || day.isAfter(published)) {
            published = day;
            context.forward(record.withKey(taskKey).withValue(new EventClock(day, Instant.now())));
        }
    }
}
