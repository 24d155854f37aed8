package io.sitrep.embedded.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import io.sitrep.schemas.registry.SchemaRegistryException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays {@code _schemas} into a {@link RegistryState}: from the beginning when opened, then
 * from where it stopped up to the last stable offset whenever asked. Only committed records are
 * read, so writes of a fenced instance (aborted) are never applied. Not thread-safe.
 */
final class SchemaLogReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchemaLogReader.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RegistryState state;
    /** Highest offset applied, by reading or because this instance wrote it. */
    private long appliedOffset = -1;

    private SchemaLogReader(final KafkaConsumer<byte[], byte[]> consumer, final RegistryState state) {
        this.consumer = consumer;
        this.state = state;
    }

    /** Reads the topic from its beginning to its end into {@code state}, and returns the reader to go on. */
    static SchemaLogReader open(final String bootstrapServers, final RegistryState state) {
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            consumer.assign(List.of(SchemasTopic.PARTITION));
            consumer.seekToBeginning(List.of(SchemasTopic.PARTITION));
            final SchemaLogReader reader = new SchemaLogReader(consumer, state);
            reader.catchUp();
            return reader;
        } catch (final RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
    }

    /** Reads the topic from where this reader stopped to its last stable offset. */
    void catchUp() {
        final Duration timeout = SchemasTopic.TIMEOUT;
        final long end = consumer.endOffsets(List.of(SchemasTopic.PARTITION), timeout).get(SchemasTopic.PARTITION);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(SchemasTopic.PARTITION, timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
                        "Could not read " + SchemasTopic.NAME + " to offset " + end + " within " + timeout);
            }
            for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                // records this instance wrote were applied when their transaction committed
                if (record.offset() > appliedOffset) {
                    apply(record.key(), record.value(), record.offset());
                    appliedOffset = record.offset();
                }
            }
        }
    }

    /** Applies a record this instance has just committed at {@code offset}, so that reading skips it. */
    void applyCommitted(final ProducerRecord<byte[], byte[]> record, final long offset) {
        apply(record.key(), record.value(), offset);
        appliedOffset = Math.max(appliedOffset, offset);
    }

    private void apply(final byte[] key, final byte[] value, final long offset) {
        try {
            SchemaLogCodec.decode(key, value, offset).ifPresent(r -> state.apply(r, offset));
        } catch (final IOException | RuntimeException e) {
            log.warn("Skipping unreadable record in {} at offset {}: {}", SchemasTopic.NAME, offset, e.toString());
        }
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }

    private static Properties consumerProps(final String bootstrapServers) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sitrep-schema-registry-reader");
        // assigned, not subscribed: no group, nothing to commit
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // writes of a fenced instance are aborted: never apply them
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        // The reader only polls to catch up with a known end offset, while an HTTP request waits:
        // don't let a fetch parked at the log end hold that request for the default 500 ms.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        return props;
    }
}
