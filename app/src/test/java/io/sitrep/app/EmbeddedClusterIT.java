package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedClusterIT {

    @Test
    void shouldLeaveOnlyTheRegisteredSchemasWhenCleared(@TempDir final Path dir) throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(0, 0, dir);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("bench.one", 2, (short) 1), new NewTopic("bench.two", 1, (short) 1))).all().get();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("bench.one", 0, "k", "v")).get();
            }
            final TopicPartition partition = new TopicPartition("bench.one", 0);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "bench-group"), new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(1)));
            }
            final HttpClient http = HttpClient.newHttpClient();
            final HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(cluster.registryUrl()
                    + "/subjects/bench.one-value/versions")).header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).isEqualTo(200);

            cluster.clear(Duration.ofSeconds(30));

            assertThat(admin.listTopics().names().get()).containsExactly(EmbeddedSchemaRegistry.TOPIC);
            assertThat(admin.listConsumerGroups().all().get()).isEmpty();
            final HttpResponse<String> subjects = http.send(HttpRequest.newBuilder(URI.create(cluster.registryUrl() + "/subjects"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.body()).contains("bench.one-value");
            // a topic of the old name starts empty
            admin.createTopics(List.of(new NewTopic("bench.one", 2, (short) 1))).all().get();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
                assertThat(consumer.endOffsets(Set.of(partition))).containsEntry(partition, 0L);
            }
        }
    }
}
