package io.sitrep.ingest.support;

import com.sun.net.httpserver.HttpServer;
import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import io.sitrep.ingest.auth.ScraperTokens;
import io.sitrep.ingest.http.IngestLimits;
import io.sitrep.ingest.http.ReportIngestHandler;
import io.sitrep.ingest.metrics.IngestMetrics;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.schemas.TopicPlan;
import io.sitrep.schemas.TopicSpec;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A real in-process broker and schema registry with the pipeline's topics, plus ingest servers
 * on random ports in front of them. One per test class ({@code @BeforeAll}).
 */
public final class IngestFixture implements AutoCloseable {

    /** Scraper ids and their (test-only) tokens. */
    public static final String SCRAPER_A = "scraper-a";
    public static final String TOKEN_A = "test-token-a-7f3c1e9b2d4a6f8e0c1b3d5f7a9e2c4b";
    public static final String SCRAPER_B = "scraper-b";
    public static final String TOKEN_B = "test-token-b-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d";

    private EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;
    private final TopicSpecs topics;
    private final List<AutoCloseable> servers = new ArrayList<>();

    private IngestFixture(final EmbeddedKafkaBroker broker) throws Exception {
        this.broker = broker;
        this.registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0);
        this.topics = TopicSpecs.create(new HttpSchemaRegistryClient(registry.url()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicPlan.ensure(admin, TopicPlan.pipelineTopics(3, (short) 1), Duration.ofSeconds(60));
        }
    }

    /** Starts broker, registry and topics. */
    public static IngestFixture start(final EmbeddedKafkaBroker.Options brokerOptions) throws Exception {
        final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerOptions);
        try {
            return new IngestFixture(broker);
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    /** Tokens for {@link #SCRAPER_A} and {@link #SCRAPER_B}, stored as hashes. */
    public static ScraperTokens tokens() {
        return ScraperTokens.parse(SCRAPER_A + "=" + ScraperTokens.hash(TOKEN_A) + "\n" + SCRAPER_B + "="
                + ScraperTokens.hash(TOKEN_B), "test");
    }

    /** A report id unique to this run, for {@code scraperReportId}. */
    public static String uniqueId(final String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public TopicSpecs topics() {
        return topics;
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    /** Stops the broker (keeping its data dir if it has a persistent one). */
    public void stopBroker() {
        broker.close();
    }

    /** Starts the broker again on the same ports and data dir. */
    public void restartBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults().withPort(broker.port())
                .withControllerPort(broker.controllerPort()).withDataDir(broker.dataDir()));
    }

    /** An ingest server on a random port; closed with the fixture. */
    public Server server(final IngestLimits limits, final ScraperTokens tokens) throws IOException {
        final ReportPublisher publisher = ReportPublisher.create(broker.bootstrapServers(),
                topics.reportsRaw().valueSerde().serializer(), topics.reportsRejected().valueSerde().serializer(),
                Map.of(org.apache.kafka.clients.producer.ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
        final ReportIngestHandler handler = new ReportIngestHandler(new ReportValidator(Clock.systemUTC(),
                code -> code.startsWith("AF-") || code.startsWith("PK-")), publisher, Clock.systemUTC(), limits, tokens,
                new IngestMetrics());
        final HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        final ExecutorService executor = Executors.newFixedThreadPool(8);
        http.setExecutor(executor);
        http.createContext(ReportIngestHandler.PATH, handler);
        http.start();
        final Server server = new Server(URI.create("http://127.0.0.1:" + http.getAddress().getPort()), handler, () -> {
            http.stop(0);
            executor.shutdownNow();
            publisher.close(Duration.ofSeconds(5));
        });
        servers.add(server);
        return server;
    }

    /**
     * Every record of {@code spec}'s topic, from the beginning to the end offsets as of this call,
     * that matches {@code filter}.
     */
    public <V> List<ConsumerRecord<String, V>> readToEnd(final TopicSpec<String, V> spec,
            final Predicate<ConsumerRecord<String, V>> filter) {
        final Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, spec.keySerde().deserializer(),
                spec.valueSerde().deserializer())) {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final PartitionInfo p : consumer.partitionsFor(spec.name(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            final List<ConsumerRecord<String, V>> matches = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + spec.name() + " to its end within 30 s");
                }
                for (final ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(record)) {
                        matches.add(record);
                    }
                }
            }
            return matches;
        }
    }

    @Override
    public void close() {
        for (final AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        registry.close();
        broker.close();
    }

    /**
     * One running ingest.
     *
     * @param baseUrl {@code http://127.0.0.1:<port>}
     * @param handler the handler, for its counters
     * @param closer  stops server and publisher
     */
    public record Server(URI baseUrl, ReportIngestHandler handler, AutoCloseable closer) implements AutoCloseable {
        /** The endpoint URI. */
        public URI endpoint() {
            return baseUrl.resolve(ReportIngestHandler.PATH);
        }

        @Override
        public void close() throws Exception {
            closer.close();
        }
    }
}
