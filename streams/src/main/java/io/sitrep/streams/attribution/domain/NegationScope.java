package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.Tokens;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Hypothetical, future, negated and background spans, cut out NegEx-style: a cue ("would",
 * "will", "if", "threatened", "warned", "denied", "did not", "no strikes", …) puts the rest of its
 * clause out of scope; a few cues ("baseless", "were denied", "rejected", "ruled out") the whole
 * sentence.
 */
final class NegationScope {

    static final Set<String> PRE_CUES = Set.of("would", "will", "shall", "could", "might", "if", "unless",
            "whether", "threaten", "threatens", "threatened", "threatening", "warn", "warns", "warned", "warning",
            "vow", "vows", "vowed", "vowing", "pledge", "pledged", "deny", "denies", "denied", "denying", "never",
            "nor", "cannot", "hypothetical", "wouldn", "won", "planning", "plotting", "anniversary", "organising",
            "organizing", "orchestrating", "masterminding", "previously");
    static final Set<String> SENTENCE_CUES = Set.of("baseless", "fabricated", "untrue", "rejected",
            "dismissed", "unfounded", "false", "exercise", "exercises", "drill", "drills", "rehearsal", "wargame",
            "wargames");
    static final Set<String> PERIODS = Set.of("week", "weeks", "month", "months", "year", "years", "decade");
    static final Set<String> CONTRACTED_NEGATIONS = Set.of("didn", "doesn", "don", "wasn", "weren", "hasn",
            "haven", "hadn", "isn", "aren", "couldn", "wouldn", "shouldn", "won", "can");
    private static final Set<String> NOT_PSEUDO = Set.of("immediately", "only", "independently", "clear", "known");
    static final Set<String> TO_CUES = Set.of("plans", "plan", "planning", "ready", "prepared", "intends",
            "intend", "going", "threatening");
    private static final Set<String> MAY_VERBS = Set.of("be", "have", "strike", "launch", "retaliate", "respond", "hit",
            "attack");
    private static final Set<String> NO_OBJECTS = Set.of("strike", "strikes", "airstrike", "airstrikes", "attack",
            "attacks", "shelling", "clash", "clashes", "fighting", "bombing", "bombings", "incursion", "violation",
            "violations", "raid", "raids", "air");
    private static final Set<String> MODAL_CUES = Set.of("would", "will", "shall", "could", "might", "may", "won",
            "wouldn", "can");
    private static final Set<String> CLAUSE_START = Set.of("and", "but", "while", "whereas", "although", "though",
            "however", "that", "which", "who", "after", "as");
    private static final Set<String> MOTIVES = Set.of("retaliation", "response", "revenge", "reprisal");
    /** Before an attack word, an earlier attack: "since the clashes", "following the strikes", "a similar attack". */
    static final Set<String> REFERENCE_WORDS = Set.of("since", "following", "similar", "previous", "earlier", "last",
            "past", "light");
    /** A trend, not an incident: "a rise in attacks", "a spate of bombings". */
    static final Set<String> TREND_WORDS = Set.of("uptick", "rise", "surge", "increase", "spate");
    static final Set<String> MOTIVE_WORDS = Set.of("retaliation", "response", "revenge", "reprisal", "avenge",
            "avenged", "avenging");
    private static final Set<String> SCOPE_END = Set.of("but", "however", "although", "though", "whereas", "while");

    private NegationScope() {
    }

    /** Marks tokens that lie in the scope of a negation, hypothesis or future cue. */
    static boolean[] mark(final String text, final List<Tokens.Token> tokens, final Set<Integer> triggerStarts) {
        final int n = tokens.size();
        final boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (!tokens.get(i).is(WordTags.SENTENCE_CUE)) {
                continue;
            }
            if (SENTENCE_CUES.contains(tokens.get(i).norm()) || isPostCue(tokens, i)) {
                Arrays.fill(out, true);
                return out;
            }
        }
        for (int i = 0; i < n; i++) {
            if (!tokens.get(i).is(WordTags.CUE)) {
                continue;
            }
            if (isReference(tokens, i, triggerStarts)) {
                // Only the attack it names is an earlier one; the rest of the clause may be new.
                Arrays.fill(out, i, referenceEnd(tokens, i, triggerStarts) + 1, true);
                continue;
            }
            final boolean any = "any".equals(tokens.get(i).norm()) && followedByTrigger(tokens, i, triggerStarts);
            if (!any && !isCue(tokens, i, triggerStarts)) {
                continue;
            }
            if (MODAL_CUES.contains(tokens.get(i).norm()) || pastPeriod(tokens, i)) {
                // "Any strike on Kabul would be met with …": a modal also covers its clause backwards.
                for (int j = i - 1; j >= 0; j--) {
                    if (CLAUSE_START.contains(tokens.get(j).norm())) {
                        break;
                    }
                    out[j] = true;
                    final String gap = text.substring(j > 0 ? tokens.get(j - 1).end() : 0, tokens.get(j).start());
                    if (gap.contains(",") || gap.contains(";")) {
                        break;
                    }
                }
            }
            for (int j = i; j < n; j++) {
                if (j > i && (SCOPE_END.contains(tokens.get(j).norm())
                        || text.substring(tokens.get(j - 1).end(), tokens.get(j).start()).contains(";"))) {
                    break;
                }
                out[j] = true;
            }
        }
        return out;
    }

    private static boolean isPostCue(final List<Tokens.Token> tokens, final int i) {
        final String w = tokens.get(i).norm();
        final String next = i + 1 < tokens.size() ? tokens.get(i + 1).norm() : "";
        final String prev = i > 0 ? tokens.get(i - 1).norm() : "";
        return "denied".equals(w) && ("were".equals(prev) || "was".equals(prev) || "been".equals(prev))
                || "ruled".equals(w) && "out".equals(next)
                || "false".equals(w) && ("is".equals(prev) || "are".equals(prev) || "were".equals(prev) || "was".equals(prev));
    }

    private static boolean followedByTrigger(final List<Tokens.Token> tokens, final int i, final Set<Integer> triggerStarts) {
        for (int k = i + 1; k <= i + 2 && k < tokens.size(); k++) {
            if (triggerStarts.contains(k) || NO_OBJECTS.contains(tokens.get(k).norm())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCue(final List<Tokens.Token> tokens, final int i, final Set<Integer> triggerStarts) {
        final String w = tokens.get(i).norm();
        final String next = i + 1 < tokens.size() ? tokens.get(i + 1).norm() : "";
        if ("won".equals(w) || "can".equals(w)) {
            return "t".equals(next);
        }
        if (PRE_CUES.contains(w)) {
            return true;
        }
        if (CONTRACTED_NEGATIONS.contains(w) && "t".equals(next)) {
            return true;
        }
        if ("not".equals(w)) {
            return !NOT_PSEUDO.contains(next);
        }
        if ("no".equals(w)) {
            return followedByTrigger(tokens, i, triggerStarts);
        }
        if ("may".equals(w) || "might".equals(w)) {
            return MAY_VERBS.contains(next);
        }
        return TO_CUES.contains(w) && "to".equals(next) || isBackground(tokens, i) || isMotive(tokens, i);
    }

    /** The last token of the attack a reference cue names: the first trigger or attack word after it. */
    private static int referenceEnd(final List<Tokens.Token> tokens, final int i, final Set<Integer> triggerStarts) {
        for (int k = i + 1; k <= i + 3 && k < tokens.size(); k++) {
            if (triggerStarts.contains(k) || NO_OBJECTS.contains(tokens.get(k).norm())) {
                return k;
            }
        }
        return Math.min(tokens.size() - 1, i + 3);
    }

    /** "since the clashes", "following the strikes", "a similar attack", "a rise in attacks": an earlier attack or a trend. */
    private static boolean isReference(final List<Tokens.Token> tokens, final int i, final Set<Integer> triggerStarts) {
        final String w = tokens.get(i).norm();
        final String next = i + 1 < tokens.size() ? tokens.get(i + 1).norm() : "";
        // "in light of the strikes" (not "light and heavy weapons")
        final boolean light = "light".equals(w);
        return REFERENCE_WORDS.contains(w) && followedByTrigger(tokens, i, triggerStarts)
                && (!light || "of".equals(next) && i > 0 && "in".equals(tokens.get(i - 1).norm()))
                || TREND_WORDS.contains(w) && ("in".equals(next) || "of".equals(next))
                && (followedByTrigger(tokens, i + 1, triggerStarts) || "violence".equals(i + 2 < tokens.size() ? tokens.get(i + 2).norm() : ""));
    }

    /**
     * An attack named as the motive of another: "in retaliation for air strikes", "in response to
     * the shelling", "to avenge the raid". The attack it names is an earlier one, not this event.
     */
    private static boolean isMotive(final List<Tokens.Token> tokens, final int i) {
        final String w = tokens.get(i).norm();
        final String next = i + 1 < tokens.size() ? tokens.get(i + 1).norm() : "";
        return MOTIVES.contains(w) && ("for".equals(next) || "to".equals(next) || "of".equals(next))
                || "avenge".equals(w) || "avenged".equals(w) || "avenging".equals(w);
    }

    /**
     * "… which hijacked a train last week": an act dated a week or more back is an earlier
     * incident; the cue covers its clause both ways, like a modal.
     */
    private static boolean pastPeriod(final List<Tokens.Token> tokens, final int i) {
        final String next = i + 1 < tokens.size() ? tokens.get(i + 1).norm() : "";
        final String after = i + 2 < tokens.size() ? tokens.get(i + 2).norm() : "";
        return "last".equals(tokens.get(i).norm()) && PERIODS.contains(next) && !"s".equals(after);
    }

    /**
     * An earlier incident recalled as background: "last week's clashes", "last year's strikes",
     * "a year after air strikes …", "two months since the raid". Its clause is not a new event.
     */
    private static boolean isBackground(final List<Tokens.Token> tokens, final int i) {
        final String w = tokens.get(i).norm();
        final String next = i + 1 < tokens.size() ? tokens.get(i + 1).norm() : "";
        final String after = i + 2 < tokens.size() ? tokens.get(i + 2).norm() : "";
        if ("last".equals(w) || "previous".equals(w)) {
            return PERIODS.contains(next) && "s".equals(after) || pastPeriod(tokens, i);
        }
        return PERIODS.contains(w) && ("after".equals(next) || "since".equals(next)) && i > 0
                && ("a".equals(tokens.get(i - 1).norm()) || Numbers.number(tokens.get(i - 1).norm()) != null);
    }
}
