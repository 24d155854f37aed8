package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.Tokens;
import io.sitrep.schemas.avro.Precision;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Regions (provinces, border districts, crossings, cities) and the names they go by, loaded from
 * a CSV file so that a new conflict's regions need no code change.
 *
 * <p>File format (see {@code gazetteer/README.md}): lines starting with {@code #} are comments;
 * the first other line may be the header {@code code,name,country,level,parent,aliases}; every
 * further line is one region. {@code level} is PROVINCE, DISTRICT, CROSSING or CITY (crossings
 * and cities become {@link Precision#LOCALITY}); {@code parent} is required below PROVINCE: a
 * province code for a DISTRICT, a province or district code for a CROSSING or CITY; aliases are
 * {@code |}-separated. Fields may not contain commas.
 *
 * <p>Matching ({@link #findAll(String)}) is case-folded and on word boundaries, over a trie of
 * token sequences: at each token the longest name wins and matching resumes after it, so
 * "North Waziristan" is one match and "Khostwal" never matches "Khost". A name that several rows
 * share (Torkham on either side of the border) resolves to the row in the text's focus country:
 * the country most of the unambiguous matches in the same text belong to; without a focus the
 * first row in file order wins.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Gazetteer {

    /** Classpath location of the project's default gazetteer. */
    public static final String DEFAULT_RESOURCE = "/gazetteer/regions.csv";

    private static final List<String> HEADER = List.of("code", "name", "country", "level", "parent", "aliases");
    private static final DataFileCsv.Keyed<Row> TABLE =
            new DataFileCsv.Keyed<>(Gazetteer.class, DEFAULT_RESOURCE, "gazetteer", HEADER, Gazetteer::addRow);

    private final Map<String, Region> byCode;
    private final Map<String, List<String>> namesByCode;
    private final NameTrie<List<Region>> places = new NameTrie<>();

    private Gazetteer(final Map<String, Region> byCode, final Map<String, List<String>> namesByCode) {
        this.byCode = Collections.unmodifiableMap(byCode);
        this.namesByCode = Collections.unmodifiableMap(namesByCode);
        for (final Map.Entry<String, List<String>> e : namesByCode.entrySet()) {
            final Region region = byCode.get(e.getKey());
            for (final String name : e.getValue()) {
                final List<Region> named = places.computeIfAbsent(Tokens.words(name), () -> new ArrayList<>(1));
                if (named != null && !named.contains(region)) {
                    named.add(region);
                }
            }
        }
    }

    /** The project's gazetteer, {@value #DEFAULT_RESOURCE} on the classpath. */
    public static Gazetteer loadDefault() {
        return build(TABLE.defaultRows());
    }

    /** A gazetteer from one CSV source only. */
    public static Gazetteer load(final Reader reader) {
        return build(TABLE.rows(reader));
    }

    /**
     * The default gazetteer plus the rows of {@code extraCsv} (same format). Extra rows may use
     * default rows as parents; a code that already exists is an error, not an override.
     */
    public static Gazetteer loadDefaultPlus(final Path extraCsv) {
        return build(TABLE.defaultRowsPlus(extraCsv));
    }

    public Optional<Region> byCode(final String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code.trim().toUpperCase(Locale.ROOT)));
    }

    public boolean isKnownCode(final String code) {
        return byCode(code).isPresent();
    }

    /** All regions in file order. */
    public List<Region> regions() {
        return List.copyOf(byCode.values());
    }

    /** The name and aliases of a region, as written in the file. */
    public List<String> names(final String code) {
        return namesByCode.getOrDefault(code, List.of());
    }

    /** The province of a district or locality (walking up parents), or the region itself. */
    public Region province(final Region r) {
        Region cur = r;
        int guard = 0;
        while (cur != null && !cur.isProvince() && cur.parentCode() != null && guard++ < 8) {
            final Region parent = byCode.get(cur.parentCode());
            if (parent == null) {
                break;
            }
            cur = parent;
        }
        return cur;
    }

    /** The district a region is or lies in, if any. */
    public Optional<Region> district(final Region r) {
        Region cur = r;
        int guard = 0;
        while (cur != null && guard++ < 8) {
            if (cur.level() == Precision.DISTRICT) {
                return Optional.of(cur);
            }
            if (cur.isProvince() || cur.parentCode() == null) {
                return Optional.empty();
            }
            cur = byCode.get(cur.parentCode());
        }
        return Optional.empty();
    }

    /** All place names in {@code text}, left to right, ambiguous names resolved by the text's own country focus. */
    public List<PlaceMatch> findAll(final String text) {
        return findAll(text, null);
    }

    /**
     * All place names in {@code text}, left to right. A name shared by rows of several countries
     * resolves to {@code countryFocus} when given and possible, otherwise to the country most
     * unambiguous matches in the text belong to, otherwise to the first row in file order.
     */
    public List<PlaceMatch> findAll(final String text, final String countryFocus) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return findAll(text, Tokens.tokenize(text), countryFocus, false);
    }

    /**
     * Like {@link #findAll(String, String)} over tokens the caller already has; with
     * {@code focusIsFallback} the text's own focus wins and {@code countryFocus} is used only
     * when the text has none (a sentence inside a report).
     */
    List<PlaceMatch> findAll(final String text, final List<Tokens.Token> tokens, final String countryFocus,
                             final boolean focusIsFallback) {
        return findAll(text, tokens, names(tokens), countryFocus, focusIsFallback);
    }

    /** Like {@link #findAll(String, List, String, boolean)} with the {@link #names} of {@code tokens} already found. */
    List<PlaceMatch> findAll(final String text, final List<Tokens.Token> tokens, final List<NameTrie.Match<List<Region>>> names,
                             final String countryFocus, final boolean focusIsFallback) {
        final List<int[]> spans = new ArrayList<>(names.size());
        final List<List<Region>> candidates = new ArrayList<>(names.size());
        for (final NameTrie.Match<List<Region>> m : names) {
            spans.add(new int[] {tokens.get(m.first()).start(), tokens.get(m.last()).end()});
            candidates.add(m.value());
        }
        final String own = countryFocus == null || focusIsFallback ? focusCountry(candidates) : null;
        final String focus = focusIsFallback ? (own != null ? own : countryFocus)
                : countryFocus != null ? countryFocus : own;
        final List<PlaceMatch> out = new ArrayList<>(spans.size());
        for (int k = 0; k < spans.size(); k++) {
            final int[] span = spans.get(k);
            out.add(new PlaceMatch(resolve(candidates.get(k), focus), span[0], span[1], text.substring(span[0], span[1])));
        }
        return out;
    }

    /**
     * The place names of {@code tokens}: walks the trie from every token, keeping the longest name
     * that matches there (so "North Waziristan" wins over "Waziristan"), and continues after it.
     * Each match holds its candidate regions (one name can mean several places). A caller that
     * needs the names of a text twice (a report's focus, then each sentence's places) walks once.
     */
    List<NameTrie.Match<List<Region>>> names(final List<Tokens.Token> tokens) {
        return places.findAll(tokens, WordTags.PLACE_START, true);
    }

    /** The first words of all place names ({@link WordTags#PLACE_START}) with their ids ({@link WordTags#placeId}). */
    Map<String, Integer> firstWordIds() {
        return places.firstWordIds();
    }

    /**
     * The country most unambiguous place names in {@code text} belong to, or {@code null} when
     * there are none or it is a tie. Callers use it as a report-wide focus for sentences that name
     * only an ambiguous place.
     */
    public String focusCountry(final String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return focusCountryOfTokens(Tokens.tokenize(text));
    }

    /** {@link #focusCountry(String)} over tokens the caller already has. */
    String focusCountryOfTokens(final List<Tokens.Token> tokens) {
        return focusCountryOfNames(List.of(names(tokens)));
    }

    /**
     * {@link #focusCountry(String)} of a text made of parts (a report's headline, headings and
     * sentences) whose {@link #names} the caller found part by part: a name never spans two parts.
     */
    String focusCountryOfNames(final List<List<NameTrie.Match<List<Region>>>> namesOfParts) {
        final List<List<Region>> candidates = new ArrayList<>();
        for (final List<NameTrie.Match<List<Region>>> names : namesOfParts) {
            for (final NameTrie.Match<List<Region>> m : names) {
                candidates.add(m.value());
            }
        }
        return focusCountry(candidates);
    }

    private static Region resolve(final List<Region> candidates, final String focus) {
        if (candidates.size() > 1 && focus != null) {
            for (final Region r : candidates) {
                if (r.countryCode().equals(focus)) {
                    return r;
                }
            }
        }
        return candidates.get(0);
    }

    private static String focusCountry(final List<List<Region>> candidates) {
        final Map<String, Integer> votes = new HashMap<>();
        for (final List<Region> c : candidates) {
            final String country = c.get(0).countryCode();
            if (c.stream().allMatch(r -> r.countryCode().equals(country))) {
                votes.merge(country, 1, Integer::sum);
            }
        }
        String best = null;
        int bestVotes = 0;
        boolean tie = false;
        for (final Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
                tie = false;
            } else if (e.getValue() == bestVotes) {
                tie = true;
            }
        }
        return tie ? null : best;
    }

    // ---------------------------------------------------------------- loading

    private record Row(String code, String name, String country, String level, String parent, List<String> aliases,
                       String source, int line) {
    }

    private static void addRow(final Map<String, Row> rows, final List<String> cols, final String source, final int lineNo) {
        final String code = cols.get(0).toUpperCase(Locale.ROOT);
        if (code.isEmpty() || cols.get(1).isEmpty() || cols.get(2).isEmpty()) {
            throw new IllegalArgumentException(DataFileCsv.where(source, lineNo) + "code, name and country are required");
        }
        if (rows.containsKey(code)) {
            throw new IllegalArgumentException(DataFileCsv.where(source, lineNo) + "duplicate region code " + code);
        }
        rows.put(code, new Row(code, cols.get(1), cols.get(2).toUpperCase(Locale.ROOT),
                cols.get(3).toUpperCase(Locale.ROOT), cols.get(4).isEmpty() ? null : cols.get(4).toUpperCase(Locale.ROOT),
                DataFileCsv.list(cols.get(5)), source, lineNo));
    }

    private static Gazetteer build(final Map<String, Row> rows) {
        final Map<String, Region> regions = new LinkedHashMap<>();
        final Map<String, List<String>> names = new LinkedHashMap<>();
        for (final Row row : rows.values()) {
            final Precision level = switch (row.level()) {
                case "PROVINCE" -> Precision.PROVINCE;
                case "DISTRICT" -> Precision.DISTRICT;
                case "CROSSING", "CITY", "LOCALITY" -> Precision.LOCALITY;
                default -> throw new IllegalArgumentException(where(row) + "unknown level '" + row.level()
                        + "' (PROVINCE, DISTRICT, CROSSING or CITY)");
            };
            if (level == Precision.PROVINCE && row.parent() != null) {
                throw new IllegalArgumentException(where(row) + "a PROVINCE has no parent");
            }
            if (level != Precision.PROVINCE) {
                final Row parent = row.parent() == null ? null : rows.get(row.parent());
                if (parent == null) {
                    throw new IllegalArgumentException(where(row) + "parent '" + row.parent() + "' is not a known code");
                }
                final boolean parentOk = "PROVINCE".equals(parent.level())
                        || level == Precision.LOCALITY && "DISTRICT".equals(parent.level());
                if (!parentOk) {
                    throw new IllegalArgumentException(where(row) + "parent " + parent.code() + " has level " + parent.level());
                }
                if (!parent.country().equals(row.country())) {
                    throw new IllegalArgumentException(where(row) + "parent " + parent.code() + " is in another country");
                }
            }
            regions.put(row.code(), new Region(row.code(), row.name(), row.country(), level, row.parent()));
            final List<String> n = new ArrayList<>();
            n.add(row.name());
            n.addAll(row.aliases());
            names.put(row.code(), List.copyOf(n));
        }
        return new Gazetteer(regions, names);
    }

    private static String where(final Row row) {
        return row.source() + ":" + row.line() + ": " + row.code() + ": ";
    }
}
