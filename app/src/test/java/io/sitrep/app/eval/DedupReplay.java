package io.sitrep.app.eval;

import io.sitrep.schemas.id.CanonicalUrl;
import io.sitrep.streams.dedup.domain.Fingerprinter;
import io.sitrep.streams.dedup.domain.NearCopyRules;
import io.sitrep.streams.dedup.domain.ReportFigures;
import io.sitrep.streams.text.TextNormalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dedup decisions of {@code DedupTopology}, replayed with the domain code alone and in
 * publish order (the topology's sequential case): exact URL, exact body, then containment over
 * the postings of every earlier report decided by T1. Fast enough to sweep thresholds; the
 * real topology's figures come from {@code sitrep eval}.
 */
final class DedupReplay {
    private DedupReplay() {
    }

    static Observations run(final EvalCorpus corpus, final NearCopyRules rules) {
        final Fingerprinter fingerprinter = rules.fingerprinter();
        final List<EvalItem> ordered = new ArrayList<>(corpus.items());
        ordered.sort(Comparator.comparing((EvalItem i) -> i.publishedAt() == null ? "~" : i.publishedAt()));
        final Map<String, String> firstByUrl = new HashMap<>();
        final Map<String, String> firstByBody = new HashMap<>();
        final Map<String, String> storyOf = new HashMap<>();
        final Map<String, long[]> indexed = new HashMap<>();
        final Map<String, List<String>> figuresOf = new HashMap<>();
        final List<String> indexOrder = new ArrayList<>();
        final Map<String, Observations.Outcome> outcomes = new HashMap<>();
        for (final EvalItem item : ordered) {
            final String url = item.url() == null ? null : CanonicalUrl.canonicalize(item.url()).orElse(null);
            final String body = TextNormalizer.sha256Hex(TextNormalizer.normalizeBody(item.text()));
            if (url != null && firstByUrl.containsKey(url)) {
                final String first = firstByUrl.get(url);
                storyOf.put(item.id(), storyOf.get(first));
                outcomes.put(item.id(), new Observations.Outcome(item.id(), storyOf.get(first), "EXACT_URL", first, 1.0));
                continue;
            }
            if (url != null) {
                firstByUrl.put(url, item.id());
            }
            if (firstByBody.containsKey(body)) {
                final String first = firstByBody.get(body);
                storyOf.put(item.id(), storyOf.get(first));
                outcomes.put(item.id(), new Observations.Outcome(item.id(), storyOf.get(first), "EXACT_BODY", first, 1.0));
                continue;
            }
            firstByBody.put(body, item.id());
            final long[] fps = fingerprinter.fingerprints(item.text());
            final List<String> figures = ReportFigures.of(item.text());
            final List<NearCopyRules.Candidate> candidates = new ArrayList<>();
            for (int i = 0; i < indexOrder.size(); i++) {
                final String other = indexOrder.get(i);
                final int shared = Fingerprinter.sharedCount(fps, indexed.get(other));
                if (shared > 0) {
                    candidates.add(new NearCopyRules.Candidate(other, storyOf.get(other), "", indexed.get(other).length, i, shared,
                            figuresOf.get(other)));
                }
            }
            final Optional<NearCopyRules.Match> match = rules.decide(fps.length, figures, candidates);
            if (match.isPresent()) {
                storyOf.put(item.id(), match.get().matched().storyId());
                outcomes.put(item.id(), new Observations.Outcome(item.id(), match.get().matched().storyId(), "NEAR_COPY",
                        match.get().matched().reportId(), match.get().containment()));
            } else {
                storyOf.put(item.id(), item.id());
                outcomes.put(item.id(), new Observations.Outcome(item.id(), item.id(), "STORY", null, 0.0));
            }
            indexed.put(item.id(), fps);
            figuresOf.put(item.id(), figures);
            indexOrder.add(item.id());
        }
        return new Observations(outcomes, Map.of(), Map.of());
    }

    /** Best containment of each item against any earlier item, labelled copy or not: where the threshold has room. */
    static Map<String, Double> bestContainment(final EvalCorpus corpus, final Fingerprinter fingerprinter) {
        final Map<String, Double> out = new HashMap<>();
        final List<EvalItem> items = corpus.items();
        for (final EvalItem a : items) {
            final long[] fa = fingerprinter.fingerprints(a.text());
            double best = 0;
            for (final EvalItem b : items) {
                if (a != b) {
                    best = Math.max(best, Fingerprinter.containment(fa, fingerprinter.fingerprints(b.text())));
                }
            }
            out.put(a.id(), best);
        }
        return out;
    }
}
