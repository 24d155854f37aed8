package io.sitrep.app.fault;

import io.sitrep.app.EndToEndSupport;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.serde.AvroDeserializer;
import io.sitrep.streams.StreamsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the pipeline's public outputs the way a downstream service does (read_committed). */
final class FaultSupport {
    private FaultSupport() {
    }

    /** Reads every record of {@code topic} from the start until {@code done} holds or the deadline passes. */
    static List<ConsumerRecord<String, byte[]>> readUntil(final String bootstrap, final String topic,
            final Predicate<List<ConsumerRecord<String, byte[]>>> done, final Duration timeout) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                if (done.test(seen)) {
                    break;
                }
            }
        }
        return seen;
    }

    /** Latest {@code totalEvents} per region (regions with none left out) from the escalation records read so far. */
    static Map<String, Long> totals(final List<ConsumerRecord<String, byte[]>> latest, final SchemaRegistryClient registry) {
        final AvroDeserializer<RegionEscalation> values = new AvroDeserializer<>(registry, RegionEscalation.class);
        final Map<String, Long> totals = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : latest) {
            if (r.value() != null) {
                totals.put(r.key(), values.deserialize(r.topic(), r.value()).getTotalEvents());
            }
        }
        totals.values().removeIf(v -> v == 0);
        return totals;
    }

    /** Escalation totals once they equal {@code expected}, or whatever they are when the time is up. */
    static Map<String, Long> awaitTotals(final String bootstrap, final SchemaRegistryClient registry,
                                         final Map<String, Long> expected, final Duration timeout) {
        return totals(readUntil(bootstrap, Topics.ESCALATION_LATEST,
                seen -> totals(seen, registry).equals(expected), timeout), registry);
    }

    /**
     * The per-region totals read from the start of the escalation topic once the streams
     * application has consumed every record of every topic it reads; fails when it does not get there.
     */
    static Map<String, Long> totalsAfterLagZero(final String bootstrap, final SchemaRegistryClient registry)
            throws InterruptedException {
        final long left = EndToEndSupport.awaitCaughtUp(bootstrap, StreamsSettings.DEFAULT_APPLICATION_ID);
        if (left != 0) {
            throw new AssertionError(left + " records of the application's topics still unconsumed");
        }
        return EndToEndSupport.totals(EndToEndSupport.latestByKey(bootstrap, Topics.ESCALATION_LATEST,
                new AvroDeserializer<>(registry, RegionEscalation.class)));
    }

    static List<RejectedRecord> rejected(final List<ConsumerRecord<String, byte[]>> records, final SchemaRegistryClient registry) {
        final AvroDeserializer<RejectedRecord> values = new AvroDeserializer<>(registry, RejectedRecord.class);
        return records.stream().map(r -> values.deserialize(r.topic(), r.value())).toList();
    }
}
