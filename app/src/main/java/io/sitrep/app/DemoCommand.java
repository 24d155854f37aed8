package io.sitrep.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.app.cluster.ApplicationLag;
import io.sitrep.embedded.PortInUseException;
import io.sitrep.ops.lag.GroupLagReader;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.streams.escalation.query.RegionQueryHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sitrep demo}: the whole pipeline in one JVM on the embedded default, fed with the sample
 * corpus over HTTP like a scraper would, showing the per-region table as it changes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, modelTransformer = TopicOptions.PartitionsOnly.class,
        description = "Run broker, registry, ingest, streams and queries in one JVM, load the sample corpus, show the figures.")
final class DemoCommand extends RoleCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka broker port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Mixin
    SharedOptions.RegistryPort registryPort;

    @Mixin
    SharedOptions.HttpPort httpPort;

    @Option(names = "--data-dir", defaultValue = ".sitrep/demo",
            description = "Broker data and streams state (default: ${DEFAULT-VALUE}); wiped at start unless --keep-data.")
    Path dataDir;

    @Option(names = "--keep-data", description = "Keep the data of an earlier run instead of starting clean.")
    boolean keepData;

    @Mixin
    TopicOptions newTopics;

    @Option(names = "--exit-when-done",
            description = "Exit once every sample report has reached the aggregates (0 if the counts match the expected table).")
    boolean exitWhenDone;

    @Option(names = "--timeout", defaultValue = "PT3M",
            description = "With --exit-when-done: give up after this long, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    int run(final PrintWriter out) throws Exception {
        if (!keepData) {
            deleteRecursively(dataDir);
        }
        final long started = System.nanoTime();
        final EmbeddedPipeline pipeline;
        try {
            pipeline = EmbeddedPipeline.start(
                    new EmbeddedPipeline.Options(kafkaPort, registryPort.value, httpPort.value, dataDir, newTopics.partitions),
                    step -> out.println("» " + step));
        } catch (PortInUseException e) {
            err().println("sitrep demo: " + e.getMessage());
            return 2;
        }
        final ShutdownSignal shutdown = new ShutdownSignal();
        try {
            printBanner(out, pipeline, started);
            final FeedResult feed = feedSampleCorpus(pipeline.http().baseUrl(), out);
            final boolean matched = watch(out, pipeline, shutdown);
            if (shutdown.isRequested()) {
                out.println("\nShutting down…");
                return 0;
            }
            // the table can match while the pipeline still works (a late double count would change it):
            // wait until the application has consumed every record of every topic it reads, then read
            // the figures again; only those decide the exit code
            final long unconsumed = new ApplicationLag(pipeline.bootstrapServers(), Map.of())
                    .awaitZero(StreamsSettings.DEFAULT_APPLICATION_ID, Duration.ofSeconds(60));
            final List<RegionEscalation> finalRegions = regions(new RegionQueryHandler(pipeline.streams().clients()));
            final Map<String, Long> expected = SampleCorpus.expectedEvents();
            final boolean finalMatch = unconsumed == 0 && totals(finalRegions).equals(expected);
            out.printf("%nFinal table:%n%s", RegionTable.render(finalRegions));
            out.printf("%nSample corpus: %d reports sent, %d accepted (202), %d refused (400); %d copies dropped by dedup.%n",
                    feed.sent, feed.accepted, feed.refused, pipeline.streams().duplicatesDropped());
            out.printf("Consumer lag of %s: %s; records not yet consumed on all its topics: %s%n",
                    StreamsSettings.DEFAULT_APPLICATION_ID, lagSummary(pipeline), unconsumed == Long.MAX_VALUE ? "unknown" : unconsumed);
            if (matched && finalMatch) {
                out.printf("All sample reports reached the aggregates: counts match the expected table (%d regions, %d events), "
                                + "read again after every topic of the application was consumed.%n",
                        expected.size(), expected.values().stream().mapToLong(Long::longValue).sum());
                return 0;
            }
            out.printf("Counts did not match the expected table %s.%n  expected %s%n  actual   %s%n",
                    matched ? "after every topic was consumed (they matched earlier)" : "within " + timeout,
                    expected, totals(finalRegions));
            return 1;
        } finally {
            out.flush();
            pipeline.close();
            shutdown.closed();
        }
    }

    private static void printBanner(final PrintWriter out, final EmbeddedPipeline pipeline, final long startedNanos) {
        out.printf("%nsitrep is up in %.1f s%n", (System.nanoTime() - startedNanos) / 1e9);
        out.printf("  %-8s %s%n", "Kafka", pipeline.bootstrapServers());
        out.printf("  %-8s %s%n", "Registry", pipeline.registryUrl());
        new TreeMap<>(pipeline.http().endpoints()).forEach((path, what) ->
                out.printf("  %-8s %s%s   %s%n", "HTTP", pipeline.http().baseUrl(), path, what));
        out.printf("%n  Dashboard: %s%n", pipeline.dashboardUrl());
        out.println("  Ingest authentication is DISABLED (demo only); production ingest uses 'sitrep ingest --auth-file'.");
        out.println();
        out.flush();
    }

    /**
     * Prints the table whenever it changes. With --exit-when-done, returns once the totals equal
     * the expected table (true) or the timeout passed (false); otherwise runs until Ctrl-C.
     */
    private boolean watch(final PrintWriter out, final EmbeddedPipeline pipeline, final ShutdownSignal shutdown)
            throws InterruptedException {
        final Map<String, Long> expected = SampleCorpus.expectedEvents();
        final RegionQueryHandler query = new RegionQueryHandler(pipeline.streams().clients());
        final long deadline = System.nanoTime() + timeout.toNanos();
        String lastTable = "";
        boolean announced = false;
        while (!shutdown.await(500)) {
            final List<RegionEscalation> regions = regions(query);
            final String table = RegionTable.render(regions);
            if (!table.equals(lastTable)) {
                out.printf("%n[%s] per-region escalation (C7 = events in the 7 days to the region's latest event date)%n%s",
                        LocalTime.now().withNano(0), table);
                out.flush();
                lastTable = table;
            }
            final boolean matched = totals(regions).equals(expected);
            if (exitWhenDone && (matched || System.nanoTime() > deadline)) {
                return matched;
            }
            if (matched && !announced) {
                out.printf("%nAll sample reports reached the aggregates. Try: curl %s/v1/regions   (Ctrl-C to stop)%n",
                        pipeline.http().baseUrl());
                out.flush();
                announced = true;
            }
        }
        return false;
    }

    /** Lag of the streams application per input topic, in records (the operators' first question). */
    private static String lagSummary(final EmbeddedPipeline pipeline) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()))) {
            final Map<String, Long> byTopic = new TreeMap<>();
            new GroupLagReader(admin).read(StreamsSettings.DEFAULT_APPLICATION_ID)
                    .forEach(p -> byTopic.merge(p.topic(), p.lag(), Long::sum));
            return byTopic.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        } catch (Exception e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    private static List<RegionEscalation> regions(final RegionQueryHandler query) {
        try {
            return query.allRegions();
        } catch (InvalidStateStoreException e) {
            return List.of();
        }
    }

    private static Map<String, Long> totals(final List<RegionEscalation> regions) {
        return regions.stream().filter(r -> r.getTotalEvents() > 0)
                .collect(Collectors.toMap(RegionEscalation::getRegionCode, RegionEscalation::getTotalEvents, (a, b) -> a, TreeMap::new));
    }

    private record FeedResult(int sent, int accepted, int refused) {
    }

    /** Posts every corpus line to the ingest endpoint, as a scraper would. */
    private static FeedResult feedSampleCorpus(final String baseUrl, final PrintWriter out) throws IOException, InterruptedException {
        final List<String> lines = SampleCorpus.reportLines();
        out.printf("» feeding %d sample reports to %s/v1/reports…%n", lines.size(), baseUrl);
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int accepted = 0;
        int refused = 0;
        for (String line : lines) {
            final HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/reports"))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(line)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                accepted++;
            } else {
                refused++;
                final JsonNode body = JSON.readTree(response.body());
                out.printf("  refused (HTTP %d %s): %s%n", response.statusCode(), body.path("reason").asText(),
                        body.path("message").asText());
            }
        }
        out.printf("» %d accepted, %d refused%n", accepted, refused);
        return new FeedResult(lines.size(), accepted, refused);
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
