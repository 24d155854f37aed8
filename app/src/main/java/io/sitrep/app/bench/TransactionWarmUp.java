package io.sitrep.app.bench;

import io.sitrep.streams.StreamsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Many small transactions straight to the broker, before anything is measured: the code that runs
 * once per produce request or per transaction (the broker's {@code ReplicaManager.appendRecords},
 * its transaction verification and producer-state checks, the transaction coordinator and its
 * markers, the group coordinator's transactional offset commits, the producer's transaction
 * manager) is invoked a few thousand times by the warm-up rounds, short of the C2 compiler's
 * thresholds, and was compiled in the measured phase instead (2.7 s of compile time in a main
 * phase: docs/PERFORMANCE.md, round 15). A pipeline running for hours has that code compiled;
 * these transactions, shaped like a stream thread's (records to several partitions, the consumed
 * offsets, then the commit), get it there in seconds.
 *
 * <p>The same holds for the code that runs once per fetch: the consumer's {@code FetchCollector} and
 * {@code CompletedFetch}, its fetch sessions, the broker's read-committed fetch ({@code
 * LocalLog.addAbortedTransactions}). A round reads a few hundred fetches, and C2 compiled those
 * methods in a measured phase instead: 2.3 of the 3.3 compiler-seconds of a main phase (round 28).
 * So a read_committed consumer per producer reads the transactions back as they commit, a fetch
 * or so per transaction.
 */
final class TransactionWarmUp {
    static final String TOPIC = "sitrep-bench-transaction-warm-up";
    private static final String GROUP = "sitrep-bench-transaction-warm-up";

    private TransactionWarmUp() {
    }

    /**
     * Runs {@code transactions} transactions in each of {@code producers} transactional producers at
     * once (or until {@code budget}), each carrying one small record per partition of a topic of
     * {@code partitions} and its offsets; returns how many were committed and how long it took.
     */
    static Map<String, Object> run(final String bootstrapServers, final int partitions, final int producers,
                                   final int transactions, final Duration budget) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) -1))).all().get(30, TimeUnit.SECONDS);
        }
        final long start = System.nanoTime();
        final long deadline = start + budget.toNanos();
        final ExecutorService pool = Executors.newFixedThreadPool(2 * producers, r -> new Thread(r, "sitrep-bench-txn-warm-up"));
        try {
            final List<Future<Integer>> done = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                final int producer = p;
                done.add(pool.submit(() -> transactions(bootstrapServers, partitions, producer, transactions, deadline)));
            }
            // -1 while the producers run; then the records committed, which each reader reads to the end
            final AtomicInteger toRead = new AtomicInteger(-1);
            final List<Future<Integer>> readers = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                readers.add(pool.submit(() -> readBack(bootstrapServers, partitions, toRead, deadline)));
            }
            int committed = 0;
            for (final Future<Integer> f : done) {
                committed += f.get();
            }
            toRead.set(committed * partitions);
            int read = 0;
            for (final Future<Integer> f : readers) {
                read += f.get();
            }
            final Map<String, Object> out = new LinkedHashMap<>();
            out.put("transactions", committed);
            out.put("recordsReadBack", read);
            out.put("seconds", BenchRun.round(BenchRun.secondsSince(start, System.nanoTime()), 1));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Reads the warm-up topic with read_committed, as the stream threads' consumers read, until the
     * producers are done ({@code toRead} set) and all {@code toRead} records are read, or a few seconds
     * past {@code deadline}; returns the records read.
     */
    private static int readBack(final String bootstrapServers, final int partitions, final AtomicInteger toRead,
                                final long deadline) {
        final Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        final long giveUp = deadline + TimeUnit.SECONDS.toNanos(10);
        int read = 0;
        try (KafkaConsumer<byte[], byte[]> in = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
            in.assign(all);
            in.seekToBeginning(all);
            while ((toRead.get() < 0 || read < toRead.get()) && System.nanoTime() < giveUp) {
                read += in.poll(Duration.ofMillis(100)).count();
            }
        }
        return read;
    }

    private static int transactions(final String bootstrapServers, final int partitions, final int producer,
                                    final int transactions, final long deadline) {
        final Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sitrep-bench-transaction-warm-up-" + producer);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // the stream threads' compression (StreamsSettings); no linger: each transaction sends at once
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, StreamsSettings.COMPRESSION_TYPE);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // a transaction begun while the last one's markers are still being written is refused as
        // concurrent and retried: after 10 ms, as the stream threads' producers retry, not 100
        config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        // and one request in flight, as theirs: a second one behind a refused first is logged as an ERROR (StreamsSettings)
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        final byte[] value = new byte[64];
        int committed = 0;
        try (KafkaProducer<byte[], byte[]> out = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            out.initTransactions();
            final ConsumerGroupMetadata group = new ConsumerGroupMetadata(GROUP + "-" + producer);
            for (int t = 0; t < transactions && System.nanoTime() < deadline; t++) {
                out.beginTransaction();
                final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (int partition = 0; partition < partitions; partition++) {
                    out.send(new ProducerRecord<>(TOPIC, partition, null, value));
                    offsets.put(new TopicPartition(TOPIC, partition), new OffsetAndMetadata(t));
                }
                out.sendOffsetsToTransaction(offsets, group);
                out.commitTransaction();
                committed++;
            }
        }
        return committed;
    }
}
