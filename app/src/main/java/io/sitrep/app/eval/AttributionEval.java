package io.sitrep.app.eval;

import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.ExtractedClaim;
import io.sitrep.streams.attribution.domain.ExtractedEvent;
import io.sitrep.streams.attribution.domain.Gazetteer;
import io.sitrep.streams.text.ReportText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribution alone, in-process: reads a labelled corpus (the JSONL format), runs the
 * {@link EventExtractor} on each item as attribution would (headline, else the text's first
 * sentence; publish time, else now) and prints the {@link AttributionScorer} line. No Kafka, so
 * it takes a second; {@code sitrep eval} measures the same through the whole pipeline.
 *
 * <pre>
 * java -cp app/target/sitrep.jar io.sitrep.app.eval.AttributionEval [--explain] [corpus.jsonl …]
 * </pre>
 *
 * Without a corpus it reads {@value #DEV_CORPUS} from the classpath.
 */
public final class AttributionEval {

    /** The attribution development corpus shipped in the jar. */
    public static final String DEV_CORPUS = "/io/sitrep/app/eval/attribution-dev-corpus.jsonl";

    /** One corpus line: what the pipeline would see, and the labels. */
    public record Item(AttributionScorer.Labelled labels, ReportText report, EvalItem source) {
    }

    private AttributionEval() {
    }

    public static void main(final String[] args) throws IOException {
        boolean explain = false;
        final List<Item> items = new ArrayList<>();
        for (final String a : args) {
            if ("--explain".equals(a)) {
                explain = true;
            } else {
                items.addAll(read(Path.of(a)));
            }
        }
        if (items.isEmpty()) {
            items.addAll(devCorpus());
        }
        final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        final String summary = run(items, new EventExtractor(Gazetteer.loadDefault()), explain ? out : null, out);
        out.println(summary);
    }

    /** Scores {@code items} and returns the summary line; with {@code explain}, lists the misses first. */
    public static String run(final List<Item> items, final EventExtractor extractor, final PrintWriter explain) {
        return run(items, extractor, explain, null);
    }

    /**
     * Scores {@code items} and returns the summary line (region, type, date, negatives, then the
     * claim keys of {@link AttributionClaimScorer}); with {@code explain}, lists the misses first;
     * with {@code perType}, prints recall and precision per event type.
     */
    public static String run(final List<Item> items, final EventExtractor extractor, final PrintWriter explain,
                             final PrintWriter perType) {
        final Map<String, List<AttributionScorer.Predicted>> predicted = new HashMap<>();
        final Map<String, List<AttributionClaimScorer.Claim>> claims = new HashMap<>();
        for (final Item item : items) {
            final List<AttributionScorer.Predicted> p = new ArrayList<>();
            final List<AttributionClaimScorer.Claim> c = new ArrayList<>();
            for (final ExtractedEvent e : extractor.extract(item.report())) {
                p.add(new AttributionScorer.Predicted(e.region().code(),
                        AttributionScorer.typeLabel(e.eventType(), e.subType()), e.eventDate(), e.counted()));
                for (final ExtractedClaim x : e.claims()) {
                    c.add(new AttributionClaimScorer.Claim(x.claimantSide().name(), x.fatalities(), x.injured()));
                }
            }
            predicted.put(item.labels().id(), p);
            claims.put(item.labels().id(), c);
        }
        final List<AttributionScorer.Labelled> labels = items.stream().map(Item::labels).toList();
        final AttributionScorer scorer = new AttributionScorer();
        if (explain != null) {
            scorer.explain(labels, predicted::get, explain);
        }
        if (perType != null) {
            perType.println("attribution per type: " + scorer.typeScores(labels, predicted::get));
        }
        final String claimScores = new AttributionClaimScorer()
                .score(items.stream().map(Item::source).toList(), claims::get).keyValues();
        return "attribution: items=" + items.size() + " " + scorer.score(labels, predicted::get).keyValues() + " "
                + claimScores;
    }

    public static List<Item> devCorpus() {
        try (InputStream in = AttributionEval.class.getResourceAsStream(DEV_CORPUS)) {
            if (in == null) {
                throw new IllegalStateException("attribution corpus missing from the classpath: " + DEV_CORPUS);
            }
            return items(EvalCorpus.read(in, DEV_CORPUS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Item> read(final Path file) throws IOException {
        return items(EvalCorpus.read(file));
    }

    /** The corpus as attribution sees it: headline, else the text's first sentence; publish time, else now. */
    private static List<Item> items(final EvalCorpus corpus) {
        final List<Item> out = new ArrayList<>();
        for (final EvalItem i : corpus.items()) {
            final ReportText report = new ReportText(i.headline() == null ? firstSentence(i.text()) : i.headline(), i.text(),
                    i.publishedAt() == null ? Instant.now() : Instant.parse(i.publishedAt()), null, null, null);
            out.add(new Item(new AttributionScorer.Labelled(i.id(), i.story(), i.eventDate(), i.regions(), i.eventTypes()), report, i));
        }
        return out;
    }

    private static String firstSentence(final String body) {
        final int dot = body.indexOf(". ");
        return dot < 0 ? body : body.substring(0, dot + 1);
    }
}
