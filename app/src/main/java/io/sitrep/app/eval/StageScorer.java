package io.sitrep.app.eval;

import java.io.PrintWriter;
import java.util.LinkedHashMap;

/**
 * Scores one pipeline stage against the labels of an evaluation corpus. {@code sitrep eval} runs
 * every registered scorer over the same {@link Observations} and prints their scores, in order,
 * on its last line; a stage adds its scores by adding a scorer to {@code EvalCommand.SCORERS}.
 */
public interface StageScorer {
    /** Scores in print order; keys are stable {@code snake_case} names, values in [0, 1] unless stated. */
    LinkedHashMap<String, Double> score(EvalCorpus corpus, Observations seen);

    /** Key=value pairs that are not ratios (e.g. {@code negatives_counted=K/N}), appended to the summary line. */
    default String extraKeyValues() {
        return "";
    }

    /** Optional human-readable detail (misses, false merges), printed before the summary. */
    default void explain(final EvalCorpus corpus, final Observations seen, final PrintWriter out) {
    }
}
