package io.sitrep.app.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.app.Closing;
import io.sitrep.app.SitrepCommand;
import io.sitrep.app.bench.SyntheticReports;
import io.sitrep.app.cluster.ChildProcess;
import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.TopicPlan;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a Kafka Streams instance in the middle of a load: the instance runs as a separate JVM
 * ({@code sitrep streams}, the class path of this test), is killed with SIGKILL while reports are
 * still arriving and while it is processing, and is started again on the same state folder. The
 * final escalation figures must equal the generator's expected figures exactly: nothing lost,
 * nothing counted twice (exactly_once_v2).
 */
@Tag("integration")
@Timeout(360)
class StreamsKillAndRestartIT {
    private static final int REPORTS = 2_400;
    private static final int REGIONS = 12;

    @TempDir
    Path dir;
    private EmbeddedKafkaBroker broker;
    private EmbeddedSchemaRegistry registry;
    private final List<ChildProcess> processes = new ArrayList<>();

    @BeforeEach
    void startCluster() throws Exception {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults().withPort(0).withDataDir(dir.resolve("kafka")));
        registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicPlan.ensure(admin, TopicPlan.pipelineTopics(3, (short) 1), Duration.ofSeconds(30));
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        processes.forEach(p -> p.awaitExit(Duration.ZERO));
        Closing.closeAll(registry, broker);
    }

    @Test
    void shouldCountEveryEventExactlyOnceWhenAStreamsInstanceIsKilledMidLoadAndRestarted() throws Exception {
        final var options = new SyntheticReports.Options(REPORTS, 0.1, 0.2, REGIONS, 11L, 0L, LocalDate.now());
        final List<SyntheticReports.Report> reports = SyntheticReports.all(options);
        final long incidents = reports.stream().filter(r -> r.kind() == SyntheticReports.Kind.NEW).count();
        final Map<String, Long> expected = SyntheticReports.expectedEvents(0, incidents, REGIONS);
        final HttpSchemaRegistryClient registryClient = new HttpSchemaRegistryClient(registry.url());
        final TopicSpecs topics = TopicSpecs.create(registryClient);
        final ReportValidator validator = new ReportValidator(Clock.systemUTC(), Gazetteer.loadDefault()::isKnownCode);

        ChildProcess streams = startStreams("first");
        try (ReportPublisher publisher = ReportPublisher.create(broker.bootstrapServers(),
                topics.reportsRaw().valueSerde().serializer(), topics.reportsRejected().valueSerde().serializer(), Map.of())) {
            // a third of the load, then wait until the instance has visibly counted some of it
            final int third = REPORTS / 3;
            publish(publisher, validator, reports.subList(0, third));
            FaultSupport.readUntil(broker.bootstrapServers(), Topics.ESCALATION_LATEST,
                    seen -> FaultSupport.totals(seen, registryClient).values().stream().mapToLong(Long::longValue).sum() >= 50,
                    Duration.ofSeconds(60));
            // the rest arrives while the instance dies
            final CompletableFuture<Void> rest = CompletableFuture.runAsync(() ->
                    publish(publisher, validator, reports.subList(third, REPORTS)));
            assertThat(streams.kill()).as("SIGKILL").isEqualTo(137);
            rest.get(60, TimeUnit.SECONDS);
            final Map<String, Long> atKill = FaultSupport.awaitTotals(broker.bootstrapServers(), registryClient, expected,
                    Duration.ofSeconds(2));
            assertThat(atKill).as("the kill happened before the instance had counted everything").isNotEqualTo(expected);

            streams = startStreams("restarted");
            final Map<String, Long> totals = FaultSupport.awaitTotals(broker.bootstrapServers(), registryClient, expected,
                    Duration.ofSeconds(120));
            assertThat(totals).isEqualTo(expected);
            // and nothing changes once every topic of the application has been consumed: no event counted twice
            assertThat(FaultSupport.totalsAfterLagZero(broker.bootstrapServers(), registryClient)).isEqualTo(expected);
        }
    }

    private static void publish(final ReportPublisher publisher, final ReportValidator validator,
                                final List<SyntheticReports.Report> reports) {
        final List<CompletableFuture<?>> sent = new ArrayList<>();
        for (SyntheticReports.Report r : reports) {
            final ValidationResult v = validator.validate(r.json().getBytes(StandardCharsets.UTF_8));
            sent.add(publisher.publish(((ValidationResult.Valid) v).report()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    /** Starts {@code sitrep streams} in its own JVM on this test's class path; waits until it is ready. */
    private ChildProcess startStreams(final String name) throws IOException, InterruptedException {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        final List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), SitrepCommand.class.getName(), "streams",
                "--bootstrap-servers", broker.bootstrapServers(), "--schema-registry-url", registry.url(),
                "--auto-register-schemas", "--state-dir", dir.resolve("state").toString(), "--http-port", String.valueOf(port),
                // the killed member never leaves the group: let the coordinator drop it after 6 s, not 45 s
                "--kafka-property", "session.timeout.ms=6000", "--kafka-property", "heartbeat.interval.ms=1500");
        final ChildProcess p = new ChildProcess("streams-" + name, command, dir.resolve("streams-" + name + ".log"),
                "sitrep streams started", URI.create("http://127.0.0.1:" + port + "/readyz"));
        processes.add(p);
        p.start();
        p.awaitReady(Duration.ofSeconds(90));
        return p;
    }
}
