package io.sitrep.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.streams.dedup.domain.Fingerprinter;
import io.sitrep.streams.dedup.domain.NearCopyRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The thresholds in {@link NearCopyRules#defaults()} against the development corpus, with the
 * domain code alone (the same decisions as the topology, in publish order). Prints the sweep
 * that chose them; run with {@code -Dtest=DevCorpusThresholdsTest} to see it.
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
    void shouldPrintTheSweepThatChoseTheThresholds() {
        final List<String> rows = new ArrayList<>();
        for (final int[] shingling : new int[][] {{5, 4}, {5, 6}, {4, 4}, {6, 4}}) {
            for (final int minShared : new int[] {3, 6, 8, 10, 12}) {
                final StringBuilder row = new StringBuilder(String.format("k=%d w=%d minShared=%2d |", shingling[0], shingling[1], minShared));
                for (final double threshold : new double[] {0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7}) {
                    final NearCopyRules rules = NearCopyRules.defaults().withShingles(shingling[0], shingling[1])
                            .withMinShared(minShared).withMinContainment(threshold);
                    final Map<String, Double> s = new DedupScorer().score(CORPUS, DedupReplay.run(CORPUS, rules));
                    row.append(String.format(" t=%.2f %.3f/%.3f/%.3f |", threshold, s.get("copy_p"), s.get("copy_r"), s.get("copy_f1")));
                }
                rows.add(row.toString());
            }
        }
        final Fingerprinter f = NearCopyRules.defaults().fingerprinter();
        final Set<PairScore.Pair> copies = DedupScorer.trueCopyPairs(CORPUS);
        // per item: its best containment with a labelled copy, and with anything that is not one
        double lowestBestCopy = 1;
        double highestNonCopy = 0;
        for (final EvalItem a : CORPUS.items()) {
            double bestCopy = -1;
            for (final EvalItem b : CORPUS.items()) {
                if (a == b) {
                    continue;
                }
                final double c = Fingerprinter.containment(f.fingerprints(a.text()), f.fingerprints(b.text()));
                if (copies.contains(PairScore.Pair.of(a.id(), b.id()))) {
                    bestCopy = Math.max(bestCopy, c);
                } else {
                    highestNonCopy = Math.max(highestNonCopy, c);
                    if (c >= 0.25 && a.id().compareTo(b.id()) < 0) {
                        rows.add(String.format("  non-copy  %-8s ~ %-8s containment %.3f (shared %d, sizes %d/%d)", a.id(), b.id(), c,
                                Fingerprinter.sharedCount(f.fingerprints(a.text()), f.fingerprints(b.text())),
                                f.fingerprints(a.text()).length, f.fingerprints(b.text()).length));
                    }
                }
            }
            if (bestCopy >= 0) {
                lowestBestCopy = Math.min(lowestBestCopy, bestCopy);
                if (bestCopy < 0.75) {
                    rows.add(String.format("  hard copy %-8s best containment with its copies %.3f", a.id(), bestCopy));
                }
            }
        }
        rows.add(String.format("defaults: lowest best containment of a copy with its copies %.3f; highest containment of a non-copy pair %.3f",
                lowestBestCopy, highestNonCopy));
        rows.forEach(System.out::println);
        assertThat(lowestBestCopy).isGreaterThan(0);
    }
}
