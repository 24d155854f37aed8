package io.sitrep.app.eval;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Dedup's scores.
 * <ul>
 *   <li>{@code copy_p}, {@code copy_r}, {@code copy_f1}: pairwise, over copy pairs. True pairs: the
 *       {@code near_duplicate_of} links closed transitively; predicted pairs: items that dedup put
 *       in the same story.</li>
 *   <li>{@code story_f1}: pairwise F1 of grouping by incident (the {@code story} label; items
 *       labelled {@code none} are alone). Two items are grouped when dedup put them in one story
 *       or attribution linked their stories to a same counted event or a same incident (an
 *       incident spanning several regions is several events, one per region, that share an
 *       {@code incidentId}).</li>
 *   <li>{@code story_f1_dedup}: the same with dedup's stories alone (what this stage contributes).</li>
 *   <li>{@code copy_r_<kind>}: where the corpus labels how an item copies its source
 *       ({@code dup_kind}), the share of such links that dedup put in one story, per kind;
 *       {@code copy_r_wire} pools the kinds a lexical rule must find (verbatim, near-verbatim,
 *       truncation). Absent for a corpus without the label.</li>
 * </ul>
 */
public final class DedupScorer implements StageScorer {

    @Override
    public LinkedHashMap<String, Double> score(final EvalCorpus corpus, final Observations seen) {
        final PairScore copies = PairScore.of(predictedCopyPairs(corpus, seen), trueCopyPairs(corpus));
        final Set<PairScore.Pair> trueStory = trueStoryPairs(corpus);
        final Set<PairScore.Pair> byStory = predictedCopyPairs(corpus, seen);
        final Set<PairScore.Pair> byStoryOrEvent = new HashSet<>(byStory);
        byStoryOrEvent.addAll(sharedEventPairs(corpus, seen));
        final LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        out.put("copy_p", copies.precision());
        out.put("copy_r", copies.recall());
        out.put("copy_f1", copies.f1());
        out.put("story_f1", PairScore.of(byStoryOrEvent, trueStory).f1());
        out.put("story_f1_dedup", PairScore.of(byStory, trueStory).f1());
        out.putAll(recallByKind(corpus, seen));
        return out;
    }

    /** Kinds of copy whose text is the source's own, cut or re-edited: what {@code copy_r_wire} pools. */
    static final Set<String> WIRE_KINDS = Set.of("verbatim", "near_verbatim", "truncation");

    /** {@code copy_r_<kind>} per labelled {@code dup_kind}, then {@code copy_r_wire}; empty without labels. */
    static LinkedHashMap<String, Double> recallByKind(final EvalCorpus corpus, final Observations seen) {
        final Map<String, int[]> byKind = new TreeMap<>();
        for (final EvalItem item : corpus.items()) {
            if (item.dupKind() == null || item.nearDuplicateOf() == null) {
                continue;
            }
            final Observations.Outcome a = seen.outcomes().get(item.id());
            final Observations.Outcome b = seen.outcomes().get(item.nearDuplicateOf());
            final boolean found = a != null && b != null && a.storyId().equals(b.storyId());
            for (final String kind : WIRE_KINDS.contains(item.dupKind()) ? List.of(item.dupKind(), "wire") : List.of(item.dupKind())) {
                final int[] n = byKind.computeIfAbsent(kind, k -> new int[2]);
                n[0] += found ? 1 : 0;
                n[1]++;
            }
        }
        final LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        byKind.forEach((kind, n) -> out.put("copy_r_" + kind, (double) n[0] / n[1]));
        return out;
    }

    @Override
    public void explain(final EvalCorpus corpus, final Observations seen, final PrintWriter out) {
        final Set<PairScore.Pair> predicted = predictedCopyPairs(corpus, seen);
        final Set<PairScore.Pair> actual = trueCopyPairs(corpus);
        final List<String> lines = new ArrayList<>();
        for (final PairScore.Pair p : new TreeMap<>(index(actual)).values()) {
            if (!predicted.contains(p)) {
                lines.add("  missed copy   " + p.a() + " ~ " + p.b() + describe(seen, p));
            }
        }
        for (final PairScore.Pair p : new TreeMap<>(index(predicted)).values()) {
            if (!actual.contains(p)) {
                lines.add("  false copy    " + p.a() + " ~ " + p.b() + describe(seen, p));
            }
        }
        final Map<String, Observations.Outcome> outcomes = seen.outcomes();
        for (final EvalItem item : corpus.items()) {
            if (!outcomes.containsKey(item.id()) && !seen.refused().containsKey(item.id())) {
                lines.add("  no outcome    " + item.id());
            }
        }
        out.printf("dedup: %d copy pairs labelled, %d predicted; %d stories; attribution: %d events (%d counted) over %d stories%n",
                actual.size(), predicted.size(), seen.outcomes().values().stream().map(Observations.Outcome::storyId).distinct().count(),
                seen.eventsByStory().values().stream().mapToLong(List::size).sum(),
                seen.eventsByStory().values().stream().flatMap(List::stream).filter(e -> e.getCounted()).count(),
                seen.eventsByStory().size());
        lines.forEach(out::println);
    }

    private static Map<String, PairScore.Pair> index(final Set<PairScore.Pair> pairs) {
        final Map<String, PairScore.Pair> out = new HashMap<>();
        pairs.forEach(p -> out.put(p.a() + " " + p.b(), p));
        return out;
    }

    private static String describe(final Observations seen, final PairScore.Pair p) {
        final Observations.Outcome a = seen.outcomes().get(p.a());
        final Observations.Outcome b = seen.outcomes().get(p.b());
        return "   [" + (a == null ? "?" : a.tier() + " " + String.format("%.2f", a.containment()))
                + " | " + (b == null ? "?" : b.tier() + " " + String.format("%.2f", b.containment())) + "]";
    }

    static Set<PairScore.Pair> trueCopyPairs(final EvalCorpus corpus) {
        final Map<String, String> parent = new HashMap<>();
        for (final EvalItem item : corpus.items()) {
            parent.put(item.id(), item.id());
        }
        for (final EvalItem item : corpus.items()) {
            if (item.nearDuplicateOf() != null && parent.containsKey(item.nearDuplicateOf())) {
                parent.put(find(parent, item.id()), find(parent, item.nearDuplicateOf()));
            }
        }
        final Map<String, List<String>> groups = new HashMap<>();
        for (final EvalItem item : corpus.items()) {
            groups.computeIfAbsent(find(parent, item.id()), k -> new ArrayList<>()).add(item.id());
        }
        return PairScore.pairsWithin(groups.values());
    }

    private static String find(final Map<String, String> parent, final String id) {
        String root = id;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        return root;
    }

    static Set<PairScore.Pair> predictedCopyPairs(final EvalCorpus corpus, final Observations seen) {
        final Map<String, List<String>> byStory = new HashMap<>();
        for (final EvalItem item : corpus.items()) {
            final Observations.Outcome o = seen.outcomes().get(item.id());
            if (o != null) {
                byStory.computeIfAbsent(o.storyId(), k -> new ArrayList<>()).add(item.id());
            }
        }
        return PairScore.pairsWithin(byStory.values());
    }

    static Set<PairScore.Pair> trueStoryPairs(final EvalCorpus corpus) {
        final Map<String, List<String>> byStory = new HashMap<>();
        for (final EvalItem item : corpus.items()) {
            if (item.hasStory()) {
                byStory.computeIfAbsent(item.story(), k -> new ArrayList<>()).add(item.id());
            }
        }
        return PairScore.pairsWithin(byStory.values());
    }

    static Set<PairScore.Pair> sharedEventPairs(final EvalCorpus corpus, final Observations seen) {
        final Map<String, List<String>> byEvent = new HashMap<>();
        for (final EvalItem item : corpus.items()) {
            for (final String key : seen.incidentKeysOf(item.id())) {
                byEvent.computeIfAbsent(key, k -> new ArrayList<>()).add(item.id());
            }
        }
        return PairScore.pairsWithin(byEvent.values());
    }
}
