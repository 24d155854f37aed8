package io.sitrep.streams.attribution.domain;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Word tags: each token is looked up once (Tokens.tokenize with {@link #forActors}) and the
 * per-token rules first test its bits, so most tokens skip a rule without any further lookup. A
 * tag is the union of every word its rule compares the token itself against, which makes the test
 * a necessary condition and leaves the results unchanged. Helpers that test tags expect tokens
 * tokenized with these tags.
 */
final class WordTags {

    static final int DATE = 1;
    static final int SENTENCE_CUE = 1 << 1;
    static final int CUE = 1 << 2;
    static final int NUMBER = 1 << 3;
    static final int SPEECH = 1 << 4;
    static final int VERIFY = 1 << 5;
    static final int SIDE = 1 << 6;
    /** The first word of a gazetteer name: a token without it starts no place name. */
    static final int PLACE_START = 1 << 7;
    /** A word that places a sentence along the border ({@code SentenceAnalysis.BORDER_WORDS}). */
    static final int BORDER = 1 << 8;
    /** The first word of an event lexicon phrase of whole words ({@link EventLexicon#exactFirstWords}). */
    static final int LEXICON_START = 1 << 9;
    /**
     * A word whose first three letters are those of an event lexicon phrase that opens with a prefix
     * ("clash*", {@link EventLexicon#startsPrefixPhrase}). Not in the table: the extractor tags every
     * word it meets with it.
     */
    static final int LEXICON_PREFIX = 1 << 10;
    /** A word that starts with an ASCII digit ({@link Numbers#startsWithDigit}): a figure or a year. Not in the table: set by {@link #tagOf}. */
    static final int DIGIT_START = 1 << 11;
    /** "year", which {@link DateCues#recallsPast} reads beside the date words ("last year"). */
    static final int YEAR = 1 << 12;
    /**
     * Where a {@link #PLACE_START} word's id among the gazetteer's first words sits
     * ({@code NameTrie#firstWordIds}): bits 13-29, so the place-name lookup starts without a map.
     */
    static final int PLACE_ID_SHIFT = 13;
    private static final int PLACE_ID_MASK = (1 << 17) - 1;
    /**
     * On every token tokenized with these tags, whatever its word: a helper that also reads
     * untagged tokens (plain text from other callers) skips a lookup on a tag only where this is set.
     */
    static final int TAGGED = 1 << 30;
    private static final Map<String, Integer> TAGS = tags();

    private WordTags() {
    }

    /**
     * The tag table plus {@link #SIDE} on the first word of every actor alias and
     * {@link #PLACE_START} on the first word of every place name of {@code gazetteer}.
     */
    static Map<String, Integer> of(final ActorTable actors, final Gazetteer gazetteer) {
        return of(actors, gazetteer, null);
    }

    /** {@link #of(ActorTable, Gazetteer)} plus {@link #LEXICON_START} from {@code lexicon} (null: none). */
    static Map<String, Integer> of(final ActorTable actors, final Gazetteer gazetteer, final EventLexicon lexicon) {
        final Map<String, Integer> m = new HashMap<>(TAGS);
        if (lexicon != null) {
            for (final String w : lexicon.exactFirstWords()) {
                m.merge(w, LEXICON_START, (a, b) -> a | b);
            }
        }
        for (final String w : actors.firstWords()) {
            m.merge(w, SIDE, (a, b) -> a | b);
        }
        for (final Map.Entry<String, Integer> e : gazetteer.firstWordIds().entrySet()) {
            if (e.getValue() > PLACE_ID_MASK) {
                throw new IllegalStateException("more first words of place names than a tag holds ids for: " + e.getValue());
            }
            m.merge(e.getKey(), PLACE_START | e.getValue() << PLACE_ID_SHIFT, (a, b) -> a | b);
        }
        // a HashMap, not Map.copyOf's table: every token of every report is looked up here, and that
        // table finds a key's slot with a division (floorMod): about a seventh of attribution's samples (round 18)
        return Collections.unmodifiableMap(m);
    }

    /** The id among the gazetteer's first words that {@code tags} of a {@link #PLACE_START} word carry. */
    static int placeId(final int tags) {
        return tags >>> PLACE_ID_SHIFT & PLACE_ID_MASK;
    }

    /**
     * The tags of {@code word} (a normal form) as the extractor gives them: its bits in {@code table}
     * ({@link #of}), {@link #TAGGED}, {@link #LEXICON_PREFIX} when it may start one of
     * {@code lexicon}'s prefix phrases, and {@link #DIGIT_START}.
     */
    static int tagOf(final Map<String, Integer> table, final EventLexicon lexicon, final String word) {
        final Integer t = table.get(word);
        return (t == null ? TAGGED : t | TAGGED) | (lexicon.startsPrefixPhrase(word) ? LEXICON_PREFIX : 0)
                | (Numbers.startsWithDigit(word) ? DIGIT_START : 0);
    }

    private static Map<String, Integer> tags() {
        final Map<String, Integer> m = new HashMap<>();
        final Set<String> date = new HashSet<>(List.of("night", "day", "evening", "before", "earlier", "yesterday",
                "overnight", "today", "tonight", "morning", "afternoon", "ago"));
        date.addAll(DateCues.WEEKDAYS.keySet());
        date.addAll(DateCues.MONTHS.keySet());
        final Set<String> cue = new HashSet<>(List.of("any", "won", "can", "not", "no", "may", "might", "last",
                "previous"));
        cue.addAll(NegationScope.PRE_CUES);
        cue.addAll(NegationScope.CONTRACTED_NEGATIONS);
        cue.addAll(NegationScope.TO_CUES);
        cue.addAll(NegationScope.PERIODS);
        cue.addAll(NegationScope.MOTIVE_WORDS);
        cue.addAll(NegationScope.REFERENCE_WORDS);
        cue.addAll(NegationScope.TREND_WORDS);
        final Set<String> sentenceCue = new HashSet<>(NegationScope.SENTENCE_CUES);
        sentenceCue.addAll(List.of("denied", "ruled", "false"));
        final Object[][] groups = {
            {DATE, date},
            {SENTENCE_CUE, sentenceCue},
            {CUE, cue},
            {NUMBER, Numbers.NUMBER_WORDS.keySet()},
            {SPEECH, CasualtyClaims.SPEECH_VERBS},
            {VERIFY, Set.of("unverified", "unverifiable", "verified", "verify", "verifiable", "confirmed")},
            // Actor aliases add their first words per instance (the table is data).
            {SIDE, Set.of("kabul", "islamabad")},
            {BORDER, SentenceAnalysis.BORDER_WORDS},
            {YEAR, Set.of("year")},
        };
        for (final Object[] g : groups) {
            for (final Object w : (Set<?>) g[1]) {
                m.merge((String) w, (Integer) g[0], (a, b) -> a | b);
            }
        }
        return Map.copyOf(m);
    }
}
