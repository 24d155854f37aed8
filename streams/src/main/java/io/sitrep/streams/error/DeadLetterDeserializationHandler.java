package io.sitrep.streams.error;

import io.sitrep.schemas.avro.RejectedRecord;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a record that cannot be decoded (not Confluent wire format, unknown schema id, corrupt
 * Avro) to {@code sitrep.reports.rejected} with its coordinates and original bytes, and lets the
 * stage continue. Logs the coordinates, never the payload.
 *
 * <p>A record that could not be decoded only because the schema registry did not answer is not
 * rejected: the thread pauses and fails, to be replaced and retry ({@link RegistryOutage}). On the
 * global thread (the escalation clock) failing would stop the whole client, so there the clock
 * record is skipped after the pause: the clock is a maximum, the task's next clock record makes it good.
 */
public final class DeadLetterDeserializationHandler extends DeadLetterHandler implements DeserializationExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    public static final String REASON = "UNDECODABLE";

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        if (pausedForOutage("decoding " + record.topic() + "-" + record.partition() + "@" + record.offset(), exception)) {
            return DeadLetterConfig.onGlobalThread(context) ? Response.resume() : Response.fail();
        }
        log.warn("Undecodable record routed to the rejected topic. topic=[{}] partition=[{}] offset=[{}] reason=[{}] error=[{}]",
                record.topic(), record.partition(), record.offset(), REASON, exception.getMessage());
        final RejectedRecord rejected = RejectedRecords.fromKafka(RejectedRecords.stageOf(context.processorNodeId()),
                REASON, "Record could not be decoded: " + exception.getMessage(), exception, context, record.value());
        return Response.resume(List.of(config.toRejectedTopic(record.key(), rejected)));
    }
}
