package io.sitrep.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.app.cluster.ApplicationLag;
import io.sitrep.schemas.avro.RegionEscalation;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Helpers shared by the end-to-end tests, whichever cluster they run against. */
public final class EndToEndSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EndToEndSupport() {
    }

    /** A report in the ingest JSON format from the scraper {@code e2e-scraper}. */
    public static String report(final String outlet, final String url, final String headline, final String body) {
        return JSON.createObjectNode()
                .put("scraperId", "e2e-scraper")
                .put("sourceOutlet", outlet)
                .put("url", url)
                .put("publishedAt", "2026-02-27T08:00:00Z")
                .put("fetchedAt", "2026-02-27T08:05:00Z")
                .put("headline", headline)
                .put("body", body)
                .toString();
    }

    /** Regions with at least one counted event, and their totals. */
    public static Map<String, Long> totals(final Map<String, RegionEscalation> latest) {
        final Map<String, Long> totals = new HashMap<>();
        latest.forEach((region, figures) -> {
            if (figures.getTotalEvents() > 0) {
                totals.put(region, figures.getTotalEvents());
            }
        });
        return totals;
    }

    /**
     * Waits (up to 90 s) until {@code applicationId} has consumed every record of every topic it
     * reads, internal ones included; returns the records left (0 when it got there).
     */
    public static long awaitCaughtUp(final String bootstrapServers, final String applicationId) throws InterruptedException {
        return new ApplicationLag(bootstrapServers, Map.of()).awaitZero(applicationId, Duration.ofSeconds(90));
    }

    /** The latest value per key of a topic, read from the start to its current end (committed records only). */
    public static <V> Map<String, V> latestByKey(final String bootstrapServers, final String topic, final Deserializer<V> values) {
        final Map<String, V> latest = new HashMap<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(readCommitted(bootstrapServers, topic), new StringDeserializer(), values)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
            }
        }
        return latest;
    }

    private static Properties readCommitted(final String bootstrapServers, final String topic) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // only what the pipeline committed: EOS output is transactional
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    /** Reads a topic from the start (committed records only) until {@code done} accepts a record or 90 s pass. */
    public static <V> void readUntil(final String bootstrapServers, final String topic, final Deserializer<V> values,
                                     final Predicate<ConsumerRecord<String, V>> done) {
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(readCommitted(bootstrapServers, topic), new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (done.test(record)) {
                        return;
                    }
                }
            }
        }
    }
}
