package io.sitrep.ingest.support;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A {@link MockProducer} that also hands every sent record to a queue, so a test can wait for
 * "the send happened" with a deadline instead of polling or sleeping.
 */
public final class RecordingProducer<V> extends MockProducer<String, V> {

    private final BlockingQueue<ProducerRecord<String, V>> sent = new LinkedBlockingQueue<>();

    /** @param autoComplete whether sends complete at once (true) or wait for {@code completeNext}/{@code errorNext} */
    public RecordingProducer(final boolean autoComplete) {
        // values are Avro records; the mock only needs some bytes, the real serde lives in schemas
        super(autoComplete, null, new StringSerializer(), (topic, value) -> String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized Future<RecordMetadata> send(final ProducerRecord<String, V> record, final Callback callback) {
        final Future<RecordMetadata> future = super.send(record, callback);
        sent.add(record);
        return future;
    }

    /** The next record sent, waiting up to five seconds; fails the test when none comes. */
    public ProducerRecord<String, V> awaitSend() throws InterruptedException {
        final ProducerRecord<String, V> record = sent.poll(5, TimeUnit.SECONDS);
        if (record == null) {
            throw new AssertionError("no record was sent within 5 s");
        }
        return record;
    }
}
