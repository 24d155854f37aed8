package io.sitrep.app;

import io.sitrep.ingest.cli.JsonlLoader;
import io.sitrep.ingest.cli.LoadSummary;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.streams.domain.Gazetteer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sitrep load FILE.jsonl}: bulk-load reports (one JSON per line) straight into Kafka. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Validate and load a JSONL file of reports into Kafka; exits 1 if any line was refused or failed.")
final class LoadCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "FILE", description = "JSONL file: one report per line (blank lines and # comments skipped).")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final Gazetteer gazetteer = Gazetteer.loadDefault();
        final TopicSpecs topics = TopicSpecs.create(new HttpSchemaRegistryClient(cluster.schemaRegistryUrl, cluster.schemaRegistryUserInfo));
        final LoadSummary summary;
        try (IngestService ingest = IngestService.create(cluster.bootstrapServers, topics, gazetteer::isKnownCode, cluster.kafkaProperties)) {
            summary = new JsonlLoader(ingest.validator(), ingest.publisher(), Clock.systemUTC()).load(file,
                    (read, sent, rejected, failed) -> {
                        if (read % 1000 == 0) {
                            out.printf("  … %d read, %d sent, %d rejected, %d failed%n", read, sent, rejected, failed);
                            out.flush();
                        }
                    });
        }
        out.printf("%s: %d read, %d sent, %d rejected, %d failed%n", file, summary.read(), summary.sent(),
                summary.rejected(), summary.failed());
        summary.rejectedLines().forEach(l -> out.printf("  line %d rejected: %s %s%n", l.lineNumber(), l.code(), l.message()));
        summary.failedLines().forEach(l -> out.printf("  line %d failed: %s %s%n", l.lineNumber(), l.code(), l.message()));
        return summary.clean() ? 0 : 1;
    }
}
