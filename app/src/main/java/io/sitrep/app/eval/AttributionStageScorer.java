package io.sitrep.app.eval;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.Claim;
import java.util.ArrayList;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;

/**
 * The attribution scores of {@code sitrep eval}: region and event-type P/R/F1, event-date
 * accuracy (exact and ± 1 day), how many negative items produced a counted violent event, and the
 * claim scores of {@link AttributionClaimScorer},
 * computed by {@link AttributionScorer} from the events the pipeline attributed to each item's story.
 */
public final class AttributionStageScorer implements StageScorer {
    private final AttributionScorer scorer = new AttributionScorer();
    private AttributionScorer.Scores last;
    private AttributionClaimScorer.Scores lastClaims;

    @Override
    public LinkedHashMap<String, Double> score(final EvalCorpus corpus, final Observations seen) {
        last = scorer.score(labels(corpus), predictions(seen));
        lastClaims = new AttributionClaimScorer().score(corpus.items(), id -> claims(events(seen, id)));
        return last.ratios();
    }

    @Override
    public String extraKeyValues() {
        return last == null ? "" : "negatives_counted=" + last.negativesCounted() + "/" + last.negatives() + " "
                + lastClaims.keyValues();
    }

    @Override
    public void explain(final EvalCorpus corpus, final Observations seen, final PrintWriter out) {
        scorer.explain(labels(corpus), predictions(seen), out);
        out.println("attribution per type: " + scorer.typeScores(labels(corpus), predictions(seen)));
    }

    private static List<AttributionScorer.Labelled> labels(final EvalCorpus corpus) {
        return corpus.items().stream()
                .map(i -> new AttributionScorer.Labelled(i.id(), i.story(), i.eventDate(), i.regions(), i.eventTypes()))
                .toList();
    }

    /** An item's predicted events: those the pipeline attributed to the story dedup placed it in. */
    private static Function<String, List<AttributionScorer.Predicted>> predictions(final Observations seen) {
        return id -> AttributionScorer.predictedOf(events(seen, id));
    }

    private static List<AttributedEvent> events(final Observations seen, final String id) {
        final Observations.Outcome outcome = seen.outcomes().get(id);
        return outcome == null ? List.of() : seen.eventsByStory().getOrDefault(outcome.storyId(), List.of());
    }

    private static List<AttributionClaimScorer.Claim> claims(final List<AttributedEvent> events) {
        final List<AttributionClaimScorer.Claim> out = new ArrayList<>();
        for (final AttributedEvent e : events) {
            for (final Claim c : e.getClaims()) {
                out.add(new AttributionClaimScorer.Claim(c.getClaimantSide().name(), c.getFatalities(), c.getInjured()));
            }
        }
        return out;
    }
}
