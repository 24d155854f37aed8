package io.sitrep.app.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.app.EndToEndSupport;
import io.sitrep.app.bench.SyntheticReports;
import io.sitrep.app.cluster.LocalCluster;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline as operators run it, every part its own JVM started from {@code target/sitrep.jar}:
 * three KRaft brokers (quorum of three, RF 3, min.insync.replicas 2), the schema registry, one
 * ingest and two streams instances ({@link LocalCluster}). Reports arrive over HTTP while the
 * leader of the raw topic's first partition is killed with SIGKILL (and stays dead), and later
 * while one streams instance is killed with SIGKILL and started again. Once every topic of the
 * application (internal ones too) is consumed, the per-region counts equal the generator's
 * figures exactly, read twice: nothing lost, nothing counted twice.
 */
@Tag("integration")
@Timeout(420)
class ClusterFaultIT {
    private static final int REPORTS = 900;
    private static final int REGIONS = 12;
    private static final Path JAR = Path.of("target", "sitrep.jar");

    @TempDir
    Path dir;
    private LocalCluster cluster;

    @AfterEach
    void stop() throws IOException {
        if (cluster != null) {
            // nothing left to check: no clean shutdown (it costs 10-40 s on this machine)
            cluster.killAll();
        }
        // the processes' own logs outlive the temporary folder, for a failure in CI
        final Path kept = Path.of("target", "cluster-fault-logs");
        Files.createDirectories(kept);
        try (Stream<Path> logs = Files.list(dir.resolve("logs"))) {
            for (Path log : logs.toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void shouldCountEveryReportExactlyOnceAfterABrokerAndAStreamsInstanceAreKilledUnderLoad() throws Exception {
        assertThat(JAR).as("the shaded jar (failsafe runs after package)").exists();
        final long t0 = System.nanoTime();
        cluster = LocalCluster.start(new LocalCluster.Options(dir, JAR.toAbsolutePath().toString(), 0, 2,
                LocalCluster.Options.LEAN_JVM, LocalCluster.Options.FAST_FAILOVER));
        final long tUp = System.nanoTime();

        final List<SyntheticReports.Report> reports = SyntheticReports.all(
                new SyntheticReports.Options(REPORTS, 0.1, 0.2, REGIONS, 17L, 0L, LocalDate.now()));
        final Map<String, Long> expected = SyntheticReports.expectedEvents(0,
                reports.stream().filter(r -> r.kind() == SyntheticReports.Kind.NEW).count(), REGIONS);
        final HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(cluster.registryUrl());
        final HttpLoad load = new HttpLoad(cluster.ingestUrl());
        final int third = REPORTS / 3;

        load.post(reports.subList(0, third));
        FaultSupport.readUntil(cluster.bootstrapServers(), Topics.ESCALATION_LATEST,
                seen -> sum(FaultSupport.totals(seen, registry)) >= 30, Duration.ofSeconds(120));
        final long tFlowing = System.nanoTime();

        // broker: the leader of the raw topic's partition 0, while reports are being posted
        final String victim = "broker-" + leaderOfRawPartition0();
        final CompletableFuture<Void> second = CompletableFuture.runAsync(() -> load.post(reports.subList(third, 2 * third)));
        assertThat(cluster.kill(victim)).as("SIGKILL of " + victim).isEqualTo(137);
        final int batchesBeforeBrokerDied = load.batches();
        second.get(180, TimeUnit.SECONDS);
        final long tBrokerKilled = System.nanoTime();

        // streams instance 1, while it works through the last third
        load.post(reports.subList(2 * third, REPORTS));
        assertThat(cluster.kill("streams-1")).as("SIGKILL of streams-1").isEqualTo(137);
        final Map<String, Long> atKill = FaultSupport.awaitTotals(cluster.bootstrapServers(), registry, expected,
                Duration.ofSeconds(1));
        cluster.restart("streams-1");
        final long tRestarted = System.nanoTime();

        assertThat(FaultSupport.awaitTotals(cluster.bootstrapServers(), registry, expected, Duration.ofSeconds(180)))
                .as("per-region events").isEqualTo(expected);
        final long tExact = System.nanoTime();
        assertThat(FaultSupport.totalsAfterLagZero(cluster.bootstrapServers(), registry))
                .as("read again after lag 0 on every topic of the application").isEqualTo(expected);
        assertThat(EndToEndSupport.latestByKey(cluster.bootstrapServers(), Topics.REPORTS_REJECTED, new ByteArrayDeserializer()))
                .as("no generated report rejected").isEmpty();
        final long tDone = System.nanoTime();

        System.out.printf("cluster-fault: start=%.1fs first_counts=%.1fs broker_phase=%.1fs streams_restart=%.1fs "
                        + "exact_after_restart=%.1fs lag0_and_reread=%.1fs total=%.1fs batches=%d after_broker_kill=%d retried=%d "
                        + "killed=%s events_at_streams_kill=%d/%d%n",
                secs(t0, tUp), secs(tUp, tFlowing), secs(tFlowing, tBrokerKilled), secs(tBrokerKilled, tRestarted),
                secs(tRestarted, tExact), secs(tExact, tDone), secs(t0, tDone), load.batches(), load.batches() - batchesBeforeBrokerDied, load.retries(), victim,
                sum(atKill), sum(expected));
        assertThat(Files.readString(cluster.logOf("ingest"))).as("ingest kept running").doesNotContain("OutOfMemoryError");
    }

    private int leaderOfRawPartition0() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            return admin.describeTopics(List.of(Topics.REPORTS_RAW)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(Topics.REPORTS_RAW).partitions().get(0).leader().id();
        }
    }

    private static long sum(final Map<String, Long> totals) {
        return totals.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double secs(final long fromNanos, final long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
