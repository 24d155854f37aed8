package io.sitrep.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitrep.ingest.auth.ScraperTokens;
import io.sitrep.ingest.cli.HttpLineSink;
import io.sitrep.ingest.cli.JsonlLoader;
import io.sitrep.ingest.cli.KafkaLineSink;
import io.sitrep.ingest.cli.LineSink;
import io.sitrep.ingest.cli.LoadCheckpoint;
import io.sitrep.ingest.cli.LoadSummary;
import io.sitrep.ingest.cli.ProgressPrinter;
import io.sitrep.ingest.client.IngestClient;
import io.sitrep.ingest.http.IngestLimits;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sitrep load FILE|-}: bulk-load reports (one JSON per line), either straight into Kafka
 * ({@code --bootstrap-servers} + {@code --schema-registry-url}) or through an ingest endpoint
 * ({@code --ingest-url}, token from {@code --token-env}).
 */
@Command(name = "load", mixinStandardHelpOptions = true, modelTransformer = ClusterOptions.NotRequired.class,
        description = {"Validate and load a JSONL file of reports (FILE, or - for standard input); exits 1 if any line was refused or failed.",
            "Straight to Kafka: --bootstrap-servers and --schema-registry-url. Through ingest: --ingest-url (token in $SITREP_TOKEN)."})
final class LoadCommand extends RoleCommand {
    @Mixin
    ClusterOptions cluster;

    @Option(names = "--ingest-url", paramLabel = "URL", description = "Send through this ingest endpoint instead, e.g. http://localhost:8080.")
    URI ingestUrl;

    @Option(names = "--token-env", defaultValue = "SITREP_TOKEN", paramLabel = "VAR",
            description = "Environment variable holding the bearer token for --ingest-url (default: ${DEFAULT-VALUE}).")
    String tokenEnv;

    @Option(names = "--resume", description = "Continue from FILE.sitrep-load, the checkpoint an interrupted load left.")
    boolean resume;

    @Option(names = "--max-in-flight", defaultValue = "" + JsonlLoader.DEFAULT_MAX_IN_FLIGHT, description = "Lines without an outcome at once (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Parameters(paramLabel = "FILE", description = "JSONL file, or - for standard input (blank lines and # comments skipped).")
    String file;

    @Override
    int run(final PrintWriter out) throws Exception {
        final PrintWriter err = err();
        if ((ingestUrl == null) == (cluster.bootstrapServers == null)) {
            err.println("sitrep load: give either --ingest-url or --bootstrap-servers (with --schema-registry-url)");
            return 2;
        }
        if (cluster.bootstrapServers != null && cluster.registryConfig().get("schema.registry.url") == null) {
            err.println("sitrep load: --bootstrap-servers needs --schema-registry-url");
            return 2;
        }
        final boolean stdin = "-".equals(file);
        if (stdin && resume) {
            err.println("sitrep load: --resume needs a file, not standard input");
            return 2;
        }
        final Path path = stdin ? null : Path.of(file);
        final Path checkpointFile = stdin ? null : LoadCheckpoint.fileFor(path);
        final long size = stdin ? -1 : Files.size(path);
        LoadCheckpoint start = new LoadCheckpoint(1, 0, size);
        if (resume) {
            final Optional<LoadCheckpoint> saved = LoadCheckpoint.read(checkpointFile);
            if (saved.isEmpty()) {
                err.printf("sitrep load: no checkpoint %s; loading from the start%n", checkpointFile);
            } else if (saved.get().fileSize() != size) {
                err.printf("sitrep load: %s changed since the checkpoint (size %d, was %d); delete %s to load it again%n",
                        path, size, saved.get().fileSize(), checkpointFile);
                return 2;
            } else {
                start = saved.get();
                out.printf("resuming %s at line %d (byte %d of %d)%n", path, start.nextLine(), start.offset(), size);
            }
        }
        final ProgressPrinter progress = new ProgressPrinter(out, System.console() != null, Duration.ofSeconds(5), System::nanoTime);
        final LoadSummary summary;
        try (Sink sink = openSink(); InputStream in = stdin ? System.in : Files.newInputStream(path)) {
            in.skipNBytes(start.offset());
            final LoadCheckpoint from = start;
            summary = new JsonlLoader(sink.lines(), maxInFlight, JsonlLoader.DEFAULT_MAX_LINE_BYTES, JsonlLoader.DEFAULT_ACK_TIMEOUT)
                    .load(in, stdin ? "stdin" : path.getFileName().toString(), progress, from,
                            checkpoint -> {
                                if (checkpointFile != null) {
                                    checkpoint.write(checkpointFile);
                                }
                            });
        }
        progress.finish();
        out.printf("%s: %d read, %d stored, %d rejected, %d failed%n", file, summary.read(), summary.sent(),
                summary.rejected(), summary.failed());
        summary.rejectedLines().forEach(l -> out.printf("  line %d rejected: %s %s%n", l.lineNumber(), l.code(), l.message()));
        summary.failedLines().forEach(l -> out.printf("  line %d failed: %s %s%n", l.lineNumber(), l.code(), l.message()));
        if (summary.failed() > 0 && checkpointFile != null) {
            out.printf("  resend the failed lines (and what follows) with: sitrep load --resume %s …%n", file);
        }
        return summary.clean() ? 0 : 1;
    }

    /** The sink and what must be closed after it. */
    private record Sink(LineSink lines, AutoCloseable resource) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resource.close();
        }
    }

    private Sink openSink() {
        if (ingestUrl != null) {
            final IngestClient client = IngestClient.builder(ingestUrl).token(System.getenv(tokenEnv)).build();
            return new Sink(new HttpLineSink(client, JsonlLoader.DEFAULT_MAX_LINE_BYTES), client);
        }
        final Gazetteer gazetteer = Gazetteer.loadDefault();
        final TopicSpecs topics = TopicSpecs.create(cluster.registryClient(), cluster.serdeOptions());
        final IngestService ingest = IngestService.create(cluster.bootstrapServers, topics, gazetteer::isKnownCode,
                cluster.kafkaProperties, IngestLimits.defaults(), ScraperTokens.disabled(), new SimpleMeterRegistry());
        return new Sink(new KafkaLineSink(ingest.intake()), ingest);
    }
}
