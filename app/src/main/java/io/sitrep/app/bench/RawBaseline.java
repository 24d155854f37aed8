package io.sitrep.app.bench;

import io.sitrep.app.EmbeddedPipeline;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RawReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The ceiling of the broker for this workload: the same records (the pipeline's raw reports, same
 * bytes, same keys) produced with plain Kafka clients configured like ingest's publisher
 * ({@code acks=all}, idempotent, lz4, same batch size and linger) and consumed by a plain consumer running at the
 * same time, on a fresh topic with as many partitions as the pipeline's.
 */
final class RawBaseline {

    /**
     * @param produceSeconds first send until the last acknowledgement
     * @param endToEndSeconds first send until the last record was consumed
     */
    record Result(long records, long bytes, double produceSeconds, double endToEndSeconds) {
        double produceRate() {
            return records / produceSeconds;
        }

        double endToEndRate() {
            return records / endToEndSeconds;
        }
    }

    private RawBaseline() {
    }

    static Result run(final String bootstrapServers, final String topic, final int partitions,
                      final List<byte[][]> keyValues) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) -1))).all().get(30, TimeUnit.SECONDS);
            awaitLeaders(admin, topic, partitions);
        }
        final Map<String, Object> producerConfig = new HashMap<>(ReportPublisher.producerConfig(bootstrapServers,
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000)));
        final Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        final long total = keyValues.size();
        long bytes = 0;
        for (byte[][] kv : keyValues) {
            bytes += kv[0].length + kv[1].length;
        }
        final AtomicLong consumed = new AtomicLong();
        final AtomicLong lastConsumedNanos = new AtomicLong();
        final AtomicReference<Throwable> consumerError = new AtomicReference<>();
        final Thread reader;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            final List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            tps.forEach(consumer::position);
            reader = new Thread(() -> {
                try {
                    final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                    while (consumed.get() < total && System.nanoTime() < deadline) {
                        final ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                        if (!records.isEmpty()) {
                            consumed.addAndGet(records.count());
                            lastConsumedNanos.set(System.nanoTime());
                        }
                    }
                } catch (RuntimeException e) {
                    consumerError.set(e);
                }
            }, "sitrep-bench-baseline-consumer");
            final long start;
            final long acked;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                reader.start();
                final Semaphore inFlight = new Semaphore(50_000);
                final AtomicReference<Exception> sendError = new AtomicReference<>();
                start = System.nanoTime();
                for (byte[][] kv : keyValues) {
                    inFlight.acquire();
                    producer.send(new ProducerRecord<>(topic, kv[0], kv[1]), (m, e) -> {
                        if (e != null) {
                            sendError.compareAndSet(null, e);
                        }
                        inFlight.release();
                    });
                }
                producer.flush();
                acked = System.nanoTime();
                if (sendError.get() != null) {
                    throw new ExecutionException("baseline send failed", sendError.get());
                }
            }
            reader.join(TimeUnit.MINUTES.toMillis(6));
            if (consumerError.get() != null) {
                throw new ExecutionException("baseline consumer failed", consumerError.get());
            }
            if (consumed.get() < total) {
                throw new TimeoutException("baseline consumer read " + consumed.get() + " of " + total + " records");
            }
            return new Result(total, bytes, (acked - start) / 1e9, (lastConsumedNanos.get() - start) / 1e9);
        }
    }

    /** New topics can refuse writes until their partitions have leaders (see notes/embedded-kafka.md). */
    static void awaitLeaders(final Admin admin, final String topic, final int partitions) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                final TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                if (d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null)) {
                    return;
                }
            } catch (ExecutionException e) {
                // not known yet: try again
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new TimeoutException("partitions of " + topic + " got no leader within 30 s");
    }

    /** Measures the ceiling with the records of {@code options}, serialized by the pipeline's serde. */
    static Map<String, Object> measure(final EmbeddedPipeline pipeline, final ReportValidator validator,
                                       final ResourceSampler sampler, final SyntheticReports.Options options,
                                       final int partitions) throws Exception {
        // the baseline sends the very records the first pipeline phase will send, serialized by the pipeline's serde
        final Serializer<RawReport> serializer = pipeline.topics().reportsRaw().valueSerde().serializer();
        final List<byte[][]> records = new ArrayList<>((int) options.count());
        for (SyntheticReports it = new SyntheticReports(options); it.hasNext(); ) {
            final ValidationResult v = validator.validate(it.next().json().getBytes(StandardCharsets.UTF_8));
            final RawReport report = ((ValidationResult.Valid) v).report();
            records.add(new byte[][] {report.getReportId().getBytes(StandardCharsets.UTF_8),
                serializer.serialize(Topics.REPORTS_RAW, report)});
        }
        // a short warm-up on its own topic, so the measured run does not pay for JIT and connection set-up
        RawBaseline.run(pipeline.bootstrapServers(), "sitrep.bench.warmup", partitions,
                records.subList(0, Math.min(records.size(), 20_000)));
        final ResourceSampler.Phase phase = sampler.start();
        final RawBaseline.Result raw = RawBaseline.run(pipeline.bootstrapServers(), "sitrep.bench.baseline",
                partitions, records);
        final ResourceSampler.Usage usage = phase.stop();
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", raw.records());
        m.put("avgRecordBytes", raw.bytes() / Math.max(1, raw.records()));
        m.put("producePerSecond", BenchRun.round(raw.produceRate(), 0));
        m.put("endToEndPerSecond", BenchRun.round(raw.endToEndRate(), 0));
        m.put("endToEndSeconds", BenchRun.round(raw.endToEndSeconds(), 2));
        m.put("cpuCores", BenchRun.round(usage.cores(), 2));
        return m;
    }
}
