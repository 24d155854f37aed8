package io.sitrep.app;

import io.sitrep.schemas.TopicPlan;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.streams.escalation.EscalationSettings;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.streams.attribution.domain.ActorTable;
import io.sitrep.streams.escalation.domain.EscalationRules;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sitrep streams}: the three stages and the query API against an external cluster. */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Run dedup, attribution and aggregation (and the query API) against a Kafka cluster.")
final class StreamsCommand extends RoleCommand {
    /** Exit code when Kafka Streams reached ERROR: the orchestrator restarts the process. */
    static final int EXIT_STREAMS_FAILED = 70;
    private static final long FAILURE_POLL_MILLIS = 500;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--application-id", defaultValue = StreamsSettings.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id; instances with the same id share the work (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", defaultValue = ".sitrep/streams-state", description = "State store folder (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Mixin
    SharedOptions.StreamsTuning tuning;

    @Mixin
    SharedOptions.HttpPort httpPort;

    @Mixin
    TopicOptions newTopics;

    @Mixin
    SharedOptions.ExtraGazetteer extraGazetteer;

    @Option(names = "--actors", description = "Extra actor table CSV: armed groups, organs or spokesmen to add (same columns as the built-in one).")
    Path extraActors;

    @Option(names = "--advertised-host", defaultValue = "localhost",
            description = "Host name other instances use to reach this one's query API (default: ${DEFAULT-VALUE}).")
    String advertisedHost;

    @Option(names = "--late-event-grace", defaultValue = "P14D",
            description = "Events reported longer than this after they happened go to the rejected topic, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration lateEventGrace;

    @Option(names = "--escalation-rules", description = "Properties file overriding level thresholds (keys: see EscalationRules / README).")
    Path escalationRules;

    @Override
    int run(final PrintWriter out) throws Exception {
        final Properties rules = new Properties();
        if (escalationRules != null) {
            try (var in = Files.newBufferedReader(escalationRules)) {
                rules.load(in);
            }
        }
        final EscalationSettings escalation = new EscalationSettings(lateEventGrace, EscalationRules.fromProperties(rules),
                EscalationSettings.DEFAULTS.punctuateInterval());
        final TopicSpecs topics = TopicSpecs.create(cluster.registryClient(), cluster.serdeOptions());
        try (Admin admin = cluster.admin()) {
            TopicPlan.ensure(admin, TopicPlan.pipelineTopics(newTopics.partitions, newTopics.replicationFactor), Duration.ofSeconds(60));
        }
        final Gazetteer gazetteer = extraGazetteer.load();
        final ActorTable actors = extraActors == null ? ActorTable.loadDefault() : ActorTable.loadDefaultPlus(extraActors);
        final ShutdownSignal shutdown = new ShutdownSignal();
        try (HttpFront http = HttpFront.bind(httpPort.value);
             StreamsRunner streams = new StreamsRunner(new StreamsSettings(cluster.bootstrapServers, applicationId, stateDir,
                     tuning.dedupHorizon, tuning.threads, cluster.kafkaProperties, advertisedHost + ":" + http.port()), topics, gazetteer, actors, escalation);
             OpsService ops = OpsService.forPipeline("streams", cluster.bootstrapServers, cluster.kafkaProperties,
                     cluster.schemaRegistryUrl, cluster.schemaRegistryUserInfo, streams, applicationId)) {
            QueryService.mountOn(http, streams);
            ops.mountOn(http);
            // probes and /metrics answer while the state is restored, however long that takes:
            // /readyz reports the progress, /healthz fails only in ERROR
            http.start();
            streams.start();
            out.printf("sitrep streams started (application id %s); queries at %s/v1/regions,"
                    + " ready when %s/readyz says so%n", applicationId, http.baseUrl(), http.baseUrl());
            out.printf("dashboard at %s%s, metrics at %s/metrics%n",
                    http.baseUrl(), OpsService.DASHBOARD_PATH, http.baseUrl());
            out.flush();
            while (!shutdown.await(FAILURE_POLL_MILLIS)) {
                if (streams.awaitFailure(0)) {
                    err().printf("sitrep streams: Kafka Streams is in ERROR (stream threads kept"
                            + " failing, see the log); exiting with %d%n", EXIT_STREAMS_FAILED);
                    return EXIT_STREAMS_FAILED;
                }
            }
        } finally {
            shutdown.closed();
        }
        return 0;
    }
}
