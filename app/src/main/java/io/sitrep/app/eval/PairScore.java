package io.sitrep.app.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pairwise precision, recall and F1 of a grouping: a pair of items is predicted when the
 * pipeline groups them, true when the labels do. 0/0 counts as 1 (nothing predicted and nothing
 * to find is not an error).
 */
public record PairScore(int truePositives, int predicted, int actual) {

    /** Unordered pair of item ids, smaller id first. */
    public record Pair(String a, String b) {
        public static Pair of(final String x, final String y) {
            return x.compareTo(y) < 0 ? new Pair(x, y) : new Pair(y, x);
        }
    }

    public static PairScore of(final Set<Pair> predicted, final Set<Pair> actual) {
        final Set<Pair> hits = new HashSet<>(predicted);
        hits.retainAll(actual);
        return new PairScore(hits.size(), predicted.size(), actual.size());
    }

    public double precision() {
        return predicted == 0 ? 1.0 : (double) truePositives / predicted;
    }

    public double recall() {
        return actual == 0 ? 1.0 : (double) truePositives / actual;
    }

    public double f1() {
        return f1(precision(), recall());
    }

    /** The harmonic mean of a precision and a recall; 0 when both are 0. */
    public static double f1(final double precision, final double recall) {
        return precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
    }

    /** All unordered pairs within each group. */
    public static Set<Pair> pairsWithin(final Iterable<? extends Iterable<String>> groups) {
        final Set<Pair> out = new HashSet<>();
        for (final Iterable<String> group : groups) {
            final List<String> members = new ArrayList<>();
            group.forEach(members::add);
            for (int i = 0; i < members.size(); i++) {
                for (int j = i + 1; j < members.size(); j++) {
                    out.add(Pair.of(members.get(i), members.get(j)));
                }
            }
        }
        return out;
    }
}
