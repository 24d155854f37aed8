package io.sitrep.streams.error;

import io.sitrep.schemas.avro.RejectedRecord;
import java.util.List;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bug while processing one record must not stop the pipeline: the record goes to the rejected
 * topic (reason PROCESSING_ERROR, with the source record's raw bytes) and processing continues.
 * Alert on the rate of these; each one is a defect to fix. A failure caused by the schema registry
 * not answering (a store or a sink looking a schema up) is no defect of the record: the thread
 * pauses and fails instead, to be replaced and retry ({@link RegistryOutage}).
 */
public final class DeadLetterProcessingHandler extends DeadLetterHandler implements ProcessingExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    public static final String REASON = "PROCESSING_ERROR";

    @Override
    public Response handleError(final ErrorHandlerContext context, final Record<?, ?> record, final Exception exception) {
        if (pausedForOutage("processing in " + context.processorNodeId(), exception)) {
            return DeadLetterConfig.onGlobalThread(context) ? Response.resume() : Response.fail();
        }
        log.warn("Processing failed; record routed to the rejected topic. processor=[{}] topic=[{}] partition=[{}] offset=[{}]",
                context.processorNodeId(), context.topic(), context.partition(), context.offset(), exception);
        final RejectedRecord rejected = RejectedRecords.fromKafka(RejectedRecords.stageOf(context.processorNodeId()),
                REASON, "Processor " + context.processorNodeId() + " failed: " + exception, exception, context,
                context.sourceRawValue());
        return Response.resume(List.of(config.toRejectedTopic(context.sourceRawKey(), rejected)));
    }
}
