package io.sitrep.embedded.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-writer protocol of {@code _schemas}. Every write is a Kafka transaction of a producer
 * whose {@code transactional.id} is shared by all registry instances of a cluster. A write first
 * reads the topic to its end and only then decides, and its commit succeeds only if no other
 * instance has initialised the same transactional id since this one did: Kafka fences the older
 * producer. So an id or version is only ever decided on a complete view of the log; a fenced
 * instance re-initialises (fencing the other in turn), re-reads and decides again (the reasoning:
 * docs/adr/schema-registry-single-writer.md). Not thread-safe (the store serializes access).
 */
final class FencedSchemaWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FencedSchemaWriter.class);

    /** Shared by every instance on a cluster: that sharing is what makes Kafka fence concurrent writers. */
    static final String DEFAULT_TRANSACTIONAL_ID = "sitrep-schema-registry";
    private static final int WRITE_ATTEMPTS = 8;

    private final String bootstrapServers;
    private final String transactionalId;
    private final SchemaLogReader reader;
    /** Created and initialised on the first write; replaced when fenced. */
    private KafkaProducer<byte[], byte[]> producer;
    private long writes;
    private long fencings;

    FencedSchemaWriter(final String bootstrapServers, final String transactionalId, final SchemaLogReader reader) {
        this.bootstrapServers = bootstrapServers;
        this.transactionalId = transactionalId;
        this.reader = reader;
    }

    /**
     * Runs {@code decide} on a state read to the end of the log after this instance's producer was
     * initialised, and commits what it decided in one transaction. If another instance initialised
     * the shared transactional id meanwhile, the commit is refused (fenced): start over.
     */
    <R> R write(final Supplier<WritePlan<R>> decide) {
        KafkaException last = null;
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try {
                if (producer == null) {
                    // Most writes repeat a registration (every serde registers on start): answer those
                    // without taking the writer role, which would fence another instance for nothing.
                    reader.catchUp();
                    final WritePlan<R> answer = decide.get();
                    if (answer.records().isEmpty()) {
                        return answer.result();
                    }
                    ensureProducer();
                }
                // decide again: only a state read after our producer was initialised is safe to write on
                reader.catchUp();
                final WritePlan<R> plan = decide.get();
                if (plan.records().isEmpty()) {
                    return plan.result();
                }
                producer.beginTransaction();
                final List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (final ProducerRecord<byte[], byte[]> record : plan.records()) {
                    sent.add(producer.send(record));
                }
                producer.commitTransaction();
                writes++;
                for (int i = 0; i < sent.size(); i++) {
                    reader.applyCommitted(plan.records().get(i), sent.get(i).get().offset());
                }
                return plan.result();
            } catch (final KafkaException e) {
                closeProducer(Duration.ZERO);
                if (!fenced(e)) {
                    throw RegistryErrors.storeError("Could not write to " + SchemasTopic.NAME, e);
                }
                fencings++;
                last = e;
                log.info("Another schema registry instance wrote to {} (attempt {}: {}); re-reading and retrying",
                        SchemasTopic.NAME, attempt, e.toString());
                pauseBeforeRetry(attempt);
            } catch (final ExecutionException e) {
                closeProducer(Duration.ZERO);
                throw RegistryErrors.storeError("Could not write to " + SchemasTopic.NAME, e);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                closeProducer(Duration.ZERO);
                throw RegistryErrors.storeError("Interrupted while writing to " + SchemasTopic.NAME, e);
            }
        }
        throw RegistryErrors.storeError("Could not become the writer of " + SchemasTopic.NAME + " in " + WRITE_ATTEMPTS
                + " attempts", last);
    }

    /** Committed writes of this instance, and how often another instance fenced it. */
    long[] stats() {
        return new long[] {writes, fencings};
    }

    @Override
    public void close() {
        closeProducer(Duration.ofSeconds(5));
    }

    private void ensureProducer() {
        if (producer == null) {
            final KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(producerProps(bootstrapServers, transactionalId),
                    new ByteArraySerializer(), new ByteArraySerializer());
            try {
                // fences every other producer with this transactional id and completes or aborts its open transaction
                created.initTransactions();
            } catch (final RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
    }

    private void closeProducer(final Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } finally {
                producer = null;
            }
        }
    }

    private static boolean fenced(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof TransactionAbortableException) {
                return true;
            }
        }
        return false;
    }

    private static void pauseBeforeRetry(final int attempt) {
        // two instances writing at once fence each other in turn; a random pause lets one finish
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 6));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.storeError("Interrupted while retrying a write to " + SchemasTopic.NAME, e);
        }
    }

    private static Properties producerProps(final String bootstrapServers, final String transactionalId) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "sitrep-schema-registry-writer");
        // the same id in every instance: initialising it fences whichever instance wrote before
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        // an id is handed out only once its record is committed on all in-sync replicas
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // an instance that dies mid-write must not hold back readers' last stable offset for long
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return props;
    }
}
