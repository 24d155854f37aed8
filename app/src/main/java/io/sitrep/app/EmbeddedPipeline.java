package io.sitrep.app;

import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import io.sitrep.schemas.TopicPlan;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM on the embedded default: a real single-node KRaft broker, the
 * embedded schema registry, the pipeline's topics, the streams application, and the HTTP front
 * with ingest and queries. Used by {@code sitrep demo} and by the end-to-end tests.
 * Everything started is closed, in reverse order, by {@link #close()}.
 */
public final class EmbeddedPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPipeline.class);

    /**
     * @param kafkaPort    broker port (0 = any free port)
     * @param registryPort schema registry port (0 = any free port)
     * @param httpPort     ingest and query port (0 = any free port)
     * @param dataDir      broker data and streams state live below this folder
     * @param partitions   partitions of each pipeline topic
     * @param dedupHorizon how long dedup remembers a story (the benchmark shortens it to show flat state)
     * @param streamsOverrides extra Kafka Streams properties (e.g. {@code num.stream.threads}), may be empty
     */
    public record Options(int kafkaPort, int registryPort, int httpPort, Path dataDir, int partitions,
                          Duration dedupHorizon, Map<String, String> streamsOverrides) {
        public Options {
            streamsOverrides = Map.copyOf(streamsOverrides);
        }

        /** The demo's options: default dedup horizon, no overrides. */
        public Options(final int kafkaPort, final int registryPort, final int httpPort, final Path dataDir, final int partitions) {
            this(kafkaPort, registryPort, httpPort, dataDir, partitions, StreamsSettings.DEFAULT_DEDUP_HORIZON, Map.of());
        }
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EmbeddedKafkaBroker broker;
    private EmbeddedSchemaRegistry registry;
    private TopicSpecs topics;
    private StreamsRunner streams;
    private IngestService ingest;
    private HttpFront http;
    private Gazetteer gazetteer;
    private OpsService ops;

    private EmbeddedPipeline() {
    }

    /** Starts everything; on failure, closes what was started and rethrows. */
    public static EmbeddedPipeline start(final Options options, final Consumer<String> progress) throws Exception {
        final EmbeddedPipeline pipeline = new EmbeddedPipeline();
        try {
            pipeline.startAll(options, progress);
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll(final Options options, final Consumer<String> progress) throws Exception {
        progress.accept("starting Kafka broker (KRaft, in-process)…");
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults()
                .withPort(options.kafkaPort()).withDataDir(options.dataDir().resolve("kafka")));
        started.push(broker);

        progress.accept("starting schema registry…");
        registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), options.registryPort());
        started.push(registry);
        topics = TopicSpecs.create(new HttpSchemaRegistryClient(registry.url()));

        progress.accept("creating topics…");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicPlan.ensure(admin, TopicPlan.pipelineTopics(options.partitions(), (short) 1), Duration.ofSeconds(30));
        }

        gazetteer = Gazetteer.loadDefault();
        // bound before streams start: the query address is advertised to Kafka Streams
        http = HttpFront.bind(options.httpPort());
        started.push(http);
        progress.accept("starting streams (dedup, attribute, aggregate)…");
        streams = new StreamsRunner(new StreamsSettings(broker.bootstrapServers(), StreamsSettings.DEFAULT_APPLICATION_ID,
                options.dataDir().resolve("streams"), options.dedupHorizon(), StreamsSettings.DEFAULT_STREAM_THREADS,
                options.streamsOverrides())
                .withApplicationServer("localhost:" + http.port()), topics, gazetteer);
        started.push(streams);
        streams.start(Duration.ofSeconds(60));

        progress.accept("starting HTTP (ingest, queries)…");
        // ops first: its registry serves /metrics, and ingest's meters go there too
        ops = OpsService.forPipeline("demo", broker.bootstrapServers(), Map.of(), registry.url(), null, streams,
                StreamsSettings.DEFAULT_APPLICATION_ID);
        started.push(ops);
        ingest = IngestService.create(broker.bootstrapServers(), topics, gazetteer::isKnownCode, Map.of(), ops.registry());
        started.push(ingest);
        ingest.mountOn(http);
        QueryService.mountOn(http, streams);
        ops.mountOn(http);
        http.start();
        log.info("Pipeline up: kafka={} registry={} http={}", broker.bootstrapServers(), registry.url(), http.baseUrl());
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public HttpFront http() {
        return http;
    }

    public TopicSpecs topics() {
        return topics;
    }

    public StreamsRunner streams() {
        return streams;
    }

    public Gazetteer gazetteer() {
        return gazetteer;
    }

    /** The operators' dashboard of this pipeline. */
    public String dashboardUrl() {
        return http.baseUrl() + OpsService.DASHBOARD_PATH;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            final AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Error while closing {}", c.getClass().getSimpleName(), e);
            }
        }
    }
}
