package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where it happened vs where it is named: of the places a sentence names, only those in the role
 * of a location count as event places. A place is not one when it stands for its government
 * ("Islamabad said", "Kabul launched", "the Kabul government", "Islamabad's most wanted"), names an
 * origin or a destination ("fired from Khost", "a visit to Kabul", "bound for Peshawar", "a
 * Peshawar-bound train"), names an institution ("Kabul Bank", "Quetta police said"), sits in a
 * background phrase ("since the Taliban took power in Kabul"), is part of a party's name ("IS-KP"),
 * or only locates another such place
 * ("to Peshawar in Khyber Pakhtunkhwa", "from Quetta, the capital of Balochistan").
 */
final class PlaceRoles {

    private static final Set<String> ORIGIN_OR_DESTINATION = Set.of("from", "to", "for", "towards", "toward", "via",
            "direction", "directions", "bordering", "borders", "adjoining");
    private static final Set<String> GOVERNMENT_OBJECT_VERBS = Set.of("accusing", "accused", "accuse", "accuses",
            "blamed", "blaming", "blames", "urged", "urging", "warned", "warning", "told", "condemned", "criticised",
            "criticized", "summoned", "asked", "pressed", "pressing");
    /** Honorifics and settlement words that open longer local names ("Shah Mardan", "Qila Saifullah"). */
    private static final Set<String> NAME_PREFIXES = Set.of("shah", "pir", "haji", "mullah", "sheikh", "sardar",
            "qila", "killi", "kili", "syed", "sayed");
    private static final Set<String> LOCATIVE = Set.of("in", "of", "at", "near", "inside", "outside");
    /** Words between a preposition and its place that do not change the place's role: "to the garrison city of". */
    private static final Set<String> DESCRIPTORS = Set.of("the", "city", "town", "of", "capital", "garrison",
            "provincial", "southern", "northern", "eastern", "western", "central", "northwestern", "southwestern",
            "northeastern", "southeastern", "border", "port", "district", "province", "in", "afghan", "pakistani", "and");
    /** A noun right after a place that makes the place an attribute of an institution or a person. */
    private static final Set<String> INSTITUTION_NOUNS = Set.of("government", "regime", "administration",
            "authorities", "rulers", "bank", "police", "spokesman", "spokesperson", "embassy", "based", "bound",
            "officials", "official", "governor", "envoy", "ambassador");
    /** Who speaks from a place: "the Taliban government in Kabul", "officials in Khost said". */
    private static final Set<String> SPEAKER_NOUNS = Set.of("government", "regime", "administration", "authorities",
            "rulers", "officials", "official", "spokesman", "spokesperson", "embassy");
    /** What a place possesses when it stands for its government: "Islamabad's most wanted", "Kabul's allegations". */
    private static final Set<String> GOVERNMENT_POSSESSIONS = Set.of("most", "allegations", "allegation",
            "accusations", "accusation", "claims", "claim", "ties", "relations", "envoy", "ambassador", "policy",
            "demand", "demands", "stance", "response", "decision", "foreign", "defence", "defense", "interior",
            "ministry", "minister", "government", "rulers", "regime", "leaders", "leadership", "spokesman");

    private PlaceRoles() {
    }

    /**
     * The places of a sentence that are event locations, in order.
     *
     * @param spans     token span [first, last] of each place found
     * @param starts    last token by first token, of every place found
     * @param outOfScope tokens in a negated or hypothetical scope
     */
    static List<PlaceMatch> eventPlaces(final String text, final List<Tokens.Token> tokens,
                                        final Map<PlaceMatch, int[]> spans, final Map<Integer, Integer> starts,
                                        final boolean[] outOfScope, final List<PartyMentions.Mention> parties) {
        final List<PlaceMatch> out = new ArrayList<>();
        int droppedEnd = -2;
        for (final Map.Entry<PlaceMatch, int[]> e : spans.entrySet()) {
            final int first = e.getValue()[0];
            final int last = e.getValue()[1];
            if (outOfScope[first] || inPartyName(first, last, parties) || locatesDropped(tokens, first, droppedEnd)
                    || notALocation(text, tokens, first, last, starts)) {
                droppedEnd = last;
                continue;
            }
            out.add(e.getKey());
        }
        return out;
    }

    private static boolean notALocation(final String text, final List<Tokens.Token> tokens, final int first,
                                        final int last, final Map<Integer, Integer> starts) {
        final String prev = first > 0 ? tokens.get(first - 1).norm() : "";
        // "police in the city of Kunduz said": a place after a preposition is no speaking subject.
        if (GOVERNMENT_OBJECT_VERBS.contains(prev) || !LOCATIVE.contains(prev) && isMetonymy(tokens, last, starts)) {
            return true;
        }
        // "the Shah Mardan check post": after a name prefix the place is part of a longer local name.
        if (NAME_PREFIXES.contains(prev) && joined(text, tokens, first - 1)
                && Character.isUpperCase(text.charAt(tokens.get(first - 1).start()))) {
            return true;
        }
        final String next = joined(text, tokens, last) ? word(tokens, last + 1) : "";
        if (INSTITUTION_NOUNS.contains(next)
                || "s".equals(next) && joined(text, tokens, last + 1) && GOVERNMENT_POSSESSIONS.contains(word(tokens, last + 2))) {
            return true;
        }
        int j = first - 1;
        while (j >= 0 && j > first - 6 && DESCRIPTORS.contains(tokens.get(j).norm()) && !"in".equals(tokens.get(j).norm())) {
            j--;
        }
        if (j >= 0 && ORIGIN_OR_DESTINATION.contains(tokens.get(j).norm())) {
            return true;
        }
        // "since the Taliban seized power in Kabul": a change of government, not a place of violence;
        // "the Taliban government in Kabul", "officials in Khost said": where a speaker sits.
        return "in".equals(prev) && ("power".equals(word(tokens, first - 2))
                || SPEAKER_NOUNS.contains(word(tokens, first - 2)));
    }

    /** "IS-KP": a place name inside a longer party name is part of the name. */
    private static boolean inPartyName(final int first, final int last, final List<PartyMentions.Mention> parties) {
        for (final PartyMentions.Mention m : parties) {
            if (m.first() <= first && m.last() >= last && m.last() - m.first() > last - first) {
                return true;
            }
        }
        return false;
    }

    /** "to Peshawar in Khyber Pakhtunkhwa", "from Quetta, the capital of Balochistan": the same role as the place before. */
    private static boolean locatesDropped(final List<Tokens.Token> tokens, final int first, final int droppedEnd) {
        if (droppedEnd < 0) {
            return false;
        }
        for (int j = first - 1; j > droppedEnd; j--) {
            if (!DESCRIPTORS.contains(tokens.get(j).norm())) {
                return false;
            }
        }
        return first - droppedEnd <= 6;
    }

    /** "Islamabad said", "Kabul and Islamabad agreed": the capital stands for its government. */
    private static boolean isMetonymy(final List<Tokens.Token> tokens, final int lastToken, final Map<Integer, Integer> starts) {
        int j = lastToken + 1;
        while (j + 1 < tokens.size() && "and".equals(tokens.get(j).norm()) && starts.containsKey(j + 1)) {
            j = starts.get(j + 1) + 1;
        }
        return j < tokens.size() && PartyMentions.METONYMY_VERBS.contains(tokens.get(j).norm());
    }

    /** Token {@code i} and the next are one phrase: nothing but spaces, a hyphen or an apostrophe between them. */
    private static boolean joined(final String text, final List<Tokens.Token> tokens, final int i) {
        if (i < 0 || i + 1 >= tokens.size()) {
            return false;
        }
        for (int c = tokens.get(i).end(); c < tokens.get(i + 1).start(); c++) {
            final char ch = text.charAt(c);
            if (!Character.isWhitespace(ch) && ch != '-' && ch != '\'' && ch != '\u2019') {
                return false;
            }
        }
        return true;
    }

    private static String word(final List<Tokens.Token> tokens, final int i) {
        return i >= 0 && i < tokens.size() ? tokens.get(i).norm() : "";
    }
}
