package io.sitrep.app;

import io.sitrep.ingest.auth.ScraperTokens;
import io.sitrep.ingest.http.IngestLimits;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sitrep ingest}: the HTTP endpoint scrapers post reports to, against an external cluster. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Serve POST /v1/reports: validate reports (JSON or NDJSON batches) and write them to Kafka (202 only after acks=all).",
            "Scrapers authenticate with bearer tokens; the token file holds scraperId=sha256:<hex> lines.",
            "Make a token: java -cp sitrep.jar io.sitrep.ingest.auth.ScraperTokens new SCRAPER_ID"})
final class IngestCommand extends RoleCommand {
    @Mixin
    ClusterOptions cluster;

    @Mixin
    SharedOptions.HttpPort httpPort;

    @Mixin
    SharedOptions.ExtraGazetteer extraGazetteer;

    @Option(names = "--auth-file", paramLabel = "FILE",
            description = "Scraper tokens, one scraperId=sha256:<hex> per line (hashes only). Also read: $" + ScraperTokens.ENV_VARIABLE + ".")
    Path authFile;

    @Option(names = "--no-auth", description = "Accept reports without a token. For local experiments only; logged loudly.")
    boolean noAuth;

    @Option(names = "--rate", defaultValue = "" + IngestLimits.DEFAULT_RATE, description = "Reports per second per scraper, 0 = unlimited (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--burst", defaultValue = "" + IngestLimits.DEFAULT_BURST, description = "Reports a scraper may send at once (default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--max-batch-lines", defaultValue = "" + IngestLimits.DEFAULT_MAX_BATCH_LINES, description = "Reports per NDJSON request (default: ${DEFAULT-VALUE}).")
    int maxBatchLines;

    @Option(names = "--max-batch-bytes", defaultValue = "" + IngestLimits.DEFAULT_MAX_BATCH_BYTES, description = "Bytes per NDJSON request (default: ${DEFAULT-VALUE}).")
    int maxBatchBytes;

    @Option(names = "--max-report-bytes", defaultValue = "" + IngestLimits.DEFAULT_MAX_BODY_BYTES, description = "Bytes per report (default: ${DEFAULT-VALUE}).")
    int maxReportBytes;

    @Option(names = "--ack-deadline", defaultValue = IngestLimits.DEFAULT_ACK_DEADLINE,
            description = "Longest wait for the broker before answering 503, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration ackDeadline;

    @Override
    int run(final PrintWriter out) throws Exception {
        final ScraperTokens tokens;
        try {
            tokens = tokens();
        } catch (IllegalArgumentException e) {
            err().println("sitrep ingest: " + e.getMessage());
            return 2;
        }
        final IngestLimits limits = new IngestLimits(maxReportBytes, maxBatchBytes, maxBatchLines, ackDeadline,
                IngestLimits.defaults().retryAfter(), rate, burst);
        final Gazetteer gazetteer = extraGazetteer.load();
        final TopicSpecs topics = TopicSpecs.create(cluster.registryClient(), cluster.serdeOptions());
        final ShutdownSignal shutdown = new ShutdownSignal();
        try (OpsService ops = OpsService.forIngest(cluster.bootstrapServers, cluster.kafkaProperties,
                     cluster.schemaRegistryUrl, cluster.schemaRegistryUserInfo);
             IngestService ingest = IngestService.create(cluster.bootstrapServers, topics, gazetteer::isKnownCode,
                     cluster.kafkaProperties, limits, tokens, ops.registry());
             HttpFront http = HttpFront.bind(httpPort.value)) {
            ingest.mountOn(http);
            ops.mountOn(http);
            http.start();
            out.printf("sitrep ingest listening on %s/v1/reports (%s)%n", http.baseUrl(),
                    tokens.enabled() ? tokens.size() + " scraper tokens" : "AUTHENTICATION DISABLED");
            out.flush();
            shutdown.await();
            // requests in progress may wait for acks up to the ack deadline: that is how long the drain lasts
            if (!ops.drain(http, limits.ackDeadline().plusSeconds(1))) {
                err().printf("sitrep ingest: %d requests still open after %s; stopping%n",
                        http.inFlight(), limits.ackDeadline());
            }
        } finally {
            shutdown.closed();
        }
        return 0;
    }

    private ScraperTokens tokens() throws java.io.IOException {
        final String env = System.getenv(ScraperTokens.ENV_VARIABLE);
        if (noAuth) {
            if (authFile != null || env != null) {
                throw new IllegalArgumentException("--no-auth conflicts with --auth-file / $" + ScraperTokens.ENV_VARIABLE);
            }
            err().println("WARNING: ingest authentication is DISABLED (--no-auth): anyone who can reach"
                    + " this port can post reports for any scraper. Never run this way outside a laptop.");
            return ScraperTokens.disabled();
        }
        final Map<String, String> sources = new LinkedHashMap<>();
        if (authFile != null) {
            sources.put(authFile.toString(), Files.readString(authFile, StandardCharsets.UTF_8));
        }
        if (env != null) {
            sources.put("$" + ScraperTokens.ENV_VARIABLE, env);
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no scraper tokens: give --auth-file FILE or set $" + ScraperTokens.ENV_VARIABLE
                    + " (or --no-auth for a local experiment)");
        }
        final ScraperTokens tokens = ScraperTokens.merge(sources);
        if (tokens.size() == 0) {
            throw new IllegalArgumentException("the token sources hold no token");
        }
        return tokens;
    }
}
