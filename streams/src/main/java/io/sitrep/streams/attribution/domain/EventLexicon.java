package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.Tokens;
import io.sitrep.schemas.avro.EventType;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trigger phrases that say what kind of event a sentence reports, loaded from
 * {@value #DEFAULT_RESOURCE} (format in {@code lexicon/README.md}).
 *
 * <p>Each phrase maps to an {@link EventType} or to GENERIC (an attack verb that does not tell the
 * kind: "struck", "hit"). The order of the file is the priority: when a sentence holds phrases of
 * several types, the one listed first wins. Immutable and thread-safe.
 */
public final class EventLexicon {

    /** Classpath location of the project's lexicon. */
    public static final String DEFAULT_RESOURCE = "/lexicon/event-types.csv";
    /** The columns; the last one is optional. */
    private static final List<String> HEADER = List.of("phrase", "eventtype", "subtype");

    /**
     * A phrase found in a sentence.
     *
     * @param type       the event type, or {@code null} for a GENERIC attack verb
     * @param priority   position of the phrase's entry in the file; lower wins
     * @param firstToken index of the first token of the phrase in the sentence's tokens
     * @param lastToken  index of the last token
     */
    public record Trigger(EventType type, String subType, int priority, int firstToken, int lastToken) {

        public boolean generic() {
            return type == null;
        }
    }

    private record Entry(List<String> words, EventType type, String subType, int priority) {
    }

    private final List<Entry> entries;
    /** Entries by their first word (exact words only); prefix words ("clash*") are tried at every token. */
    private final Map<String, List<Entry>> byFirstWord = new HashMap<>();
    /** Entries whose first word is a prefix ("clash*"), by the prefix's first three letters. */
    private final Map<String, List<Entry>> byPrefix3 = new HashMap<>();
    private final List<Entry> shortPrefix = new ArrayList<>();
    /**
     * {@link #byPrefix3} as sorted packed keys (three chars in a long) and their entry lists, so
     * the lookup at every token of every report needs no substring and no hashing.
     */
    private final long[] prefix3Keys;
    private final List<List<Entry>> prefix3Entries = new ArrayList<>();

    private EventLexicon(final List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (final Entry e : this.entries) {
            final String first = e.words().get(0);
            if (first.endsWith("*") && first.length() > 3) {
                byPrefix3.computeIfAbsent(first.substring(0, 3), k -> new ArrayList<>()).add(e);
            } else if (first.endsWith("*")) {
                shortPrefix.add(e);
            } else {
                byFirstWord.computeIfAbsent(first, k -> new ArrayList<>()).add(e);
            }
        }
        this.prefix3Keys = byPrefix3.keySet().stream().mapToLong(EventLexicon::pack3).sorted().toArray();
        for (final long key : prefix3Keys) {
            for (final Map.Entry<String, List<Entry>> e : byPrefix3.entrySet()) {
                if (pack3(e.getKey()) == key) {
                    prefix3Entries.add(e.getValue());
                }
            }
        }
    }

    /**
     * Whether {@code norm} (a normal form) may start a phrase whose first word is a prefix ("clash*"
     * for "clashes"): {@link WordTags#LEXICON_PREFIX}.
     */
    boolean startsPrefixPhrase(final String norm) {
        return prefix3Slot(norm) >= 0;
    }

    /** The index of {@code norm}'s first three chars in {@link #prefix3Keys}, negative when absent. */
    private int prefix3Slot(final String norm) {
        return norm.length() >= 3 ? Arrays.binarySearch(prefix3Keys, pack3(norm)) : -1;
    }

    /** The first three chars of {@code s} (at least three long) packed into one long. */
    private static long pack3(final String s) {
        return (long) s.charAt(0) << 32 | (long) s.charAt(1) << 16 | s.charAt(2);
    }

    /** The project's lexicon. */
    public static EventLexicon loadDefault() {
        final List<Entry> entries = new ArrayList<>();
        DataFileCsv.readResource(EventLexicon.class, DEFAULT_RESOURCE, "lexicon", HEADER, 2,
                (cols, source, line) -> entries.add(entry(cols, DataFileCsv.where(source, line), entries.size())));
        return new EventLexicon(entries);
    }

    /** A lexicon from a CSV source ({@code phrase,eventType[,subType]}; {@code #} comments). */
    public static EventLexicon load(final Reader reader) {
        final List<Entry> entries = new ArrayList<>();
        DataFileCsv.read(reader, "lexicon", "lexicon", HEADER, 2,
                (cols, source, line) -> entries.add(entry(cols, DataFileCsv.where(source, line), entries.size())));
        return new EventLexicon(entries);
    }

    private static Entry entry(final List<String> cols, final String where, final int priority) {
        if (cols.get(0).isEmpty()) {
            throw new IllegalArgumentException(where + "expected phrase,eventType[,subType]");
        }
        final String typeName = cols.get(1).toUpperCase(Locale.ROOT);
        final EventType type;
        if ("GENERIC".equals(typeName)) {
            type = null;
        } else {
            try {
                type = EventType.valueOf(typeName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "unknown event type " + typeName, e);
            }
        }
        final List<String> words = new ArrayList<>();
        for (final String w : cols.get(0).split("[\\s-]+")) {
            if (w.isEmpty()) {
                continue;
            }
            final boolean prefix = w.endsWith("*");
            final String norm = Tokens.normalize(prefix ? w.substring(0, w.length() - 1) : w);
            words.add(prefix ? norm + "*" : norm);
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException(where + "empty phrase");
        }
        final String subType = cols.size() == 3 && !cols.get(2).isEmpty() ? cols.get(2).toLowerCase(Locale.ROOT)
                : defaultSubType(type);
        return new Entry(words, type, subType, priority);
    }

    /** The first words of the phrases of whole words: {@link WordTags#LEXICON_START}. */
    Set<String> exactFirstWords() {
        return Collections.unmodifiableSet(byFirstWord.keySet());
    }

    /**
     * Every phrase occurrence in the tokens, in token order (overlapping phrases all reported). A token
     * tagged by {@link WordTags} with this lexicon starts a phrase of whole words only if it carries
     * {@link WordTags#LEXICON_START}: the map is not asked for the others (most words). In the pipeline,
     * that lookup per token, its table and keys cold between reports, was a seventh of attribution's
     * samples (round 20); in {@code ExtractionBenchmark}, which repeats one report, it was not.
     */
    List<Trigger> find(final List<Tokens.Token> tokens) {
        final List<Trigger> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            final Tokens.Token token = tokens.get(i);
            final String norm = token.norm();
            final boolean untagged = (token.tags() & WordTags.TAGGED) == 0;
            final List<Entry> exact = untagged || (token.tags() & WordTags.LEXICON_START) != 0 ? byFirstWord.get(norm) : null;
            if (exact != null) {
                addMatches(exact, tokens, i, out);
            }
            final int slot = untagged || (token.tags() & WordTags.LEXICON_PREFIX) != 0 ? prefix3Slot(norm) : -1;
            if (slot >= 0) {
                addMatches(prefix3Entries.get(slot), tokens, i, out);
            }
            addMatches(shortPrefix, tokens, i, out);
        }
        // Same order as a scan of the file would give: by token, then by priority.
        out.sort((a, b) -> a.firstToken() != b.firstToken() ? Integer.compare(a.firstToken(), b.firstToken())
                : Integer.compare(a.priority(), b.priority()));
        return out;
    }

    private static void addMatches(final List<Entry> candidates, final List<Tokens.Token> tokens, final int i,
                                   final List<Trigger> out) {
        // indexed: called for every token of every report, where an iterator per call was a tenth of attribution's garbage
        for (int k = 0; k < candidates.size(); k++) {
            final Entry e = candidates.get(k);
            if (matchesAt(e.words(), tokens, i)) {
                out.add(new Trigger(e.type(), e.subType(), e.priority(), i, i + e.words().size() - 1));
            }
        }
    }

    /** Convenience for callers with plain text. */
    public List<Trigger> find(final String sentence) {
        return find(Tokens.tokenize(sentence));
    }

    /** The sub-type of an entry without a third column: the evaluation label of its type. */
    static String defaultSubType(final EventType type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case AIR_DRONE_STRIKE -> "airstrike";
            case SHELLING_ARTILLERY_MISSILE -> "shelling";
            case ARMED_CLASH -> "armed_clash";
            case SUICIDE_BOMB -> "suicide_bombing";
            case REMOTE_EXPLOSIVE -> "ied";
            case GROUND_ASSAULT -> "ground_assault";
            case ATTACK_ON_CIVILIANS -> "attack_on_civilians";
            case STRATEGIC_DEVELOPMENT -> "statement";
            case UNKNOWN -> "other_violence";
        };
    }

    private static boolean matchesAt(final List<String> words, final List<Tokens.Token> tokens, final int at) {
        if (at + words.size() > tokens.size()) {
            return false;
        }
        for (int k = 0; k < words.size(); k++) {
            final String w = words.get(k);
            final String tok = tokens.get(at + k).norm();
            final boolean ok = w.endsWith("*") ? tok.regionMatches(0, w, 0, w.length() - 1) : tok.equals(w);
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
