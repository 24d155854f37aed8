package io.sitrep.app;

import io.sitrep.app.cluster.LocalCluster;
import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sitrep cluster}: a multi-process cluster on one machine without Docker ({@code up}), and
 * the two roles it runs that have no other home: one KRaft node ({@code broker}) and the schema
 * registry ({@code registry}), each in its own JVM.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A local multi-process cluster: 3 KRaft brokers, the registry, ingest and streams, each its own JVM.",
        subcommands = {ClusterCommand.Up.class, ClusterCommand.Broker.class, ClusterCommand.Registry.class})
public final class ClusterCommand extends CommandGroup {
    /** {@code sitrep cluster up}: starts every process from this jar, prints where they are, stops them on Ctrl-C. */
    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Start 3 KRaft brokers (RF 3, min.insync.replicas 2), the schema registry, ingest (no auth) "
                    + "and streams instances as separate JVMs; Ctrl-C stops them all.",
                "Ports from --base-port B: ingest B, registry B+1, streams B+2.., Kafka B+10..B+12, controllers B+20..B+22."})
    static final class Up extends RoleCommand {
        @Option(names = "--base-port", defaultValue = "18080", description = "First port of the cluster (default: ${DEFAULT-VALUE}).")
        int basePort;

        @Option(names = "--data-dir", defaultValue = ".sitrep/cluster",
                description = "Broker data, streams state and process logs (default: ${DEFAULT-VALUE}); kept between runs.")
        Path dataDir;

        @Option(names = "--streams-instances", defaultValue = "2", description = "Streams instances (default: ${DEFAULT-VALUE}).")
        int streamsInstances;

        @Option(names = "--jvm-options", defaultValue = LocalCluster.Options.LEAN_JVM_OPTIONS,
                description = "Flags of every child JVM, space-separated (default: ${DEFAULT-VALUE}).")
        String jvmOptions;

        @Override
        int run(final PrintWriter out) throws Exception {
            final long started = System.nanoTime();
            out.printf("» starting 3 brokers, the registry, ingest and %d streams instance(s); logs in %s%n",
                    streamsInstances, dataDir.resolve("logs"));
            out.flush();
            final ShutdownSignal shutdown = new ShutdownSignal();
            try (LocalCluster cluster = LocalCluster.start(new LocalCluster.Options(dataDir,
                    System.getProperty("java.class.path"), basePort, streamsInstances,
                    LocalCluster.Options.jvmOptions(jvmOptions),
                    LocalCluster.Options.FAST_FAILOVER))) {
                out.printf("%nsitrep cluster is up in %.1f s%n", (System.nanoTime() - started) / 1e9);
                out.printf("  %-9s %s%n", "Kafka", cluster.bootstrapServers());
                out.printf("  %-9s %s%n", "Registry", cluster.registryUrl());
                out.printf("  %-9s %s/v1/reports   (authentication disabled)%n", "Ingest", cluster.ingestUrl());
                for (int i = 1; i <= streamsInstances; i++) {
                    out.printf("  %-9s %s/v1/regions, %s/dashboard/%n", "Streams " + i, cluster.streamsUrl(i), cluster.streamsUrl(i));
                }
                out.printf("%nTry: ./sitrep load app/src/main/resources/io/sitrep/app/sample/reports.jsonl --ingest-url %s%n",
                        cluster.ingestUrl());
                out.println("Ctrl-C stops every process (their data stays in the data folder).");
                out.flush();
                shutdown.await();
                out.println("Stopping…");
                out.flush();
            } finally {
                shutdown.closed();
            }
            return 0;
        }
    }

    /** {@code sitrep cluster broker}: one node (broker + controller) of a multi-node KRaft cluster. */
    @Command(name = "broker", mixinStandardHelpOptions = true,
            description = "Run one KRaft node (broker and controller) of a multi-node cluster on 127.0.0.1.")
    static final class Broker extends RoleCommand {
        @Option(names = "--node-id", required = true, description = "This node's id, one of --quorum-voters.")
        int nodeId;

        @Option(names = "--kafka-port", required = true, description = "PLAINTEXT listener port.")
        int port;

        @Option(names = "--controller-port", required = true, description = "KRaft controller listener port.")
        int controllerPort;

        @Option(names = "--quorum-voters", required = true, description = "id@host:port,… of every controller (controller.quorum.voters).")
        String voters;

        @Option(names = "--cluster-id", required = true, description = "The cluster id every node is formatted with (a Kafka Uuid).")
        String clusterId;

        @Option(names = "--data-dir", required = true, description = "This node's log and metadata directory (formatted when new).")
        Path dataDir;

        @Option(names = "--replication-factor", defaultValue = "3",
                description = "Replicas of new and internal topics; min.insync.replicas is one less (default: ${DEFAULT-VALUE}).")
        int replicas;

        @Override
        int run(final PrintWriter out) throws Exception {
            final String rf = String.valueOf(replicas);
            final String minIsr = String.valueOf(Math.max(1, replicas - 1));
            EmbeddedKafkaBroker.Options options = EmbeddedKafkaBroker.Options.defaults()
                    .withPort(port).withControllerPort(controllerPort).withDataDir(dataDir);
            final Map<String, String> settings = Map.ofEntries(
                    Map.entry("node.id", String.valueOf(nodeId)),
                    Map.entry("controller.quorum.voters", voters),
                    Map.entry(EmbeddedKafkaBroker.CLUSTER_ID_PROPERTY, clusterId),
                    Map.entry("default.replication.factor", rf),
                    Map.entry("min.insync.replicas", minIsr),
                    Map.entry("offsets.topic.replication.factor", rf),
                    Map.entry("transaction.state.log.replication.factor", rf),
                    Map.entry("transaction.state.log.min.isr", minIsr),
                    Map.entry("share.coordinator.state.topic.replication.factor", rf),
                    Map.entry("share.coordinator.state.topic.min.isr", minIsr),
                    // 50 partitions each (the defaults) cost seconds to create on a small machine
                    Map.entry("offsets.topic.num.partitions", "6"),
                    Map.entry("transaction.state.log.num.partitions", "6"));
            for (Map.Entry<String, String> e : settings.entrySet()) {
                options = options.withBrokerProperty(e.getKey(), e.getValue());
            }
            final EmbeddedKafkaBroker.Options startWith = options;
            return serveUntilStopped(out, () -> EmbeddedKafkaBroker.start(startWith),
                    broker -> String.format("sitrep broker %d ready on %s (controller port %d, data %s)",
                            nodeId, broker.bootstrapServers(), controllerPort, dataDir));
        }
    }

    /** {@code sitrep cluster registry}: the embedded schema registry as a process of its own. */
    @Command(name = "registry", mixinStandardHelpOptions = true, modelTransformer = ClusterOptions.BootstrapOnly.class,
            description = "Serve the Confluent-API schema registry (schemas kept in the _schemas topic) on 127.0.0.1.")
    static final class Registry extends RoleCommand {
        @Mixin
        ClusterOptions cluster;

        @Mixin
        SharedOptions.RegistryPort port;

        @Override
        int run(final PrintWriter out) throws Exception {
            return serveUntilStopped(out, () -> EmbeddedSchemaRegistry.start(cluster.bootstrapServers, port.value),
                    registry -> "sitrep registry serving " + registry.url());
        }
    }

    /** Starts a server, prints its ready line (the launcher waits for it), and closes it on SIGTERM or Ctrl-C. */
    private static <T extends AutoCloseable> int serveUntilStopped(final PrintWriter out,
            final Callable<T> start, final Function<T, String> readyLine) throws Exception {
        final ShutdownSignal shutdown = new ShutdownSignal();
        try (T server = start.call()) {
            out.println(readyLine.apply(server));
            out.flush();
            shutdown.await();
        } finally {
            shutdown.closed();
        }
        return 0;
    }
}
