package io.sitrep.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.app.EmbeddedCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionWarmUpIT {

    @Test
    void shouldCommitEveryTransactionWithItsRecordsAndOffsetsOnARealBroker(@TempDir final Path dir) throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(0, 0, dir);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            final Map<String, Long> before = BrokerRequests.snapshot(List.of());

            final Map<String, Object> figures = TransactionWarmUp.run(cluster.bootstrapServers(), 3, 2, 25, Duration.ofSeconds(60));

            assertThat(figures.get("transactions")).isEqualTo(50);
            // two readers, one per producer, each read every committed record: one per partition per transaction
            assertThat(figures.get("recordsReadBack")).isEqualTo(300);
            final Map<String, Long> requests = RecordsWritten.delta(before, BrokerRequests.snapshot(List.of()));
            assertThat(requests.get("EndTxn")).isGreaterThanOrEqualTo(50L);
            assertThat(requests.get("TxnOffsetCommit")).isGreaterThanOrEqualTo(50L);
            // committed, so a read_committed consumer sees them all: one record per partition per transaction
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                final List<TopicPartition> partitions = IntStream.range(0, 3)
                        .mapToObj(p -> new TopicPartition(TransactionWarmUp.TOPIC, p)).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                int records = 0;
                final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (records < 150 && System.nanoTime() < deadline) {
                    records += consumer.poll(Duration.ofMillis(200)).count();
                }
                assertThat(records).isEqualTo(150);
            }
            // each producer's last transaction committed its offsets (24, the 25th transaction's) on every partition
            final Map<TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets("sitrep-bench-transaction-warm-up-1").partitionsToOffsetAndMetadata().get();
            assertThat(offsets).hasSize(3);
            assertThat(offsets.values()).allSatisfy(o -> assertThat(o.offset()).isEqualTo(24L));
        }
    }
}
