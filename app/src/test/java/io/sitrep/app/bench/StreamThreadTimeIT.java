package io.sitrep.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.app.EmbeddedCluster;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamThreadTimeIT {
    private static final int RECORDS = 5;
    private static final long BURN_NANOS = 100_000_000L;

    @Test
    void shouldSplitAStreamThreadsPhaseIntoItsCpuAndItsTimeBlockedOnKafka(@TempDir final Path dir) throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(0, 0, dir.resolve("cluster"));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("thread.time.in", 1, (short) 1))).all().get();
            final AtomicInteger processed = new AtomicInteger();
            final StreamsBuilder builder = new StreamsBuilder();
            // each record costs 100 ms of this thread's CPU: the phase's CPU is known from below
            builder.stream("thread.time.in", Consumed.with(Serdes.String(), Serdes.String()).withName("in"))
                    .foreach((k, v) -> {
                        burnCpu();
                        processed.incrementAndGet();
                    });
            final Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "thread-time-it");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
            try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
                streams.start();
                waitFor(() -> streams.state() == KafkaStreams.State.RUNNING);
                final StreamThreadTime before = StreamThreadTime.sample(List.of(streams));
                final long start = System.nanoTime();
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                    for (int i = 0; i < RECORDS; i++) {
                        producer.send(new ProducerRecord<>("thread.time.in", "k", "v" + i)).get();
                    }
                }
                waitFor(() -> processed.get() == RECORDS);
                // and at least one committed transaction, so that the commits' time has something to show
                waitFor(() -> committedTransactions(streams) > 0);
                final double wall = (System.nanoTime() - start) / 1e9;
                final StreamThreadTime after = StreamThreadTime.sample(List.of(streams));
                final Map<String, Object> seconds = after.secondsSince(before, wall);

                assertThat(seconds).containsOnlyKeys("StreamThread-1");
                @SuppressWarnings("unchecked")
                final Map<String, Double> thread = (Map<String, Double>) seconds.get("StreamThread-1");
                assertThat(thread).containsKeys("cpu", "blocked", "txnCommit", "flush", "txnSendOffsets", "other");
                assertThat(thread.get("cpu")).isGreaterThanOrEqualTo(RECORDS * BURN_NANOS / 1e9 - 0.02);
                // the thread waited in poll for the records, sent one by one, and in its commits
                assertThat(thread.get("blocked")).isPositive();
                // a few commits of a few records can take less than the 10 ms the seconds are rounded to: read the nanoseconds
                assertThat(after.nanos("StreamThread-1", "txnCommit") - before.nanos("StreamThread-1", "txnCommit")).isPositive();
                assertThat(thread.get("txnCommit")).isLessThanOrEqualTo(thread.get("blocked"));
                // on the CPU and blocked are nearly disjoint parts of the phase (the consumer's time in socket
                // reads counts as both; rounding and the two samples' moments apart)
                assertThat(thread.get("cpu") + thread.get("blocked")).isLessThanOrEqualTo(wall * 1.1 + 0.05);
            }
        }
    }

    private static void burnCpu() {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long until = threads.getCurrentThreadCpuTime() + BURN_NANOS;
        long x = 1;
        while (threads.getCurrentThreadCpuTime() < until) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    /** Transactions the thread's producer committed, from its {@code txn-commit-time-ns-total} having moved. */
    private static double committedTransactions(final KafkaStreams streams) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals("txn-commit-time-ns-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private static void waitFor(final java.util.function.BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(20);
        }
    }
}
