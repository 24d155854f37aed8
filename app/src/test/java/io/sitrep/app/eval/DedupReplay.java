package io.sitrep.app.eval;

import io.sitrep.schemas.id.CanonicalUrl;
import io.sitrep.streams.dedup.domain.DedupIndex;
import io.sitrep.streams.dedup.domain.NearCopyRules;
import io.sitrep.streams.dedup.domain.TextEvidence;
import io.sitrep.streams.text.TextNormalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dedup stage's decisions without Kafka: the items go through {@link DedupIndex}, the same
 * code the topology's index task runs, in the order given (publish order, as {@code sitrep eval}
 * posts them, unless a test shuffles them), each stamped with its place in that order as the
 * broker would stamp it on arrival. Fast enough to sweep thresholds; the topology's own figures
 * come from {@code sitrep eval}.
 */
final class DedupReplay {
    private DedupReplay() {
    }

    static Observations run(final EvalCorpus corpus, final NearCopyRules rules) {
        final List<EvalItem> ordered = new ArrayList<>(corpus.items());
        ordered.sort(Comparator.comparing((EvalItem i) -> i.publishedAt() == null ? "~" : i.publishedAt()));
        return run(ordered, rules);
    }

    static Observations run(final List<EvalItem> ordered, final NearCopyRules rules) {
        final DedupIndex index = new DedupIndex(rules, Long.MAX_VALUE / 4);
        final Map<String, Observations.Outcome> outcomes = new HashMap<>();
        long time = 0;
        for (final EvalItem item : ordered) {
            final String url = item.url() == null ? null : CanonicalUrl.canonicalize(item.url()).orElse(null);
            final String stripped = TextNormalizer.stripBoilerplate(item.text());
            final DedupIndex.Placement p = index.place(new DedupIndex.Report(item.id(), time++, item.outlet(),
                    url == null ? "report:" + item.id() : url, TextNormalizer.sha256Hex(TextNormalizer.normalizeBody(item.text())),
                    TextEvidence.ofStripped(stripped, rules.fingerprinter())));
            outcomes.put(item.id(), new Observations.Outcome(item.id(), p.storyId(), p.tier().name(), p.matchedReportId(), p.containment()));
            // a merge of stories re-points reports placed earlier, as the stage re-emits them
            for (final DedupIndex.Repointed moved : p.repointed()) {
                outcomes.put(moved.reportId(), new Observations.Outcome(moved.reportId(), p.storyId(), "NEAR_COPY", item.id(), moved.containment()));
            }
        }
        return new Observations(outcomes, Map.of(), Map.of());
    }
}
