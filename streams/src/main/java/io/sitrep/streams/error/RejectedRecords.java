package io.sitrep.streams.error;

import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/** Builds the rejected-record envelope for something a stream stage refused. */
public final class RejectedRecords {
    /** Originals larger than this are cut (the envelope says so): the DLQ must not fail on size. */
    public static final int ORIGINAL_CAP_BYTES = 256 * 1024;

    private RejectedRecords() {
    }

    /** An envelope carrying the source coordinates and the original bytes of a Kafka record. */
    public static RejectedRecord fromKafka(final Stage stage, final String reasonCode, final String message,
                                           final Exception error, final ErrorHandlerContext context, final byte[] original) {
        final boolean truncated = original != null && original.length > ORIGINAL_CAP_BYTES;
        final byte[] kept = original == null ? null : truncated ? Arrays.copyOf(original, ORIGINAL_CAP_BYTES) : original;
        return RejectedRecord.newBuilder()
                .setStage(stage)
                .setReasonCode(reasonCode)
                .setMessage(message)
                .setErrorClass(error == null ? null : error.getClass().getName())
                .setOriginalBytes(kept == null ? null : ByteBuffer.wrap(kept))
                .setOriginalTruncated(truncated)
                .setSourceTopic(context.topic())
                .setSourcePartition(context.partition())
                .setSourceOffset(context.offset())
                .setSourceTimestamp(context.timestamp() >= 0 ? Instant.ofEpochMilli(context.timestamp()) : null)
                .setRejectedAt(Instant.now())
                .build();
    }

    /** The stage a processor belongs to, from the topology's naming convention (dedup-, attr-, esc-). */
    public static Stage stageOf(final String processorNodeId) {
        if (processorNodeId == null) {
            return Stage.UNKNOWN;
        }
        if (processorNodeId.startsWith("dedup-")) {
            return Stage.DEDUP;
        }
        if (processorNodeId.startsWith("attr-")) {
            return Stage.ATTRIBUTE;
        }
        if (processorNodeId.startsWith("esc-")) {
            return Stage.AGGREGATE;
        }
        return Stage.UNKNOWN;
    }
}
