package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.Tokens;
import io.sitrep.schemas.avro.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Casualty claims of a sentence: a number (digits or words) of dead ("killed", "dead", "died", …)
 * or wounded, the nearest speech verb's subject as claimant, whose dead they are, and whether the
 * text says the figure could not be verified.
 */
final class CasualtyClaims {

    static final Set<String> SPEECH_VERBS = Set.of("said", "says", "say", "claimed", "claims", "claim",
            "confirmed", "confirms", "reported", "reports", "stated", "announced", "announces", "acknowledged",
            "admitted", "added", "told", "according");
    private static final Set<String> KILL_WORDS = Set.of("killed", "kill", "kills", "killing", "dead", "died", "die",
            "deaths", "death", "martyred", "perished", "slain", "lost", "neutralised", "neutralized", "eliminated",
            "toll");
    private static final Set<String> INJURY_WORDS = Set.of("wounded", "injured", "injuring", "wounding", "hurt",
            "injuries", "missing", "captured", "detained", "arrested");
    private static final Set<String> WOUND_WORDS = Set.of("wounded", "injured", "injuring", "wounding", "hurt",
            "injuries");
    private static final Set<String> VICTIM_NOUNS = Set.of("fighters", "soldiers", "troops", "militants", "terrorists",
            "insurgents", "civilians", "people", "persons", "personnel", "members", "guards", "policemen", "police",
            "officers", "children", "women", "men", "khawarij", "khwarij", "attackers", "combatants", "taliban",
            "villagers", "residents", "servicemen", "paramilitaries", "others", "soldier", "civilian", "fighter",
            "militant", "policeman", "child", "person", "guard", "officer", "students", "student", "worker", "workers",
            "labourers", "passengers");
    private static final Set<String> MILITANT_NOUNS = Set.of("militants", "militant", "terrorists", "insurgents",
            "khawarij", "khwarij", "attackers");
    private static final Set<String> SELF_WORDS = Set.of("own", "our", "its", "their");
    private static final Set<String> INDEPENDENT_WORDS = Set.of("un", "unama", "united", "icrc", "red", "hospital",
            "hospitals", "doctor", "doctors", "medics", "witnesses", "witness", "residents", "resident", "amnesty",
            "hrw", "rights", "msf", "independent", "villagers");
    /** Responsibility claims: "X (has) claimed responsibility / the bombing", "claimed by X". */
    private static final Set<String> CLAIMANT_START = Set.of("while", "whereas", "but", "that");
    /** Verbs that end the clause before a claimant. */
    private static final Set<String> CLAUSE_VERBS = Set.of("was", "were", "is", "are", "been", "had", "has", "have",
            "said", "says", "claimed", "confirmed", "reported", "added", "told", "stated", "announced");

    private final Gazetteer gazetteer;
    private final ActorTable actors;
    private final PartyMentions parties;

    CasualtyClaims(final Gazetteer gazetteer, final ActorTable actors, final PartyMentions parties) {
        this.gazetteer = Objects.requireNonNull(gazetteer, "gazetteer");
        this.actors = Objects.requireNonNull(actors, "actors");
        this.parties = Objects.requireNonNull(parties, "parties");
    }

    List<ExtractedClaim> read(final SentenceAnalysis s) {
        final List<ExtractedClaim> out = new ArrayList<>();
        final List<Tokens.Token> t = s.tokens;
        final List<int[]> speech = speechVerbs(s); // [verbIndex, claimantFirst, claimantLast]
        for (int i = 0; i < t.size(); i++) {
            final Tokens.Token token = t.get(i);
            if (s.outOfScope[i] || !token.is(WordTags.NUMBER)
                    && (token.is(WordTags.TAGGED) ? !token.is(WordTags.DIGIT_START) : !Numbers.startsWithDigit(token.norm()))) {
                continue;
            }
            Integer value = Numbers.number(t.get(i).norm());
            if (value == null) {
                continue;
            }
            int numEnd = i;
            // twenty-five → one number.
            if (value >= 20 && value <= 90 && value % 10 == 0 && i + 1 < t.size() && !Numbers.isDigits(t.get(i).norm(), 1, 9)) {
                final Integer unit = Numbers.NUMBER_WORDS.get(t.get(i + 1).norm());
                if (unit != null && unit < 10) {
                    value += unit;
                    numEnd = i + 1;
                }
            }
            // 1,200 → one number.
            if (numEnd == i && i + 1 < t.size() && Numbers.isDigits(t.get(i + 1).norm(), 3, 3)
                    && ",".equals(s.text.substring(t.get(i).end(), t.get(i + 1).start()))) {
                value = value * 1000 + Integer.parseInt(t.get(i + 1).norm());
                numEnd = i + 1;
            }
            if (isDatePart(t, i, numEnd) || value <= 0 || value > 100_000) {
                continue;
            }
            // Victim noun within 4 tokens after the number.
            int noun = -1;
            for (int j = numEnd + 1; j < Math.min(t.size(), numEnd + 5); j++) {
                final String w = t.get(j).norm();
                if (Numbers.number(w) != null || KILL_WORDS.contains(w) || INJURY_WORDS.contains(w)) {
                    break;
                }
                if (VICTIM_NOUNS.contains(w) || actors.isCivilianWord(w)) {
                    noun = j;
                    break;
                }
            }
            final String before = i > 0 ? t.get(i - 1).norm() : "";
            final String after = numEnd + 1 < t.size() ? t.get(numEnd + 1).norm() : "";
            final boolean adjacentKill = KILL_WORDS.contains(before) || KILL_WORDS.contains(after);
            boolean tollBefore = false;
            for (int j = Math.max(0, i - 4); j < i; j++) {
                tollBefore |= "toll".equals(t.get(j).norm());
            }
            final boolean adjacentInjury = WOUND_WORDS.contains(before) || WOUND_WORDS.contains(after);
            if (noun < 0 && !adjacentKill && !tollBefore && !adjacentInjury) {
                continue;
            }
            final int windowEnd = noun >= 0 ? noun : numEnd;
            int kill = -1;
            for (int j = Math.max(0, i - 6); j < Math.min(t.size(), windowEnd + 6); j++) {
                if (KILL_WORDS.contains(t.get(j).norm()) && (kill < 0 || Math.abs(j - i) < Math.abs(kill - i))) {
                    kill = j;
                }
            }
            int wound = -1;
            for (int j = Math.max(0, i - 3); j < Math.min(t.size(), windowEnd + 4); j++) {
                if (WOUND_WORDS.contains(t.get(j).norm()) && (wound < 0 || Math.abs(j - i) < Math.abs(wound - i))) {
                    wound = j;
                }
            }
            if (wound >= 0 && (kill < 0 || Math.abs(wound - i) < Math.abs(kill - i))) {
                // "killing two soldiers and wounding four": the wounded join the figure just read.
                final int last = out.size() - 1;
                if (last >= 0 && out.get(last).injured() == null && out.get(last).fatalities() != null) {
                    final ExtractedClaim c = out.get(last);
                    out.set(last, new ExtractedClaim(c.claimant(), c.claimantSide(), c.fatalities(), c.aboutSide(),
                            c.selfReported(), value, false));
                } else {
                    final int[] verb = nearestSpeech(speech, i);
                    final String claimant = verb == null ? "unattributed"
                            : s.text.substring(t.get(verb[1]).start(), t.get(verb[2]).end());
                    final Side claimantSide = verb == null ? Side.UNKNOWN : claimantSide(t, verb[1], verb[2], claimant);
                    final Side about = aboutSide(t, i, noun, claimantSide, verb);
                    out.add(new ExtractedClaim(claimant, claimantSide, null, about,
                            about == claimantSide && about != Side.UNKNOWN && about != Side.OTHER, value, false));
                }
                i = Math.max(i, windowEnd);
                continue;
            }
            if (kill < 0) {
                continue;
            }
            boolean injuryBetween = false;
            for (int j = Math.min(kill, i) + 1; j < Math.max(kill, windowEnd); j++) {
                injuryBetween |= INJURY_WORDS.contains(t.get(j).norm());
            }
            if (injuryBetween) {
                continue;
            }
            final int[] verb = nearestSpeech(speech, i);
            final String claimant;
            final Side claimantSide;
            if (verb == null) {
                claimant = "unattributed";
                claimantSide = Side.UNKNOWN;
            } else {
                claimant = s.text.substring(t.get(verb[1]).start(), t.get(verb[2]).end());
                claimantSide = claimantSide(t, verb[1], verb[2], claimant);
            }
            final Side about = aboutSide(t, i, noun, claimantSide, verb);
            final boolean self = PartyMentions.isParty(claimantSide) && about == claimantSide;
            out.add(new ExtractedClaim(claimant, claimantSide, value, about, self));
            i = Math.max(i, windowEnd);
        }
        return out;
    }

    private static boolean isDatePart(final List<Tokens.Token> t, final int first, final int last) {
        final String prev = first > 0 ? t.get(first - 1).norm() : "";
        final String next = last + 1 < t.size() ? t.get(last + 1).norm() : "";
        return DateCues.MONTHS.containsKey(prev) || DateCues.MONTHS.containsKey(next) || Numbers.isYear(t.get(first).norm());
    }

    /** Speech verbs with their claimant span: [verb, first, last] token indices. */
    private static List<int[]> speechVerbs(final SentenceAnalysis s) {
        final List<int[]> out = new ArrayList<>();
        final List<Tokens.Token> t = s.tokens;
        for (int v = 0; v < t.size(); v++) {
            if (!t.get(v).is(WordTags.SPEECH)) {
                continue;
            }
            final String w = t.get(v).norm();
            if ("according".equals(w)) {
                if (v + 2 < t.size() && "to".equals(t.get(v + 1).norm())) {
                    int last = v + 2;
                    while (last + 1 < t.size() && last < v + 9
                            && !s.text.substring(t.get(last).end(), t.get(last + 1).start()).contains(",")) {
                        last++;
                    }
                    int first = v + 2;
                    if ("the".equals(t.get(first).norm()) && first < last) {
                        first++;
                    }
                    out.add(new int[] {v, first, last});
                }
                continue;
            }
            if (v == 0) {
                continue;
            }
            int first = v - 1;
            while (first > 0 && first > v - 8) {
                final String gap = s.text.substring(t.get(first - 1).end(), t.get(first).start());
                // A claimant is a noun phrase: it starts after a verb or a figure, so "… were killed
                // and Afghanistan said" gives "Afghanistan", one claimant per coordinated claim.
                final String before = t.get(first - 1).norm();
                if (gap.contains(",") || gap.contains(";") || gap.contains("\"") || CLAIMANT_START.contains(before)
                        || CLAUSE_VERBS.contains(before) || KILL_WORDS.contains(before) || INJURY_WORDS.contains(before)
                        || Numbers.number(before) != null || "and".equals(before) && startsNewName(s.text, t, first)) {
                    break;
                }
                first--;
            }
            while (first < v - 1 && ("the".equals(t.get(first).norm()) || "a".equals(t.get(first).norm())
                    || "and".equals(t.get(first).norm()))) {
                first++;
            }
            out.add(new int[] {v, first, v - 1});
        }
        return out;
    }

    /**
     * "… died in the fighting and Afghanistan said": a capitalised name after "and" that ends a
     * clause (a verb or casualty word shortly before), not "the Kabul police and Ministry … said".
     */
    private static boolean startsNewName(final String text, final List<Tokens.Token> t, final int first) {
        if (first < 2 || !Character.isUpperCase(text.charAt(t.get(first).start()))
                || Character.isUpperCase(text.charAt(t.get(first - 2).start()))) {
            return false;
        }
        for (int j = first - 2; j >= Math.max(0, first - 7); j--) {
            if (text.substring(t.get(j).end(), t.get(j + 1).start()).contains(",")) {
                return false;
            }
            final String w = t.get(j).norm();
            if (CLAUSE_VERBS.contains(w) || KILL_WORDS.contains(w) || INJURY_WORDS.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static int[] nearestSpeech(final List<int[]> speech, final int number) {
        int[] before = null;
        int[] after = null;
        for (final int[] v : speech) {
            if (v[0] < number) {
                before = v;
            } else if (after == null && v[0] > number) {
                after = v;
            }
        }
        return before != null ? before : after;
    }

    private Side claimantSide(final List<Tokens.Token> t, final int first, final int last, final String claimant) {
        for (int j = first; j <= last; j++) {
            final String w = t.get(j).norm();
            if (INDEPENDENT_WORDS.contains(w) && !("united".equals(w) && j < last && !"nations".equals(t.get(j + 1).norm()))) {
                return Side.OTHER;
            }
        }
        final List<PartyMentions.Mention> m = parties.find(t.subList(first, last + 1), Map.of());
        if (!m.isEmpty()) {
            return m.get(0).side();
        }
        final List<PlaceMatch> places = gazetteer.findAll(claimant);
        if (!places.isEmpty()) {
            return PartyMentions.sideOfCountry(places.get(0).region().countryCode());
        }
        return Side.UNKNOWN;
    }

    private Side aboutSide(final List<Tokens.Token> t, final int number, final int noun, final Side claimant,
                                  final int[] verb) {
        final int end = noun >= 0 ? noun : number;
        for (int j = number + 1; j <= end; j++) {
            if (SELF_WORDS.contains(t.get(j).norm()) && claimant != Side.UNKNOWN && claimant != Side.OTHER) {
                return claimant;
            }
        }
        final List<PartyMentions.Mention> m = parties.find(t.subList(number + 1, end + 1), Map.of());
        if (!m.isEmpty()) {
            return m.get(0).side();
        }
        if (noun >= 0) {
            final String w = t.get(noun).norm();
            if (actors.isCivilianWord(w)) {
                return Side.CIVILIAN;
            }
            if (MILITANT_NOUNS.contains(w)) {
                return Side.MILITANT;
            }
        }
        // "X said it lost eight fighters": the claimant's own dead.
        if (verb != null && PartyMentions.isParty(claimant)) {
            for (int j = verb[0] + 1; j + 1 < Math.min(number, verb[0] + 5); j++) {
                final String w = t.get(j).norm();
                if (("it".equals(w) || "we".equals(w) || "they".equals(w)) && "lost".equals(t.get(j + 1).norm())) {
                    return claimant;
                }
            }
        }
        // "X said it killed 40 soldiers": the claimant did the killing, the dead are the other side's.
        if (verb != null && (claimant == Side.AFGHANISTAN || claimant == Side.PAKISTAN)) {
            for (int j = verb[0] + 1; j < Math.min(number, verb[0] + 5); j++) {
                final String w = t.get(j).norm();
                if (("it".equals(w) || "we".equals(w) || "they".equals(w) || "forces".equals(w))
                        && j + 1 < t.size() && ("killed".equals(t.get(j + 1).norm()) || "had".equals(t.get(j + 1).norm()))) {
                    return claimant == Side.AFGHANISTAN ? Side.PAKISTAN : Side.AFGHANISTAN;
                }
            }
        }
        return Side.UNKNOWN;
    }

    /** "could not be (independently) verified", "unverified", "impossible to verify", "neither … confirmed independently". */
    static boolean saysUnverified(final List<Tokens.Token> t) {
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).is(WordTags.VERIFY)) {
                continue;
            }
            final String w = t.get(i).norm();
            if ("unverified".equals(w) || "unverifiable".equals(w)) {
                return true;
            }
            final boolean verify = "verified".equals(w) || "verify".equals(w) || "verifiable".equals(w)
                    || "confirmed".equals(w) && i > 0 && "independently".equals(t.get(i - 1).norm());
            if (!verify) {
                continue;
            }
            for (int j = Math.max(0, i - 6); j < i; j++) {
                final String b = t.get(j).norm();
                if ("not".equals(b) || "cannot".equals(b) || "neither".equals(b) || "unable".equals(b)
                        || "impossible".equals(b) || "nor".equals(b) || "t".equals(b)) {
                    return true;
                }
            }
        }
        return false;
    }
}
