package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.Tokens;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Side;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one sentence says: its in-scope triggers and event places, its parties (actor, patient,
 * a group claiming responsibility), its date cues and casualty claims. Built once per sentence by
 * {@link EventExtractor}, which combines the sentences of a report into events.
 */
final class SentenceAnalysis {

    private static final Set<String> ORIGIN_WORDS = Set.of("from");
    /** Prepositions and verbs of aim before a patient: "on the TTP", "against Afghan forces". */
    private static final Set<String> AIM_WORDS = Set.of("on", "at", "against", "targeting", "targeted", "targets");
    /** Responsibility claims: "X (has) claimed responsibility / the bombing", "claimed by X". */
    private static final Set<String> CLAIM_VERBS = Set.of("claimed", "claims", "claim");
    private static final Set<String> CLAIM_AUXILIARIES = Set.of("has", "have", "had", "reportedly", "later", "also",
            "quickly", "swiftly");
    private static final Set<String> CLAIM_OBJECTS = Set.of("responsibility", "credit");
    /** What a group claims besides lexicon triggers: "claimed the bombing", "claims the killings". */
    private static final Set<String> CLAIMED_DEEDS = Set.of("attack", "attacks", "bombing", "bombings", "blast",
            "blasts", "explosion", "assault", "ambush", "raid", "killing", "killings", "massacre", "kidnapping");

    private static final int MAX_LEAD_TOKENS = 80;
    static final Set<String> BORDER_WORDS = Set.of("border", "borders", "frontier", "durand");

    /** The rule sets a sentence is read with. */
    record Rules(Gazetteer gazetteer, EventLexicon lexicon, PartyMentions parties, CasualtyClaims claims) {
    }

    final int index;
    final String text;
    final List<Tokens.Token> tokens;
    final boolean[] outOfScope;
    final List<EventLexicon.Trigger> triggers = new ArrayList<>();
    final List<PlaceMatch> places = new ArrayList<>();
    final List<PartyMentions.Mention> mentions;
    final List<LocalDate> dateCues = new ArrayList<>();
    /** Dates of a statement ("said on Wednesday"): the sentence's date only when nothing before dates it. */
    final List<LocalDate> statementDates = new ArrayList<>(1);
    final List<ExtractedClaim> claims;
    Side actor;
    /** The party acted upon, when the sentence names one (see {@link #patient()}); else null. */
    final Side patient;
    /** The party that claimed responsibility ("the BLA claimed the bombing"), else null. */
    final PartyMentions.Mention responsible;
    /** The sentence names a place, in any role, or a country as a place ("in Afghanistan"). */
    final boolean located;
    boolean future;
    /** An attack word of the sentence lies in a threat, denial or other out-of-scope span. */
    final boolean violenceOutOfScope;
    /** The sentence recalls an incident weeks back ("in March 2023"): no event of its own. */
    final boolean background;
    boolean unverified;
    /** The sentence places something in scope along the border ("along the Durand Line", "border posts"). */
    final boolean alongBorder;

    /** @param names the place names of {@code tokens} ({@link Gazetteer#names}) */
    SentenceAnalysis(final int index, final String text, final List<Tokens.Token> tokens,
                     final List<NameTrie.Match<List<Region>>> names, final LocalDate published,
                     final String reportFocus, final Rules rules) {
        this.index = index;
        this.text = text;
        this.tokens = tokens;
        final List<EventLexicon.Trigger> all = rules.lexicon().find(tokens);
        // most sentences of an article have no trigger and no place: no set or map made for them
        final Set<Integer> triggerStarts = all.isEmpty() ? Set.of() : new HashSet<>();
        for (final EventLexicon.Trigger t : all) {
            triggerStarts.add(t.firstToken());
        }
        this.outOfScope = NegationScope.mark(text, tokens, triggerStarts);
        boolean cut = false;
        for (final EventLexicon.Trigger t : all) {
            if (!outOfScope[t.firstToken()]) {
                triggers.add(t);
            } else {
                cut |= !t.generic() || t.type() != EventType.STRATEGIC_DEVELOPMENT;
            }
        }
        this.violenceOutOfScope = cut;
        final List<PlaceMatch> found = rules.gazetteer().findAll(text, tokens, names, reportFocus, true);
        final Map<Integer, Integer> placeSpans = found.isEmpty() ? Map.of() : new HashMap<>();
        final Map<PlaceMatch, int[]> placeTokens = found.isEmpty() ? Map.of() : new LinkedHashMap<>();
        for (final PlaceMatch m : found) {
            final int[] span = tokenSpan(m);
            if (span != null) {
                placeSpans.put(span[0], span[1]);
                placeTokens.put(m, span);
            }
        }
        this.mentions = rules.parties().find(tokens, placeSpans);
        this.located = !found.isEmpty() || namesCountryAsPlace();
        places.addAll(PlaceRoles.eventPlaces(text, tokens, placeTokens, placeSpans, outOfScope, mentions));
        for (final DateCues.DateCue cue : DateCues.find(tokens, published)) {
            if (!outOfScope[cue.token()]) {
                // "The group said Wednesday a bomber had …": the day of the statement, not of the act.
                (DateCues.datesStatement(tokens, cue.token()) ? statementDates : dateCues).add(cue.date());
            }
        }
        final Optional<LocalDate> earliest = dateCues.stream().min(LocalDate::compareTo);
        this.future = earliest.isPresent() && earliest.get().isAfter(published.plusDays(1));
        this.background = dateCues.isEmpty() && DateCues.recallsPast(tokens, published, outOfScope);
        this.responsible = responsibility();
        this.actor = responsible != null ? responsible.side() : agent(firstTriggerToken());
        this.patient = patient();
        this.claims = rules.claims().read(this);
        if (responsible != null) {
            // A claim of responsibility carries no figures: fatalities and injured stay null.
            claims.add(new ExtractedClaim(text.substring(tokens.get(responsible.first()).start(),
                    tokens.get(responsible.last()).end()), responsible.side(), null, Side.UNKNOWN, false));
        }
        this.unverified = CasualtyClaims.saysUnverified(tokens);
        this.alongBorder = namesBorder();
    }

    private boolean namesBorder() {
        for (int i = 0; i < tokens.size(); i++) {
            final Tokens.Token t = tokens.get(i);
            // tagged tokens answer from their bits: a set lookup per token was 4 % of the stream threads' samples
            if (!outOfScope[i] && (t.is(WordTags.TAGGED) ? t.is(WordTags.BORDER) : BORDER_WORDS.contains(t.norm()))) {
                return true;
            }
        }
        return false;
    }

    private int[] tokenSpan(final PlaceMatch m) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < tokens.size(); i++) {
            final Tokens.Token t = tokens.get(i);
            if (t.start() == m.start()) {
                first = i;
            }
            if (t.end() == m.end()) {
                last = i;
                break;
            }
        }
        return first < 0 || last < first ? null : new int[] {first, last};
    }

    private boolean namesCountryAsPlace() {
        for (final PartyMentions.Mention m : mentions) {
            final String prev = m.first() > 0 ? tokens.get(m.first() - 1).norm() : "";
            if ("in".equals(prev) || "inside".equals(prev) || "across".equals(prev) || "into".equals(prev)) {
                return true;
            }
        }
        return false;
    }

    private int firstTriggerToken() {
        int first = Integer.MAX_VALUE;
        for (final EventLexicon.Trigger t : triggers) {
            first = Math.min(first, t.firstToken());
        }
        return first;
    }

    /** Highest-priority in-scope trigger; a generic one only when no specific one is present. */
    EventLexicon.Trigger bestTrigger() {
        EventLexicon.Trigger best = null;
        for (final EventLexicon.Trigger t : triggers) {
            if (best == null || best.generic() && !t.generic()
                    || best.generic() == t.generic() && t.priority() < best.priority()) {
                best = t;
            }
        }
        return best;
    }

    /**
     * "The BLA claimed the bombing", "TTP has claimed responsibility", "claimed by the TTP": a
     * party that claims an attack is its initiator, whatever else the sentence names.
     */
    private PartyMentions.Mention responsibility() {
        for (final PartyMentions.Mention m : mentions) {
            if (outOfScope[m.first()]) {
                continue;
            }
            if (m.passiveAgent()) {
                final int by = "by".equals(tokens.get(m.first() - 1).norm()) ? m.first() - 1 : m.first() - 2;
                if (by > 0 && CLAIM_VERBS.contains(tokens.get(by - 1).norm())) {
                    return m;
                }
                continue;
            }
            int j = m.last() + 1;
            while (j < tokens.size() && CLAIM_AUXILIARIES.contains(tokens.get(j).norm())) {
                j++;
            }
            if (j + 1 >= tokens.size() || !CLAIM_VERBS.contains(tokens.get(j).norm())) {
                continue;
            }
            if (CLAIM_OBJECTS.contains(tokens.get(j + 1).norm())) {
                return m;
            }
            for (int k = j + 1; k <= j + 3 && k < tokens.size(); k++) {
                if (CLAIMED_DEEDS.contains(tokens.get(k).norm())) {
                    return m;
                }
            }
            for (final EventLexicon.Trigger t : triggers) {
                if (t.firstToken() > j && t.firstToken() <= j + 3) {
                    return m;
                }
            }
        }
        return null;
    }

    /**
     * The first in-scope party after the first trigger that is plainly acted upon: its
     * targets follow ("struck TTP hideouts", "fired at Afghan posts") or a preposition of
     * aim precedes it ("an assault on the TTP"). Not the actor, not an origin ("fired from
     * Afghan territory"), not a speaker ("…, ISPR said").
     */
    private Side patient() {
        final int trigger = firstTriggerToken();
        for (final PartyMentions.Mention m : mentions) {
            if (m.first() <= trigger || m.agent() || outOfScope[m.first()] || m.side() == actor) {
                continue;
            }
            int before = m.first() - 1;
            if (before >= 0 && "the".equals(tokens.get(before).norm())) {
                before--;
            }
            final String prev = before >= 0 ? tokens.get(before).norm() : "";
            if (ORIGIN_WORDS.contains(prev)) {
                continue;
            }
            int after = m.last() + 1;
            while (after < tokens.size() && PartyMentions.SKIP_AFTER_MENTION.contains(tokens.get(after).norm())) {
                after++;
            }
            final String next = after < tokens.size() ? tokens.get(after).norm() : "";
            if (PartyMentions.TARGET_NOUNS.contains(next) || AIM_WORDS.contains(prev)) {
                return m.side();
            }
        }
        return null;
    }

    private Side agent(final int beforeToken) {
        for (final PartyMentions.Mention m : mentions) {
            if (m.passiveAgent() && !outOfScope[m.first()]) {
                return m.side();
            }
        }
        for (final PartyMentions.Mention m : mentions) {
            if (m.agent() && m.first() < beforeToken && !outOfScope[m.first()]) {
                return m.side();
            }
        }
        for (final PartyMentions.Mention m : mentions) {
            if (m.agent() && !outOfScope[m.first()]) {
                return m.side();
            }
        }
        return null;
    }

    /**
     * A lead that reports no violence of its own: talks, a ceasefire, an agreement, or a threat or
     * denial of an attack ("Minister warns of open war as talks open in Istanbul").
     */
    boolean leadsWithoutViolence() {
        if (tokens.size() > MAX_LEAD_TOKENS) {
            // Not a headline: a whole body standing in for one says too much to set the tone.
            return false;
        }
        boolean development = false;
        for (final EventLexicon.Trigger t : triggers) {
            if (t.generic() || t.type() != EventType.STRATEGIC_DEVELOPMENT) {
                return false;
            }
            development = true;
        }
        return development || violenceOutOfScope;
    }

    /**
     * The sentence tells a new act of violence of a named kind, placed or dated ("strikes on Paktika
     * late Friday"); not a generic verb, a plan, or a recap ("after weeks of clashes").
     */
    boolean reportsViolence() {
        final EventLexicon.Trigger t = bestTrigger();
        return t != null && !t.generic() && t.type() != EventType.STRATEGIC_DEVELOPMENT && !future && !background
                && (!dateCues.isEmpty() || !places.isEmpty());
    }

    boolean mentionsBothStates() {
        boolean af = false;
        boolean pk = false;
        for (final PartyMentions.Mention m : mentions) {
            af |= m.side() == Side.AFGHANISTAN;
            pk |= m.side() == Side.PAKISTAN;
        }
        return af && pk;
    }
}
