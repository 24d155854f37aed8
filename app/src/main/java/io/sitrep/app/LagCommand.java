package io.sitrep.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sitrep.ops.lag.GroupVerdict;
import io.sitrep.ops.lag.LagEvaluator;
import io.sitrep.ops.lag.LagJson;
import io.sitrep.ops.lag.LagMonitor;
import io.sitrep.ops.lag.LagSnapshot;
import io.sitrep.ops.lag.LagStatus;
import io.sitrep.ops.lag.PartitionLag;
import io.sitrep.ops.lag.PartitionVerdict;
import io.sitrep.streams.StreamsSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sitrep lag}: consumer lag per group and partition, in records and seconds, with a
 * verdict. Takes {@code --samples} readings {@code --interval} apart (a verdict needs a history),
 * prints a table or JSON, and exits with the worst verdict's code: 0 OK, 1 WARN, 2 ERR,
 * 3 STOPPED, 4 when the cluster could not be read; usage errors exit 64.
 */
@Command(name = "lag", mixinStandardHelpOptions = true, modelTransformer = ClusterOptions.KafkaOnly.class, exitCodeOnInvalidInput = 64, exitCodeOnExecutionException = 70,
        description = {"Consumer lag per group and partition, in records and seconds, with a verdict (OK, WARN, ERR, STOPPED).",
            "Exit code: 0 OK, 1 WARN, 2 ERR, 3 STOPPED (the worst group), 4 cluster unreadable, 64 usage error."})
final class LagCommand extends RoleCommand {
    static final int EXIT_UNREADABLE = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-g", "--group"}, paramLabel = "GROUP",
            description = "Consumer group to watch, may repeat (default: the pipeline's, " + StreamsSettings.DEFAULT_APPLICATION_ID + ").")
    List<String> groups = new ArrayList<>();

    @Option(names = "--all-groups", description = "Watch every consumer group of the cluster too.")
    boolean allGroups;

    @Option(names = "--samples", defaultValue = "3",
            description = "Readings before the verdict is printed (default: ${DEFAULT-VALUE}); 1 gives records and seconds, but no WARN/ERR.")
    int samples;

    @Option(names = "--interval", defaultValue = "PT2S", description = "Time between readings, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--window", defaultValue = "PT4S",
            description = "ERR when a committed offset stood still (with lag) this long; WARN when lag grew over it (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = {"-w", "--watch"}, description = "Keep sampling and print the table after every reading, until Ctrl-C.")
    boolean watch;

    @Option(names = "--json", description = "Print JSON (the shape of GET /v1/lag) instead of a table.")
    boolean json;

    @Override
    int run(final PrintWriter out) throws Exception {
        if (samples < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--samples must be at least 1");
        }
        final List<String> watched = groups.isEmpty() && !allGroups ? List.of(StreamsSettings.DEFAULT_APPLICATION_ID) : groups;
        final ShutdownSignal shutdown = new ShutdownSignal();
        try (LagMonitor monitor = LagMonitor.create(cluster.bootstrapServers, cluster.kafkaProperties,
                new LagMonitor.Selection(watched, allGroups), new LagEvaluator(window, 2), interval)) {
            LagSnapshot snapshot = monitor.sample();
            for (int i = 1; i < samples && !shutdown.await(interval.toMillis()); i++) {
                if (watch) {
                    print(out, snapshot);
                }
                snapshot = monitor.sample();
            }
            print(out, snapshot);
            while (watch && !shutdown.await(interval.toMillis())) {
                snapshot = monitor.sample();
                print(out, snapshot);
            }
            return exitCode(snapshot);
        } finally {
            out.flush();
            shutdown.closed();
        }
    }

    static int exitCode(final LagSnapshot snapshot) {
        if (snapshot.error().isPresent()) {
            return EXIT_UNREADABLE;
        }
        return snapshot.worst().code();
    }

    private void print(final PrintWriter out, final LagSnapshot snapshot) throws Exception {
        if (json) {
            final ObjectNode body = LagJson.toJson(snapshot);
            out.println(JSON.writeValueAsString(body));
        } else {
            out.print(render(snapshot));
        }
        out.flush();
    }

    /** The table: one line per group (its totals and verdict), then one per partition. */
    static String render(final LagSnapshot snapshot) {
        final StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n[%s UTC] consumer lag, worst status %s%n", TIME.format(snapshot.at()),
                snapshot.worst()));
        snapshot.error().ifPresent(e -> b.append("  could not read the cluster: ").append(e).append('\n'));
        b.append(String.format(Locale.ROOT, "%-36s %-8s %10s %10s %10s %10s  %s%n",
                "GROUP / TOPIC-PARTITION", "STATUS", "COMMITTED", "LOG END", "LAG", "LAG SEC", "WHY"));
        for (GroupVerdict g : snapshot.groups()) {
            b.append(String.format(Locale.ROOT, "%-36s %-8s %10s %10s %10d %10s  %s%n",
                    g.group() + " (" + g.state().toLowerCase(Locale.ROOT) + ", " + (g.members() < 0 ? "?" : g.members()) + " m)",
                    g.status(), "", "", g.sumLag(), seconds(g.maxLagSeconds()), g.reason()));
            for (PartitionVerdict v : g.partitions()) {
                final PartitionLag p = v.lag();
                b.append(String.format(Locale.ROOT, "  %-34s %-8s %10d %10d %10d %10s  %s%n",
                        p.topic() + "-" + p.partition(), v.status(), p.committed(), p.logEnd(), p.lag(),
                        seconds(p.lagSeconds()), v.status() == LagStatus.OK ? "" : v.reason()));
            }
        }
        if (snapshot.groups().isEmpty() && snapshot.error().isEmpty()) {
            b.append("  (no consumer groups)\n");
        }
        return b.toString();
    }

    private static String seconds(final double s) {
        return s < 0 ? "?" : String.format(Locale.ROOT, "%.1f", s);
    }
}
