package io.sitrep.streams.error;

import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import java.time.Instant;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/** The rejected-record envelope of a Kafka record a stream stage refused (sizes: {@link io.sitrep.schemas.RejectedRecords}). */
public final class RejectedRecords {
    private RejectedRecords() {
    }

    /** An envelope carrying the source coordinates and the original bytes of a Kafka record. */
    public static RejectedRecord fromKafka(final Stage stage, final String reasonCode, final String message,
                                           final Exception error, final ErrorHandlerContext context, final byte[] original) {
        return io.sitrep.schemas.RejectedRecords.withBytes(
                        io.sitrep.schemas.RejectedRecords.envelope(stage, reasonCode, message, Instant.now()), original)
                .setErrorClass(error == null ? null : error.getClass().getName())
                .setSourceTopic(context.topic())
                .setSourcePartition(context.partition())
                .setSourceOffset(context.offset())
                .setSourceTimestamp(context.timestamp() >= 0 ? Instant.ofEpochMilli(context.timestamp()) : null)
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
