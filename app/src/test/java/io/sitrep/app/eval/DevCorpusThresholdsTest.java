package io.sitrep.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.streams.dedup.domain.NearCopyRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The thresholds in {@link NearCopyRules#defaults()} against the development corpus, with the
 * domain code alone (the index task's decisions, in publish order). Prints a sweep around them;
 * run with {@code -Dtest=DevCorpusThresholdsTest} to see it, and add
 * {@code -Deval.corpus=PATH} to sweep another corpus in the eval format too (e.g. a real one).
 */
class DevCorpusThresholdsTest {
    private static final EvalCorpus CORPUS = EvalCorpus.devCorpus();

    @Test
    void shouldMeetTheBarWhenDefaultsReplayTheDevCorpus() {
        final Map<String, Double> s = new DedupScorer().score(CORPUS, DedupReplay.run(CORPUS, NearCopyRules.defaults()));

        assertThat(CORPUS.items()).hasSizeGreaterThanOrEqualTo(60);
        assertThat(s.get("copy_p")).as("copy precision %s", s).isGreaterThanOrEqualTo(0.98);
        assertThat(s.get("copy_f1")).as("copy F1 %s", s).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void shouldGroupTheSamePairsWhenABurstReordersNeighbours() {
        // a burst reaches the index through several partitions: reports a few places apart may swap
        final List<EvalItem> ordered = new ArrayList<>(CORPUS.items());
        ordered.sort(java.util.Comparator.comparing(EvalItem::publishedAt));
        final List<EvalItem> shuffled = new ArrayList<>();
        final Random random = new Random(7);
        for (int from = 0; from < ordered.size(); from += 8) {
            final List<EvalItem> block = new ArrayList<>(ordered.subList(from, Math.min(ordered.size(), from + 8)));
            Collections.shuffle(block, random);
            shuffled.addAll(block);
        }
        final Map<String, Double> inOrder = new DedupScorer().score(CORPUS, DedupReplay.run(CORPUS, NearCopyRules.defaults()));
        final Map<String, Double> anyOrder = new DedupScorer().score(CORPUS, DedupReplay.run(shuffled, NearCopyRules.defaults()));

        // order can only lose a link of a chain (A and C both copy B, B placed last), never merge two stories
        assertThat(anyOrder.get("copy_p")).as("%s vs %s", anyOrder, inOrder).isEqualTo(inOrder.get("copy_p"));
        assertThat(anyOrder.get("copy_f1")).as("%s vs %s", anyOrder, inOrder).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void shouldPrintTheSweepAroundTheDefaults() throws Exception {
        final List<EvalCorpus> corpora = new ArrayList<>(List.of(CORPUS));
        if (System.getProperty("eval.corpus") != null) {
            corpora.add(EvalCorpus.read(Path.of(System.getProperty("eval.corpus"))));
        }
        for (final EvalCorpus corpus : corpora) {
            System.out.println("corpus of " + corpus.items().size() + " items");
            for (final double withFigures : new double[] {0.25, 0.28, 0.32}) {
              for (final int run : new int[] {4, 5}) {
                final StringBuilder row = new StringBuilder(String.format("with figures %.2f run %d |", withFigures, run));
                for (final double min : new double[] {0.38, 0.40, 0.42, 0.45, 0.50}) {
                    final NearCopyRules rules = NearCopyRules.defaults().withMinContainment(min, Math.min(min, withFigures))
                            .withMinFigureRun(run);
                    final DedupScorer scorer = new DedupScorer();
                    final Observations seen = DedupReplay.run(corpus, rules);
                    final Map<String, Double> s = scorer.score(corpus, seen);
                    row.append(String.format(" min %.2f %.3f/%.3f/%.3f |", min, s.get("copy_p"), s.get("copy_r"), s.get("copy_f1")));
                }
                System.out.println(row);
              }
            }
            final Observations seen = DedupReplay.run(corpus, NearCopyRules.defaults());
            System.out.println("defaults: " + new DedupScorer().score(corpus, seen) + " " + DedupScorer.recallByKind(corpus, seen));
            new DedupScorer().explain(corpus, seen, new java.io.PrintWriter(System.out, true));
        }
        assertThat(corpora).isNotEmpty();
    }
}
