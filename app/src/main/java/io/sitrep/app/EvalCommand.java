package io.sitrep.app;

import io.sitrep.app.eval.AttributionStageScorer;
import io.sitrep.app.eval.DedupScorer;
import io.sitrep.app.eval.EvalCorpus;
import io.sitrep.app.eval.Observations;
import io.sitrep.app.eval.PipelineFeed;
import io.sitrep.app.eval.StageScorer;
import io.sitrep.embedded.PortInUseException;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sitrep eval --corpus FILE.jsonl}: feeds a labelled corpus through the real pipeline (the
 * embedded broker and registry, ingest over HTTP, the three topologies) and prints the scores of
 * every stage. The last line is one line of {@code key=value} pairs starting
 * {@code eval: items=N copy_p=… copy_r=… copy_f1=… story_f1=…}, three decimals each, and ends with
 * {@code no_outcome=N refused=N}: items that never came out of dedup, items ingest refused. The
 * exit code is 0 only when both are 0 and the pipeline ran to the end (1 otherwise), so a score
 * computed over part of the corpus cannot pass for the whole.
 * Without {@code --corpus} it evaluates the development corpus shipped in the jar.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, modelTransformer = TopicOptions.PartitionsOnly.class,
        description = "Feed a labelled JSONL corpus through the pipeline and print dedup (and later attribution) scores.")
final class EvalCommand extends RoleCommand {
    /** One scorer per stage, in print order; attribution adds its own here. */
    static final List<StageScorer> SCORERS = List.of(new DedupScorer(), new AttributionStageScorer());

    @Option(names = "--corpus", description = "Labelled corpus, JSON Lines (default: the development corpus in the jar).")
    Path corpus;

    @Option(names = "--pace", defaultValue = "SEQUENTIAL",
            description = "SEQUENTIAL: one item at a time, each after the previous one's outcome (outlets minutes apart); "
                    + "BURST: all at once, like a backfill (default: ${DEFAULT-VALUE}).")
    PipelineFeed.Pace pace;

    @Mixin
    TopicOptions newTopics;

    @Mixin
    SharedOptions.RunDataDir dataDir;

    @Option(names = "--item-timeout", defaultValue = "PT20S",
            description = "How long to wait for one item's dedup outcome (BURST: for all), ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration itemTimeout;

    @Option(names = "--explain", description = "List missed and false copy pairs before the scores.")
    boolean explain;

    @Override
    int run(final PrintWriter out) throws Exception {
        final EvalCorpus items = corpus == null ? EvalCorpus.devCorpus() : EvalCorpus.read(corpus);
        final boolean temporary = dataDir.value == null;
        final Path dir = temporary ? Files.createTempDirectory("sitrep-eval") : dataDir.value;
        final long started = System.nanoTime();
        final Observations seen;
        boolean pipelineFailed = false;
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(new EmbeddedPipeline.Options(0, 0, 0, dir, newTopics.partitions),
                step -> out.println("» " + step));
             PipelineFeed feed = new PipelineFeed(pipeline.http().baseUrl(), pipeline.bootstrapServers(),
                     new HttpSchemaRegistryClient(pipeline.registryUrl()))) {
            out.printf("» feeding %d items (%s)…%n", items.items().size(), pace.name().toLowerCase(Locale.ROOT));
            out.flush();
            seen = feed.run(items, pace, itemTimeout, line -> out.println("  " + line));
            if (pipeline.streams().state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
                out.println("» the pipeline is " + pipeline.streams().state() + ", not RUNNING: these scores do not count");
                pipelineFailed = true;
            }
        } catch (PortInUseException e) {
            err().println("sitrep eval: " + e.getMessage());
            return 2;
        } finally {
            if (temporary) {
                deleteRecursively(dir);
            }
        }
        out.printf("» done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        final Map<String, Double> scores = new LinkedHashMap<>();
        for (final StageScorer scorer : SCORERS) {
            if (explain) {
                scorer.explain(items, seen, out);
            }
            scores.putAll(scorer.score(items, seen));
        }
        final String extra = SCORERS.stream().map(StageScorer::extraKeyValues).filter(x -> !x.isEmpty())
                .map(x -> " " + x).collect(Collectors.joining());
        final long noOutcome = items.items().stream()
                .filter(i -> !seen.outcomes().containsKey(i.id()) && !seen.refused().containsKey(i.id())).count();
        out.println(summaryLine(items.items().size(), scores) + extra
                + " no_outcome=" + noOutcome + " refused=" + seen.refused().size());
        out.flush();
        return noOutcome == 0 && seen.refused().isEmpty() && !pipelineFailed ? 0 : 1;
    }

    /** {@code eval: items=N k=v …} with three decimals, in scorer order. */
    static String summaryLine(final int items, final Map<String, Double> scores) {
        return "eval: items=" + items + scores.entrySet().stream()
                .map(e -> " " + e.getKey() + "=" + String.format(Locale.ROOT, "%.3f", e.getValue()))
                .collect(Collectors.joining());
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
