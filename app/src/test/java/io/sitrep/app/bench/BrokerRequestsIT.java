package io.sitrep.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.app.EmbeddedCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerRequestsIT {

    @Test
    void shouldCountTheProduceRequestsTheEmbeddedBrokerAnsweredBetweenTwoSnapshots(@TempDir final Path dir) throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(0, 0, dir);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("requests.counted", 1, (short) 1))).all().get();
            final Map<String, Long> before = BrokerRequests.snapshot(List.of());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 3; i++) {
                    // one at a time: each send is its own produce request
                    producer.send(new ProducerRecord<>("requests.counted", "k", "v" + i)).get();
                }
            }

            final Map<String, Long> delta = RecordsWritten.delta(before, BrokerRequests.snapshot(List.of()));

            assertThat(delta.get("Produce")).isEqualTo(3L);
            assertThat(delta).doesNotContainKey("Fetch").doesNotContainKey("producer retries");
        }
    }
}
