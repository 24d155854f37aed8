package io.sitrep.embedded.registry;

import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

/** What a write decided: the records to commit and the answer to give once they are committed. */
record WritePlan<R>(List<ProducerRecord<byte[], byte[]>> records, R result) {
    /** Nothing to write (a repeated registration, say): answer at once. */
    static <R> WritePlan<R> answer(final R result) {
        return new WritePlan<>(List.of(), result);
    }
}
