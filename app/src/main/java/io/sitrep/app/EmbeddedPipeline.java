package io.sitrep.app;

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
     * @param dataDir      streams state lives below this folder, and the broker's data too unless the
     *                     pipeline starts on a cluster of the caller's ({@link #startOn})
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
    private EmbeddedCluster cluster;
    private TopicSpecs topics;
    private StreamsRunner streams;
    private IngestService ingest;
    private HttpFront http;
    private Gazetteer gazetteer;
    private OpsService ops;

    private EmbeddedPipeline() {
    }

    /** Starts everything, broker and registry included; on failure, closes what was started and rethrows. */
    public static EmbeddedPipeline start(final Options options, final Consumer<String> progress) throws Exception {
        return startOn(null, options, progress);
    }

    /**
     * Starts the pipeline on {@code cluster}, which it does not close (null: a broker and registry of
     * its own, from {@code options}); on failure, closes what was started and rethrows.
     */
    public static EmbeddedPipeline startOn(final EmbeddedCluster cluster, final Options options, final Consumer<String> progress)
            throws Exception {
        final EmbeddedPipeline pipeline = new EmbeddedPipeline();
        try {
            pipeline.startAll(cluster, options, progress);
            return pipeline;
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll(final EmbeddedCluster given, final Options options, final Consumer<String> progress) throws Exception {
        if (given != null) {
            cluster = given;
        } else {
            progress.accept("starting Kafka broker (KRaft, in-process) and schema registry…");
            cluster = EmbeddedCluster.start(options.kafkaPort(), options.registryPort(), options.dataDir());
            started.push(cluster);
        }
        topics = TopicSpecs.create(new HttpSchemaRegistryClient(cluster.registryUrl()));

        progress.accept("creating topics…");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            TopicPlan.ensure(admin, TopicPlan.pipelineTopics(options.partitions(), (short) 1), Duration.ofSeconds(30));
        }

        gazetteer = Gazetteer.loadDefault();
        // bound before streams start: the query address is advertised to Kafka Streams
        http = HttpFront.bind(options.httpPort());
        started.push(http);
        progress.accept("starting streams (dedup, attribute, aggregate)…");
        streams = new StreamsRunner(new StreamsSettings(cluster.bootstrapServers(), StreamsSettings.DEFAULT_APPLICATION_ID,
                options.dataDir().resolve("streams"), options.dedupHorizon(), StreamsSettings.DEFAULT_STREAM_THREADS,
                options.streamsOverrides())
                .withApplicationServer("localhost:" + http.port()), topics, gazetteer);
        started.push(streams);
        streams.start(Duration.ofSeconds(60));

        progress.accept("starting HTTP (ingest, queries)…");
        // ops first: its registry serves /metrics, and ingest's meters go there too
        ops = OpsService.forPipeline("demo", cluster.bootstrapServers(), Map.of(), cluster.registryUrl(), null, streams,
                StreamsSettings.DEFAULT_APPLICATION_ID);
        started.push(ops);
        ingest = IngestService.create(cluster.bootstrapServers(), topics, gazetteer::isKnownCode, Map.of(), ops.registry());
        started.push(ingest);
        ingest.mountOn(http);
        QueryService.mountOn(http, streams);
        ops.mountOn(http);
        http.start();
        log.info("Pipeline up: kafka={} registry={} http={}", cluster.bootstrapServers(), cluster.registryUrl(), http.baseUrl());
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public String registryUrl() {
        return cluster.registryUrl();
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
