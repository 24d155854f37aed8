package io.sitrep.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.sitrep.ops.dashboard.DashboardHandler;
import io.sitrep.ops.health.CheckResult;
import io.sitrep.ops.health.Checks;
import io.sitrep.ops.health.HealthHandler;
import io.sitrep.ops.health.ReadinessCheck;
import io.sitrep.ops.lag.LagEvaluator;
import io.sitrep.ops.lag.LagHandler;
import io.sitrep.ops.lag.LagMonitor;
import io.sitrep.ops.metrics.LagMetrics;
import io.sitrep.ops.metrics.MetricsHandler;
import io.sitrep.ops.metrics.SitrepMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' endpoints of one sitrep process, mounted on its {@link HttpFront}:
 * {@code /metrics} (Prometheus), {@code /healthz}, {@code /readyz} (with reasons), and, where the
 * pipeline runs, {@code /v1/lag} and the dashboard at {@value #DASHBOARD_PATH}.
 *
 * <p>Where the pipeline runs, a {@link LagMonitor} samples the application's consumer group every
 * {@link #LAG_INTERVAL}; its verdicts feed {@code /v1/lag}, the dashboard and the lag gauges.
 * Kafka Streams client metrics are bound with Micrometer's {@link KafkaStreamsMetrics}.
 */
final class OpsService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsService.class);

    static final String DASHBOARD_PATH = DashboardHandler.PATH + "/";
    static final Duration LAG_INTERVAL = Duration.ofSeconds(5);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    private final SitrepMetrics metrics;
    private final Admin admin;
    private final List<ReadinessCheck> checks;
    private final Optional<LagMonitor> lag;
    /** What fails {@code /healthz}: where the pipeline runs, Kafka Streams in ERROR; set before {@link #mountOn}. */
    private List<ReadinessCheck> livenessChecks = List.of();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private volatile boolean stopping;

    private OpsService(final SitrepMetrics metrics, final Admin admin, final List<ReadinessCheck> checks,
                       final Optional<LagMonitor> lag) {
        this.metrics = metrics;
        this.admin = admin;
        this.checks = checks;
        this.lag = lag;
    }

    /**
     * For a process that runs the streams application (demo, {@code sitrep streams}): readiness
     * checks Kafka and the streams state ({@link StreamsHealth}: restore progress, ready through
     * rebalances once running); the registry is reported but not required, since queries do not
     * need it and a registry blip must not take every instance out of service at once. Liveness
     * fails when Kafka Streams is in ERROR. Lag is watched for the application's group.
     */
    static OpsService forPipeline(final String role, final String bootstrapServers, final Map<String, String> kafkaProperties,
                                  final String registryUrl, final String registryUserInfo, final StreamsRunner streams,
                                  final String applicationId) {
        final SitrepMetrics metrics = SitrepMetrics.create(role);
        final Admin admin = admin(bootstrapServers, kafkaProperties);
        final LagMonitor monitor;
        try {
            monitor = LagMonitor.create(bootstrapServers, kafkaProperties, LagMonitor.Selection.of(applicationId),
                    new LagEvaluator(), LAG_INTERVAL);
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            metrics.close();
            throw e;
        }
        final StreamsHealth health = streams.health();
        final List<ReadinessCheck> checks = List.of(
                Checks.kafka(admin, CHECK_TIMEOUT),
                health::readiness,
                Checks.schemaRegistry(registryUrl, registryUserInfo, CHECK_TIMEOUT).advisory());
        final OpsService ops = new OpsService(metrics, admin, checks, Optional.of(monitor));
        ops.livenessChecks = List.of(health::liveness);
        ops.bindStreams(streams);
        monitor.addListener(new LagMetrics(metrics.registry()));
        monitor.start();
        return ops;
    }

    /**
     * For an ingest-only process: readiness checks Kafka and the registry, and fails from
     * {@link #beginShutdown()} on, so that a load balancer stops sending before ingest stops; no
     * lag, no dashboard.
     */
    static OpsService forIngest(final String bootstrapServers, final Map<String, String> kafkaProperties,
                                final String registryUrl, final String registryUserInfo) {
        final SitrepMetrics metrics = SitrepMetrics.create("ingest");
        final Admin admin = admin(bootstrapServers, kafkaProperties);
        final OpsService ops = new OpsService(metrics, admin, new ArrayList<>(List.of(Checks.kafka(admin, CHECK_TIMEOUT),
                Checks.schemaRegistry(registryUrl, registryUserInfo, CHECK_TIMEOUT))), Optional.empty());
        ops.checks.add(ops::shutdownCheck);
        return ops;
    }

    /** Fails from {@link #beginShutdown()} on. */
    CheckResult shutdownCheck() {
        return stopping ? CheckResult.failed("shutdown", "shutting down: draining requests") : CheckResult.ok("shutdown", "serving");
    }

    /** From now on {@code /readyz} fails (where a shutdown check is installed: ingest). */
    void beginShutdown() {
        stopping = true;
    }

    /**
     * The stop of a process that answers requests: readiness fails first, so a load balancer
     * stops sending, then the requests in progress (and any that still arrive) get up to
     * {@code deadline} to finish. Returns whether all finished.
     */
    boolean drain(final HttpFront http, final Duration deadline) throws InterruptedException {
        beginShutdown();
        return http.drain(deadline);
    }

    private static Admin admin(final String bootstrapServers, final Map<String, String> kafkaProperties) {
        final Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "sitrep-readiness");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
        return Admin.create(props);
    }

    private void bindStreams(final StreamsRunner streams) {
        closeables.push(bindStreams(metrics.registry(), streams));
    }

    /** The streams instance's meters; returns the Kafka Streams binders, to close with the registry. */
    static AutoCloseable bindStreams(final MeterRegistry registry, final StreamsRunner streams) {
        // every Kafka Streams metric (thread process rate, e2e latency, records-lag-max, the
        // dedup/attribution sensors …) as kafka_stream_* / kafka_consumer_* / kafka_producer_*,
        // of every client (their client-id tags tell them apart)
        final List<KafkaStreamsMetrics> binders = new ArrayList<>();
        for (final KafkaStreams client : streams.clients()) {
            final KafkaStreamsMetrics binder = new KafkaStreamsMetrics(client);
            binder.bindTo(registry);
            binders.add(binder);
        }
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            Gauge.builder("sitrep.streams.state", streams, s -> s.state() == state ? 1 : 0)
                    .description("1 for the Kafka Streams client's current state").tag("state", state.name())
                    .register(registry);
        }
        Gauge.builder("sitrep.streams.restore.remaining.records", streams.health(), StreamsHealth::remainingRestoreRecords)
                .description("Records still to restore from changelogs before the restoring tasks can run").register(registry);
        Gauge.builder("sitrep.streams.alive.threads", streams, StreamsRunner::aliveThreads)
                .description("Stream threads alive in this instance").register(registry);
        FunctionCounter.builder("sitrep.dedup.duplicates.dropped", streams, StreamsRunner::duplicatesDropped)
                .description("Reports dropped by dedup as copies of one already seen").register(registry);
        return () -> binders.forEach(KafkaStreamsMetrics::close);
    }

    void mountOn(final HttpFront http) {
        final MetricsHandler scrape = new MetricsHandler(metrics.registry());
        http.mount(MetricsHandler.PATH, "GET  Prometheus metrics", scrape);
        http.mount(HealthHandler.LIVENESS_PATH, "GET  process alive" + (livenessChecks.isEmpty() ? "" : " (streams not in ERROR)"),
                HealthHandler.liveness(livenessChecks));
        http.mount(HealthHandler.READINESS_PATH, "GET  ready? " + (lag.isPresent() ? "(kafka, streams; registry shown)" : "(kafka, registry)"),
                HealthHandler.readiness(checks));
        lag.ifPresent(monitor -> {
            http.mount(LagHandler.PATH, "GET  consumer lag in records and seconds, with status", new LagHandler(monitor::latest));
            http.mount(DashboardHandler.PATH, "GET  dashboard (regions and lag)", new DashboardHandler());
        });
    }

    MeterRegistry registry() {
        return metrics.registry();
    }

    @Override
    public void close() {
        lag.ifPresent(LagMonitor::close);
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                log.warn("Error while closing metrics binder", e);
            }
        }
        admin.close(Duration.ofSeconds(2));
        metrics.close();
    }
}
