package io.sitrep.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerTest {
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldDeliverRecordWhenProducedAndConsumed(final TestInfo info) throws Exception {
        final String topic = uniqueTopic(info);
        createTopic(broker.bootstrapServers(), topic);

        final RecordMetadata sent = produce(broker.bootstrapServers(), topic, "k1", "hello");

        assertThat(sent.offset()).isZero();
        assertThat(consumeAll(broker.bootstrapServers(), topic, 1))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple("k1", "hello"));
    }

    @Test
    void shouldKeepTheLogCleanersHeapBufferSmallInsteadOfKafkasDefault128MiB() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            final ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(EmbeddedKafkaBroker.NODE_ID));
            final Config config = admin.describeConfigs(List.of(node)).all().get(30, TimeUnit.SECONDS).get(node);
            assertThat(Long.parseLong(config.get("log.cleaner.dedupe.buffer.size").value()))
                    .isEqualTo(EmbeddedKafkaBroker.CLEANER_DEDUPE_BUFFER_BYTES)
                    .isLessThan(128L << 20);
        }
    }

    @Test
    void shouldFailWithClearMessageWhenPortIsTaken() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults().withPort(broker.port())))
                .isInstanceOf(PortInUseException.class)
                .hasMessage("Port " + broker.port() + " (Kafka broker) is already in use; choose another with --kafka-port");
    }

    @Test
    void shouldFailWithClearMessageWhenControllerPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(
                    EmbeddedKafkaBroker.Options.defaults().withControllerPort(taken.getLocalPort())))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("Port " + taken.getLocalPort() + " (Kafka controller) is already in use");
        }
    }

    @Test
    void shouldKeepTopicDataWhenRestartedOnPersistentDataDir(@TempDir final Path dataDir, final TestInfo info) throws Exception {
        final String topic = uniqueTopic(info);
        final EmbeddedKafkaBroker.Options options = EmbeddedKafkaBroker.Options.defaults().withDataDir(dataDir);

        final EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(options);
        try {
            createTopic(first.bootstrapServers(), topic);
            produce(first.bootstrapServers(), topic, "region", "kept");
        } finally {
            first.close();
        }
        first.close(); // idempotent: finally blocks and shutdown hooks may both close
        assertThat(dataDir.resolve("meta.properties")).exists();

        final EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(options);
        try {
            assertThat(consumeAll(second.bootstrapServers(), topic, 1))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("kept");
        } finally {
            second.close();
        }
        assertThat(Files.exists(dataDir)).as("a persistent data dir is not deleted on close").isTrue();
    }

    static String uniqueTopic(final TestInfo info) {
        return info.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime();
    }

    static void createTopic(final String bootstrap, final String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // a new topic's partition may have no leader yet: wait until its offsets can be listed
            awaitLeader(admin, new TopicPartition(topic, 0));
        }
    }

    private static void awaitLeader(final Admin admin, final TopicPartition partition) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                        .all().get(5, TimeUnit.SECONDS);
                return;
            } catch (final ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    static RecordMetadata produce(final String bootstrap, final String topic, final String key, final String value)
            throws Exception {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    static List<ConsumerRecord<String, String>> consumeAll(final String bootstrap, final String topic, final int expected) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
