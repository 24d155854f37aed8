package io.sitrep.ingest.publish;

import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RejectedRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes accepted reports to {@value Topics#REPORTS_RAW} and ingest refusals to
 * {@value Topics#REPORTS_REJECTED}. The one place where ingest talks to Kafka.
 *
 * <p>Guarantee: a future returned by {@link #publish} completes normally only after every in-sync
 * replica has the record ({@code acks=all}); with {@code enable.idempotence=true} the producer's
 * own retries never duplicate it. A future that fails or is abandoned means "not known to be
 * stored": the record may still land later (the producer keeps retrying until
 * {@code delivery.timeout.ms}), which is harmless because a resend has the same report id and the
 * dedup stage drops it.
 *
 * <p>Two producers, one per value type, so each keeps a typed {@link Serializer} (the
 * wire-format serde from {@code schemas}) and a backlog of rejections can never delay reports in
 * the same batch. The record timestamp is the send time, not {@code publishedAt}: back-dated
 * timestamps would fall behind topic retention and window grace downstream.
 *
 * <p>Futures complete on the producer's I/O thread: callers must not block in dependent stages
 * ({@code thenApply} etc.); use {@code get} with a timeout or the {@code *Async} variants.
 * Thread-safe (Kafka producers are). This class owns the producers and closes them.
 */
public final class ReportPublisher implements AutoCloseable {

    /** {@code delivery.timeout.ms} default: upper bound on retries for one record. */
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    /** {@code batch.size} default, as the stream stages' producers have it. */
    public static final int BATCH_BYTES = 256 * 1024;
    /** How long a batch waits for more reports before it is sent. */
    public static final int LINGER_MS = 20;
    /** How long {@link #close()} waits for records still in flight. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(ReportPublisher.class);

    private final Producer<String, RawReport> reports;
    private final Producer<String, RejectedRecord> rejections;

    /**
     * Wraps ready producers, for tests ({@code MockProducer}) or callers that build their own.
     * The producers must be configured for {@code acks=all} and idempotence by the caller.
     */
    public ReportPublisher(final Producer<String, RawReport> reports, final Producer<String, RejectedRecord> rejections) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.rejections = Objects.requireNonNull(rejections, "rejections");
    }

    /**
     * Builds a publisher with two real {@link KafkaProducer}s.
     *
     * <p>Defaults: {@code acks=all}, {@code enable.idempotence=true}, {@code compression.type=lz4},
     * {@code batch.size=262144}, {@code linger.ms=20}, {@code request.timeout.ms=15000},
     * {@code delivery.timeout.ms=30000},
     * {@code max.block.ms=5000} (so a missing broker fails a send quickly instead of blocking an
     * HTTP thread for the default 60 s). {@code extraProperties} (security, tuning) override the
     * defaults, except {@code acks} and {@code enable.idempotence}: weakening those would break
     * the "202 means stored" promise, so trying to is an error. A given {@code client.id} gets the
     * suffixes {@code -reports} and {@code -rejected}.
     *
     * @param bootstrapServers   {@code host:port[,host:port...]}
     * @param reportSerializer   value serializer for {@link RawReport} (Confluent wire format)
     * @param rejectedSerializer value serializer for {@link RejectedRecord}
     * @param extraProperties    more producer properties; may be empty
     * @throws IllegalArgumentException when {@code extraProperties} weakens acks or idempotence
     */
    public static ReportPublisher create(final String bootstrapServers, final Serializer<RawReport> reportSerializer,
            final Serializer<RejectedRecord> rejectedSerializer, final Map<String, ?> extraProperties) {
        final Map<String, Object> base = producerConfig(bootstrapServers, extraProperties);
        final String clientId = String.valueOf(base.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "sitrep-ingest"));
        final Map<String, Object> reportConfig = new HashMap<>(base);
        reportConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-reports");
        final Map<String, Object> rejectedConfig = new HashMap<>(base);
        rejectedConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-rejected");

        final KafkaProducer<String, RawReport> reports =
                new KafkaProducer<>(reportConfig, new StringSerializer(), reportSerializer);
        final KafkaProducer<String, RejectedRecord> rejections;
        try {
            rejections = new KafkaProducer<>(rejectedConfig, new StringSerializer(), rejectedSerializer);
        } catch (RuntimeException e) {
            reports.close(Duration.ZERO);
            throw e;
        }
        log.info("Ingest publisher started: bootstrap={} topics={},{}", bootstrapServers, Topics.REPORTS_RAW,
                Topics.REPORTS_REJECTED);
        return new ReportPublisher(reports, rejections);
    }

    /**
     * The producer configuration {@link #create} uses, without serializers; visible for tests and
     * for the app's config dump.
     */
    public static Map<String, Object> producerConfig(final String bootstrapServers, final Map<String, ?> extraProperties) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        final Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // a report is 2-6 KB: at the producer's 16 KB default a batch holds two or three, and each
        // batch costs its own lz4 buffers (128 KB) and a share of a produce request
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        // A batch forms for up to 20 ms: a report then waits that long for its 202, a small share of the
        // half second it takes through the pipeline, and a steady stream of reports reaches the broker in a
        // quarter as many produce requests as at 5 ms (each one broker work, a producer round trip and a
        // wake-up of the stream thread that reads the raw reports; docs/PERFORMANCE.md, round 24)
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        // delivery.timeout.ms must be >= linger.ms + request.timeout.ms (producer rejects it otherwise)
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DEFAULT_DELIVERY_TIMEOUT.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        if (extraProperties != null) {
            config.putAll(extraProperties);
        }
        requireUnchanged(config, ProducerConfig.ACKS_CONFIG, "all", "-1");
        requireUnchanged(config, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    private static void requireUnchanged(final Map<String, Object> config, final String key, final String... allowed) {
        final Object value = config.get(key);
        if (value == null) {
            return;
        }
        for (final String ok : allowed) {
            if (ok.equalsIgnoreCase(String.valueOf(value))) {
                return;
            }
        }
        throw new IllegalArgumentException(key + "=" + value + " is not allowed for ingest: it must stay " + allowed[0]);
    }

    /**
     * Sends a validated report to {@value Topics#REPORTS_RAW}, key = {@code reportId}.
     *
     * @return completes with the record's partition and offset once the broker acknowledged it
     *         with {@code acks=all}; completes exceptionally when the send failed (also when it
     *         failed synchronously, e.g. serialization or {@code max.block.ms} exceeded)
     */
    public CompletableFuture<RecordMetadata> publish(final RawReport report) {
        Objects.requireNonNull(report, "report");
        return send(reports, new ProducerRecord<>(Topics.REPORTS_RAW, report.getReportId(), report));
    }

    /**
     * Sends a refusal to {@value Topics#REPORTS_REJECTED}, key = report id, else scraper id, else
     * {@code null} (round-robin partition; nothing to keep in order then).
     *
     * @return completes when the broker acknowledged the record, exceptionally when the send failed
     */
    public CompletableFuture<RecordMetadata> reject(final RejectedRecord rejected) {
        Objects.requireNonNull(rejected, "rejected");
        final String key = rejected.getReportId() != null ? rejected.getReportId() : rejected.getScraperId();
        return send(rejections, new ProducerRecord<>(Topics.REPORTS_REJECTED, key, rejected));
    }

    private static <V> CompletableFuture<RecordMetadata> send(final Producer<String, V> producer,
            final ProducerRecord<String, V> record) {
        final CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception != null) {
                    result.completeExceptionally(exception);
                } else {
                    result.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            // serialization errors, a closed producer or max.block.ms throw instead of calling back
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Sends everything buffered now and waits for the acknowledgements (or failures). */
    public void flush() {
        reports.flush();
        rejections.flush();
    }

    /** Closes both producers, waiting up to {@link #CLOSE_TIMEOUT} for records in flight. */
    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }

    /** Closes both producers, waiting up to {@code timeout} each for records in flight. */
    public void close(final Duration timeout) {
        try {
            reports.close(timeout);
        } finally {
            rejections.close(timeout);
        }
        log.info("Ingest publisher closed");
    }
}
