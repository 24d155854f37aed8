package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.Tokens;
import io.sitrep.schemas.avro.Side;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parties to the conflict and the names they go by (states, their organs and spokesmen,
 * armed groups, civilians), loaded from a CSV file so that a new actor needs no code change.
 *
 * <p>File format (see {@code actors/README.md}): lines starting with {@code #} are comments; the
 * first other line may be the header {@code id,name,side,kind,country,aliases}; every further
 * line is one actor. {@code side} is a {@link Side} symbol: the value events and claims carry.
 * The display name is not matched; list it among the aliases when it should be.
 * {@code kind} is STATE, ARMED_GROUP or CIVILIANS: states and armed groups can act (initiator,
 * claimant); civilians are only ever the target or the dead. Aliases are {@code |}-separated and
 * matched like gazetteer names: on whole tokens, case-folded, hyphens equal spaces, the longest
 * alias at a token wins ("Pakistani Taliban" is TTP, not Pakistan).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ActorTable {

    /** Classpath location of the project's default actor table. */
    public static final String DEFAULT_RESOURCE = "/actors/actors.csv";

    private static final List<String> HEADER = List.of("id", "name", "side", "kind", "country", "aliases");
    private static final DataFileCsv.Keyed<Actor> TABLE =
            new DataFileCsv.Keyed<>(ActorTable.class, DEFAULT_RESOURCE, "actor table", HEADER, ActorTable::addRow);

    /** What an actor can be in an event. */
    public enum Kind {
        /** A state, its forces, ministries and spokesmen. */
        STATE,
        /** A non-state armed group. */
        ARMED_GROUP,
        /** Non-combatants: a target or the dead, never the one acting. */
        CIVILIANS;

        /** States and armed groups act, claim and lose fighters; civilians do not. */
        public boolean isParty() {
            return this != CIVILIANS;
        }
    }

    /**
     * One row of the table.
     *
     * @param id      stable identifier (AF, PK, TTP, BLA, ISKP, CIV)
     * @param name    display name
     * @param side    the side events and claims record for this actor
     * @param kind    what the actor can be in an event
     * @param country ISO 3166-1 alpha-2 of the state (for a STATE) or of the main area of operation; may be empty
     * @param aliases the names matched in text, as written in the file
     */
    public record Actor(String id, String name, Side side, Kind kind, String country, List<String> aliases) {
    }

    /** An actor named in a token list: tokens {@code first..last} inclusive. */
    record Match(Actor actor, int first, int last) {
    }

    private final Map<String, Actor> byId;
    private final NameTrie<Actor> names = new NameTrie<>();
    private final Set<String> singleWordCivilians;

    private ActorTable(final Map<String, Actor> byId) {
        this.byId = Collections.unmodifiableMap(byId);
        final Set<String> civilians = new HashSet<>();
        for (final Actor a : byId.values()) {
            for (final String alias : a.aliases()) {
                final List<String> words = Tokens.words(alias);
                // The first row wins a name two rows share, as in the gazetteer without a focus.
                names.computeIfAbsent(words, () -> a);
                if (a.kind() == Kind.CIVILIANS && words.size() == 1) {
                    civilians.add(words.get(0));
                }
            }
        }
        this.singleWordCivilians = Set.copyOf(civilians);
    }

    /** The project's actor table, {@value #DEFAULT_RESOURCE} on the classpath. */
    public static ActorTable loadDefault() {
        return new ActorTable(TABLE.defaultRows());
    }

    /** An actor table from one CSV source only. */
    public static ActorTable load(final Reader reader) {
        return new ActorTable(TABLE.rows(reader));
    }

    /**
     * The default table plus the rows of {@code extraCsv} (same format). An id that already
     * exists is an error, not an override; an alias both files use keeps the default row.
     */
    public static ActorTable loadDefaultPlus(final Path extraCsv) {
        return new ActorTable(TABLE.defaultRowsPlus(extraCsv));
    }

    public Optional<Actor> byId(final String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id.trim().toUpperCase(Locale.ROOT)));
    }

    /** All actors in file order. */
    public List<Actor> actors() {
        return List.copyOf(byId.values());
    }

    /** The first words of all aliases: a token that is none of these starts no actor name. */
    Set<String> firstWords() {
        return names.firstWords();
    }

    /** True when {@code word} (a token's normal form) alone names civilians ("civilians", "children"). */
    boolean isCivilianWord(final String word) {
        return singleWordCivilians.contains(word);
    }

    /** The longest actor name starting at token {@code i}, or null. */
    Match matchAt(final List<Tokens.Token> tokens, final int i) {
        final NameTrie.Match<Actor> m = names.longestAt(tokens, i);
        return m == null ? null : new Match(m.value(), m.first(), m.last());
    }

    /** Every actor name in {@code text}, left to right, longest first at each token, not overlapping. */
    public List<Actor> findAll(final String text) {
        return names.findAll(Tokens.tokenize(text)).stream().map(NameTrie.Match::value).toList();
    }

    // ---------------------------------------------------------------- loading

    private static void addRow(final Map<String, Actor> rows, final List<String> cols, final String source, final int lineNo) {
        final String where = DataFileCsv.where(source, lineNo);
        final String id = cols.get(0).toUpperCase(Locale.ROOT);
        if (id.isEmpty() || cols.get(1).isEmpty()) {
            throw new IllegalArgumentException(where + "id and name are required");
        }
        if (rows.containsKey(id)) {
            throw new IllegalArgumentException(where + "duplicate actor id " + id);
        }
        final Side side;
        final Kind kind;
        try {
            side = Side.valueOf(cols.get(2).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "unknown side '" + cols.get(2) + "' (one of "
                    + List.of(Side.values()) + ")", e);
        }
        try {
            kind = Kind.valueOf(cols.get(3).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "unknown kind '" + cols.get(3)
                    + "' (STATE, ARMED_GROUP or CIVILIANS)", e);
        }
        final List<String> aliases = DataFileCsv.list(cols.get(5));
        rows.put(id, new Actor(id, cols.get(1), side, kind, cols.get(4).toUpperCase(Locale.ROOT),
                List.copyOf(aliases)));
    }
}
