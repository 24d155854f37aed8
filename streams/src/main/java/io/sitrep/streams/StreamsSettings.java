package io.sitrep.streams;

import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.streams.assignment.IndexIsolatingTaskAssignor;
import io.sitrep.streams.flow.CommitWhenIdle;
import io.sitrep.streams.error.ErrorHandling;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Typed settings of the streams deployable, validated once; {@link #toProperties} is the only
 * place they become Kafka Streams properties.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param applicationId    consumer group and prefix of internal topics; instances with the same id share the work
 * @param stateDir         where RocksDB state lives; keep it across restarts to avoid restoring from changelogs
 * @param dedupHorizon     how long dedup remembers URLs and bodies (default 7 days)
 * @param streamThreads    stream threads of this instance; 0 = one per available core ({@link #DEFAULT_STREAM_THREADS})
 * @param kafkaOverrides   extra client properties passed through unchanged (security, tuning)
 * @param applicationServer this instance's query address {@code host:port}, advertised to the other
 *                          instances so any of them can route a query here; null for a lone instance
 */
public record StreamsSettings(String bootstrapServers, String applicationId, Path stateDir, Duration dedupHorizon,
                              int streamThreads, Map<String, String> kafkaOverrides, String applicationServer) {
    public static final String DEFAULT_APPLICATION_ID = "sitrep-pipeline";
    public static final Duration DEFAULT_DEDUP_HORIZON = Duration.ofDays(7);
    /** Stream threads when none are given: one per core (the stages are CPU-bound; 3 partitions allow 3). */
    public static final int DEFAULT_STREAM_THREADS = 0;
    /** Exactly-once commit interval; override with {@code --kafka-property commit.interval.ms=…}. */
    public static final int COMMIT_INTERVAL_MS = 100;
    /** Producer batch size of the stages; override with {@code --kafka-property producer.batch.size=…}. */
    public static final int PRODUCER_BATCH_BYTES = 256 * 1024;
    /** Compression of the stages' producers; override with {@code --kafka-property compression.type=…}. */
    public static final String COMPRESSION_TYPE = "lz4";

    public StreamsSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must be set");
        }
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("application id must be set");
        }
        if (dedupHorizon.isNegative() || dedupHorizon.isZero()) {
            throw new IllegalArgumentException("dedup horizon must be positive, was " + dedupHorizon);
        }
        if (streamThreads < 0) {
            throw new IllegalArgumentException("stream threads must be at least 1 (or 0 for one per core), was " + streamThreads);
        }
        if (streamThreads == DEFAULT_STREAM_THREADS) {
            streamThreads = Runtime.getRuntime().availableProcessors();
        }
        kafkaOverrides = Map.copyOf(kafkaOverrides);
    }

    /** Settings of a lone instance (no query routing between instances). */
    public StreamsSettings(final String bootstrapServers, final String applicationId, final Path stateDir,
                           final Duration dedupHorizon, final int streamThreads, final Map<String, String> kafkaOverrides) {
        this(bootstrapServers, applicationId, stateDir, dedupHorizon, streamThreads, kafkaOverrides, null);
    }

    /** The same settings, advertising {@code hostAndPort} as this instance's query address. */
    public StreamsSettings withApplicationServer(final String hostAndPort) {
        return new StreamsSettings(bootstrapServers, applicationId, stateDir, dedupHorizon, streamThreads, kafkaOverrides,
                hostAndPort);
    }

    public Properties toProperties(final SchemaRegistryClient registry) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        // a report must count once even when an instance dies mid-transaction
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // refuse to start if any store, repartition or changelog topic got a generated name:
        // a generated name changes when the topology changes, and the state behind it is lost
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        // a new application reads the reports already in the topics, not only new ones
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        if (applicationServer != null) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        // One produce request in flight: under transactions v2 the first batch of a transaction to a
        // partition can be answered CONCURRENT_TRANSACTIONS while the previous commit's markers are
        // written; a second batch already in flight then reaches a partition where this producer has
        // no state yet with a sequence other than 0, and the broker rejects it (retriably, but logged
        // as an ERROR, KAFKA-18202). With one request in flight the retry goes first. Retry soon:
        // the markers take milliseconds, the default back-off is 100 ms.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        // With one request in flight, a request carries at most one batch per partition: at the default
        // 16 KB that is 4 reports of the dedup hop per round trip. 256 KB batches cost no latency (a
        // commit flushes them; downstream reads only committed records) and cut the stage's CPU per report
        // (DedupThroughputBenchmark, docs/PERFORMANCE.md "Dedup stage": 850-956 reports per CPU-second, was 359-691).
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        // Three internal topics carry whole report bodies (the dedup repartition, the placed reports'
        // changelog, the unique reports). Uncompressed, a consumer's fetch response for one partition reached
        // its 1 MB limit, a humongous allocation for G1 on a 1 GB heap that started a concurrent cycle each
        // time. lz4: a third fewer produce requests, about half the kernel time, and in two runs of three
        // a sixth as many such cycles (docs/PERFORMANCE.md, round 12). Unprefixed, so a user's
        // compression.type still wins.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION_TYPE);
        // A report crosses five exactly-once hops (prepare → index → attribution → identity →
        // escalation → latest), and each downstream task reads a record only once the upstream
        // transaction committed: end-to-end latency is about five commit intervals. Every commit costs
        // the same whatever it carries (a flush, an offset send, markers on each partition written), and a
        // paced load pays it for few reports: at 700 reports/s offered, 50 ms kept 1.76 cores busy and
        // the latency grew to 2.6 s (p99); 100 ms, Kafka Streams' own default, took 1.37 cores, p99 697 ms,
        // and 8-24 % more reports/s from a backlog (docs/PERFORMANCE.md, round 14). It costs latency at low
        // load: p50 473 ms at 200 reports/s, against 250 (round 10).
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        // Between the intervals, a stage whose thread ran out of input commits at once (CommitWhenIdle, after
        // every source): its check runs when the thread comes back from an empty poll, so the poll blocks no longer
        // than one check period (the default, 100 ms, would hold the check as long as the interval)
        props.put(StreamsConfig.POLL_MS_CONFIG, CommitWhenIdle.pollMillis());
        // No task idling: every task reads one partition (PipelineTopologyDescriptionTest), so there is no
        // second input to wait for and no order between inputs to keep. Kafka Streams 4.4 otherwise formats
        // a log line (String.format) for each task without buffered records, on every pass of the processing
        // loop, whether or not it is logged: 2.3 % of the stream threads' samples in the bench (round 27).
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // the dedup index task does about as much work as all the others: with two or more instances it gets
        // one of its own, instead of Kafka Streams' balance by task count (docs/PERFORMANCE.md, round 7), and
        // with two of one thread it shares the prepare tasks with the other (round 19)
        props.put(StreamsConfig.TASK_ASSIGNOR_CLASS_CONFIG, IndexIsolatingTaskAssignor.class.getName());
        ErrorHandling.configure(props, registry);
        props.putAll(kafkaOverrides);
        return props;
    }
}
