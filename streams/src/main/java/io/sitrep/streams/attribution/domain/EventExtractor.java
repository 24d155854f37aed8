package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.ReportText;
import io.sitrep.streams.text.TextNormalizer;
import io.sitrep.streams.text.Tokens;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Precision;
import io.sitrep.schemas.avro.Side;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A first, honest rule-based event extractor: which events a report describes, where, when, who
 * did it to whom, and who claims how many dead. The rules are in {@code lexicon/README.md}; in
 * short:
 *
 * <ol>
 * <li>The dateline and sign-off are stripped ({@link TextNormalizer#stripBoilerplate}); the
 * headline is sentence 0, the body is split into sentences.</li>
 * <li>Hypothetical, future and negated spans are cut out NegEx-style: a cue ("would", "will",
 * "if", "threatened", "warned", "denied", "did not", "no strikes", …) puts the rest of its clause
 * out of scope; a few cues ("baseless", "were denied", "rejected", "ruled out") the whole sentence.
 * A sentence whose date cue lies in the future yields no event.</li>
 * <li>A sentence yields events when it holds an in-scope trigger from the {@link EventLexicon}
 * and in-scope gazetteer places: one event per province named (districts and localities roll up
 * to their province). Places used for their government ("Islamabad said") or as an origin
 * ("launched from Khost") are not event places. Generic attack verbs ("struck", "hit") take the
 * report's dominant type: the first specific violent type in the report, else the type hint.</li>
 * <li>Sides: the agent is a nationality mention followed by an agent noun or an action verb
 * ("Pakistani jets", "Pakistan struck", "Afghan forces") or after "by"; the first agent before the
 * trigger wins, else the headline's agent. Target: the province's country when the actor is the
 * other country, else UNKNOWN. A clash where both states are named: AFGHANISTAN &gt; PAKISTAN.</li>
 * <li>Date: the earliest in-scope date cue of the sentence (weekday → most recent such day on or
 * before the publish date, "yesterday"/"last night"/"overnight" → the day before, "26 February",
 * "Feb. 26"); a sentence without one takes the nearest preceding dated sentence, else the first
 * dated sentence of the report, else the date hint, else the publish date (all UTC).</li>
 * <li>Events of one report with the same (province, type, date) merge.</li>
 * <li>Claims: a number (digits or one..twenty) of dead ("killed", "dead", "died", …; not
 * "wounded") with the nearest speech verb's subject as claimant. Each claim attaches to exactly
 * one event, so a figure is never counted in several regions: an event of its own sentence, else
 * the nearest event whose country is the side the dead belong to, else the nearest event.</li>
 * <li>With no event in the text, a valid region hint plus a type hint give one event (fromHint).</li>
 * </ol>
 *
 * <p>Stateless after construction and thread-safe. No Kafka types.
 */
public final class EventExtractor {

    private static final Set<String> PRE_CUES = Set.of("would", "will", "shall", "could", "might", "if", "unless",
            "whether", "threaten", "threatens", "threatened", "threatening", "warn", "warns", "warned", "warning",
            "vow", "vows", "vowed", "vowing", "pledge", "pledged", "deny", "denies", "denied", "denying", "never",
            "nor", "cannot", "hypothetical", "wouldn", "won", "planning", "plotting", "anniversary");
    private static final Set<String> SENTENCE_CUES = Set.of("baseless", "fabricated", "untrue", "rejected",
            "dismissed", "unfounded", "false", "exercise", "exercises", "drill", "drills", "rehearsal", "wargame",
            "wargames");
    private static final Set<String> PERIODS = Set.of("week", "weeks", "month", "months", "year", "years", "decade");
    private static final Set<String> CONTRACTED_NEGATIONS = Set.of("didn", "doesn", "don", "wasn", "weren", "hasn",
            "haven", "hadn", "isn", "aren", "couldn", "wouldn", "shouldn", "won", "can");
    private static final Set<String> NOT_PSEUDO = Set.of("immediately", "only", "independently", "clear", "known");
    private static final Set<String> TO_CUES = Set.of("plans", "plan", "planning", "ready", "prepared", "intends",
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
    private static final Set<String> SCOPE_END = Set.of("but", "however", "although", "though", "whereas", "while");

    private static final Set<String> METONYMY_VERBS = Set.of("said", "says", "accused", "accuses", "claimed", "claims",
            "denied", "denies", "warned", "warns", "blamed", "blames", "rejected", "rejects", "insisted", "responded",
            "retaliated", "vowed", "vows", "announced", "confirmed", "condemned", "condemns", "urged", "urges",
            "demanded", "told", "agreed", "agree", "signed", "summoned", "protested", "called", "has", "have");
    private static final Set<String> GOVERNMENT_OBJECT_VERBS = Set.of("accusing", "accused", "accuse", "accuses",
            "blamed", "blaming", "blames", "urged", "urging", "warned", "warning", "told", "condemned", "criticised",
            "criticized", "summoned", "asked", "pressed", "pressing");
    private static final Set<String> ORIGIN_WORDS = Set.of("from");
    /** Prepositions and verbs of aim before a patient: "on the TTP", "against Afghan forces". */
    private static final Set<String> AIM_WORDS = Set.of("on", "at", "against", "targeting", "targeted", "targets");

    private static final Set<String> AGENT_NOUNS = Set.of("jets", "jet", "aircraft", "warplanes", "warplane", "planes",
            "fighter", "fighters", "forces", "force", "troops", "military", "army", "drones", "drone", "artillery",
            "gunners", "soldiers", "guards", "gunships", "helicopters", "militants", "gunmen", "border", "security");
    private static final Set<String> ACTION_VERBS = Set.of("struck", "strikes", "strike", "launched", "launches",
            "launch", "carried", "carries", "bombed", "bombs", "hit", "hits", "shelled", "shells", "attacked", "attacks",
            "fired", "fires", "targeted", "targets", "retaliated", "retaliates", "pounded", "stormed", "captured",
            "seized", "raided", "conducted", "conducts", "opened", "killed", "used", "began");
    private static final Set<String> TARGET_NOUNS = Set.of("posts", "post", "positions", "position", "checkpoints",
            "checkpoint", "territory", "soil", "side", "villages", "village", "civilians", "outposts", "outpost",
            "bases", "base", "installations", "targets", "hideouts", "hideout", "camps", "areas", "towns", "cities",
            "homes", "houses", "airspace", "sovereignty");
    private static final Set<String> SKIP_AFTER_MENTION = Set.of("s", "the");

    private static final Set<String> SPEECH_VERBS = Set.of("said", "says", "say", "claimed", "claims", "claim",
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
    private static final Set<String> CLAIM_VERBS = Set.of("claimed", "claims", "claim");
    private static final Set<String> CLAIM_AUXILIARIES = Set.of("has", "have", "had", "reportedly", "later", "also",
            "quickly", "swiftly");
    private static final Set<String> CLAIM_OBJECTS = Set.of("responsibility", "credit");
    /** What a group claims besides lexicon triggers: "claimed the bombing", "claims the killings". */
    private static final Set<String> CLAIMED_DEEDS = Set.of("attack", "attacks", "bombing", "bombings", "blast",
            "blasts", "explosion", "assault", "ambush", "raid", "killing", "killings", "massacre", "kidnapping");
    private static final Set<String> CLAIMANT_START = Set.of("while", "whereas", "but", "that");

    /** Date precision: a date expression in the text gave the day. */
    public static final String DATE_DAY = "DAY";
    /** Date precision: the scraper's date hint gave the day. */
    public static final String DATE_HINT = "HINT";
    /** Date precision: no date in the text or hints; the publish date stands in. */
    public static final String DATE_PUBLISHED = "PUBLISHED";

    private static final Map<String, Integer> NUMBER_WORDS = numberWords();
    private static final Map<String, Integer> MONTHS = months();
    private static final Map<String, DayOfWeek> WEEKDAYS = weekdays();
    // Word tags: each token is looked up once (Tokens.tokenize with TAGS) and the per-token rules
    // below first test its bits, so most tokens skip a rule without any further lookup. A tag is
    // the union of every word its rule compares the token itself against, which makes the test a
    // necessary condition and leaves the results unchanged. Helpers that test tags expect tokens
    // tokenized with TAGS.
    private static final int TAG_DATE = 1;
    private static final int TAG_SENTENCE_CUE = 1 << 1;
    private static final int TAG_CUE = 1 << 2;
    private static final int TAG_NUMBER = 1 << 3;
    private static final int TAG_SPEECH = 1 << 4;
    private static final int TAG_VERIFY = 1 << 5;
    private static final int TAG_SIDE = 1 << 6;
    private static final Map<String, Integer> TAGS = tags();

    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt",
            "sgt", "brig", "st", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
            "nov", "dec", "prof", "gov", "sen", "rep", "jr", "sr", "inc", "co", "corp", "approx", "u.s", "u.n", "i.e",
            "e.g", "etc");

    private final Gazetteer gazetteer;
    private final EventLexicon lexicon;
    private final ActorTable actors;
    /** {@link #TAGS} plus {@link #TAG_SIDE} on the first word of every actor alias. */
    private final Map<String, Integer> tags;

    /** An extractor over the given gazetteer and the project's default lexicon. */
    public EventExtractor(final Gazetteer gazetteer) {
        this(gazetteer, EventLexicon.loadDefault(), ActorTable.loadDefault());
    }

    /** An extractor over the given gazetteer and actor table and the project's default lexicon. */
    public EventExtractor(final Gazetteer gazetteer, final ActorTable actors) {
        this(gazetteer, EventLexicon.loadDefault(), actors);
    }

    public EventExtractor(final Gazetteer gazetteer, final EventLexicon lexicon) {
        this(gazetteer, lexicon, ActorTable.loadDefault());
    }

    public EventExtractor(final Gazetteer gazetteer, final EventLexicon lexicon, final ActorTable actors) {
        this.gazetteer = Objects.requireNonNull(gazetteer, "gazetteer");
        this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
        this.actors = Objects.requireNonNull(actors, "actors");
        final Map<String, Integer> m = new HashMap<>(TAGS);
        for (final String w : actors.firstWords()) {
            m.merge(w, TAG_SIDE, (a, b) -> a | b);
        }
        this.tags = Map.copyOf(m);
    }

    public Gazetteer gazetteer() {
        return gazetteer;
    }

    public ActorTable actors() {
        return actors;
    }

    private int tagsOf(final String word) {
        final Integer t = tags.get(word);
        return t == null ? 0 : t;
    }

    // ================================================================== extraction

    /** The events of one report, in order of first mention; empty when it describes none. */
    public List<ExtractedEvent> extract(final ReportText report) {
        final LocalDate published = LocalDate.ofInstant(report.publishedAt(), ZoneOffset.UTC);
        final List<String> texts = new ArrayList<>();
        texts.add(report.headline().strip());
        texts.addAll(splitSentences(TextNormalizer.stripBoilerplate(report.body())));

        // Each sentence is tokenized once. The report's tokens are the sentences' tokens in a row
        // (sentences are joined by non-word characters), so the report focus needs no second pass.
        final List<List<Tokens.Token>> tokens = new ArrayList<>(texts.size());
        final List<Tokens.Token> all = new ArrayList<>();
        for (final String text : texts) {
            final List<Tokens.Token> t = Tokens.tokenize(text, this::tagsOf);
            tokens.add(t);
            all.addAll(t);
        }
        // Names on both sides of the border (Torkham) resolve to the sentence's own focus country,
        // else to the report's.
        final String reportFocus = gazetteer.focusCountryOfTokens(all);
        final List<Analysis> sentences = new ArrayList<>(texts.size());
        for (int k = 0; k < texts.size(); k++) {
            sentences.add(new Analysis(k, texts.get(k), tokens.get(k), published, reportFocus));
        }

        final EventLexicon.Trigger dominantTrigger = dominantTrigger(sentences);
        final EventType dominant = dominantTrigger != null ? dominantTrigger.type() : report.eventTypeHint();
        final String dominantSubType = dominantTrigger != null ? dominantTrigger.subType()
                : EventLexicon.defaultSubType(report.eventTypeHint());
        final Side headlineActor = sentences.get(0).actor;
        final String[] datePrecision = new String[sentences.size()];
        final LocalDate[] dates = sentenceDates(sentences, report.eventDateHint(), published, datePrecision);

        // Candidate events per sentence, merged per (province, type, date).
        final Map<String, Draft> drafts = new LinkedHashMap<>();
        for (final Analysis s : sentences) {
            if (s.future || s.places.isEmpty()) {
                continue;
            }
            final EventLexicon.Trigger trigger = s.bestTrigger();
            if (trigger == null) {
                continue;
            }
            final EventType type;
            final String subType;
            final boolean typeFromHint;
            if (trigger.generic()) {
                if (dominant == null) {
                    continue;
                }
                // "Pakistan struck Kabul … Afghan drones hit the northwest": a generic verb takes the
                // first specific type of the same actor; another actor's type keeps only its kind.
                final EventLexicon.Trigger own = dominantTrigger(sentences, s.actor != null ? s.actor : headlineActor);
                type = own != null ? own.type() : dominant;
                subType = own != null ? own.subType()
                        : dominantTrigger != null ? EventLexicon.defaultSubType(dominant) : dominantSubType;
                typeFromHint = dominantTrigger == null;
            } else {
                type = trigger.type();
                subType = trigger.subType();
                typeFromHint = false;
            }
            final Side actor = s.actor != null ? s.actor : headlineActor;
            for (final PlaceMatch place : s.places) {
                final Region province = gazetteer.province(place.region());
                final String key = province.code() + "|" + type + "|" + dates[s.index];
                final Draft existing = drafts.get(key);
                final Draft d = existing != null ? existing
                        : new Draft(province, type, subType, dates[s.index], datePrecision[s.index], s.text, typeFromHint,
                                false);
                d.sentences.add(s.index);
                d.refine(place.region(), gazetteer);
                if (d.actor == null || d.actor == Side.UNKNOWN) {
                    d.actor = actor;
                }
                if (d.patient == null) {
                    d.patient = s.patient;
                }
                if (type == EventType.ARMED_CLASH && s.mentionsBothStates()) {
                    d.bothStates = true;
                }
                drafts.putIfAbsent(key, d);
            }
        }

        final List<SentenceClaim> claims = new ArrayList<>();
        final Set<String> seenClaims = new HashSet<>();
        for (final Analysis s : sentences) {
            for (final ExtractedClaim c : s.claims) {
                final String key = c.claimantSide() + "|" + c.aboutSide() + "|" + c.fatalities() + "|" + c.injured() + "|"
                        + c.selfReported();
                if (seenClaims.add(key)) {
                    final boolean unverified = s.unverified || s.index + 1 < sentences.size()
                            && sentences.get(s.index + 1).unverified && sentences.get(s.index + 1).claims.isEmpty();
                    claims.add(new SentenceClaim(unverified ? c.asUnverified() : c, s.index));
                }
            }
        }

        if (drafts.isEmpty() && report.eventTypeHint() != null) {
            final Optional<Region> hinted = gazetteer.byCode(report.regionHint());
            if (hinted.isPresent()) {
                final Region province = gazetteer.province(hinted.get());
                final LocalDate date = report.eventDateHint() != null ? report.eventDateHint() : dates[0];
                final Draft d = new Draft(province, report.eventTypeHint(), EventLexicon.defaultSubType(report.eventTypeHint()),
                        date, report.eventDateHint() != null ? DATE_HINT : datePrecision[0], texts.get(0), true, true);
                d.refine(hinted.get(), gazetteer);
                d.actor = firstActor(sentences);
                d.sentences.add(0);
                drafts.put("hint", d);
            }
        }

        final List<Draft> events = new ArrayList<>(drafts.values());
        for (final SentenceClaim sc : claims) {
            final Draft target = attach(sc, events, sentences);
            if (target != null) {
                target.claims.add(sc.claim());
                // "… killing seven soldiers. The Pakistani Taliban claimed responsibility.": a
                // claim of responsibility names the initiator the event's own sentence did not.
                final ExtractedClaim c = sc.claim();
                if (c.fatalities() == null && c.injured() == null && isParty(c.claimantSide())
                        && (target.actor == null || target.actor == Side.UNKNOWN)) {
                    target.actor = c.claimantSide();
                }
            }
        }
        final List<ExtractedEvent> out = new ArrayList<>(events.size());
        for (final Draft d : events) {
            out.add(d.toEvent());
        }
        return out;
    }

    // ================================================================== per-sentence analysis

    private final class Analysis {
        private final int index;
        private final String text;
        private final List<Tokens.Token> tokens;
        private final boolean[] outOfScope;
        private final List<EventLexicon.Trigger> triggers = new ArrayList<>();
        private final List<PlaceMatch> places = new ArrayList<>();
        private final List<Mention> mentions;
        private final List<LocalDate> dateCues = new ArrayList<>();
        private final List<ExtractedClaim> claims;
        private Side actor;
        /** The party acted upon, when the sentence names one (see {@link #patient()}); else null. */
        private final Side patient;
        /** The party that claimed responsibility ("the BLA claimed the bombing"), else null. */
        private final Mention responsible;
        private boolean future;
        private boolean unverified;

        private Analysis(final int index, final String text, final List<Tokens.Token> tokens, final LocalDate published,
                         final String reportFocus) {
            this.index = index;
            this.text = text;
            this.tokens = tokens;
            final List<EventLexicon.Trigger> all = lexicon.find(tokens);
            final Set<Integer> triggerStarts = new HashSet<>();
            for (final EventLexicon.Trigger t : all) {
                triggerStarts.add(t.firstToken());
            }
            this.outOfScope = negationScope(text, tokens, triggerStarts);
            for (final EventLexicon.Trigger t : all) {
                if (!outOfScope[t.firstToken()]) {
                    triggers.add(t);
                }
            }
            final List<PlaceMatch> found = gazetteer.findAll(text, tokens, reportFocus, true);
            final Map<Integer, Integer> placeSpans = new HashMap<>();
            final Map<PlaceMatch, int[]> placeTokens = new LinkedHashMap<>();
            for (final PlaceMatch m : found) {
                final int[] span = tokenSpan(m);
                if (span != null) {
                    placeSpans.put(span[0], span[1]);
                    placeTokens.put(m, span);
                }
            }
            this.mentions = sideMentions(tokens, placeSpans);
            for (final Map.Entry<PlaceMatch, int[]> e : placeTokens.entrySet()) {
                final int first = e.getValue()[0];
                if (outOfScope[first]
                        || first > 0 && ORIGIN_WORDS.contains(tokens.get(first - 1).norm())
                        || first > 0 && GOVERNMENT_OBJECT_VERBS.contains(tokens.get(first - 1).norm())
                        || isMetonymy(e.getValue()[1], placeSpans)) {
                    continue;
                }
                places.add(e.getKey());
            }
            for (final DateCue cue : dateCues(tokens, published)) {
                if (!outOfScope[cue.token()]) {
                    dateCues.add(cue.date());
                }
            }
            final Optional<LocalDate> earliest = dateCues.stream().min(LocalDate::compareTo);
            this.future = earliest.isPresent() && earliest.get().isAfter(published.plusDays(1));
            this.responsible = responsibility();
            this.actor = responsible != null ? responsible.side() : agent(firstTriggerToken());
            this.patient = patient();
            this.claims = claims(this);
            if (responsible != null) {
                // A claim of responsibility carries no figures: fatalities and injured stay null.
                claims.add(new ExtractedClaim(text.substring(tokens.get(responsible.first()).start(),
                        tokens.get(responsible.last()).end()), responsible.side(), null, Side.UNKNOWN, false));
            }
            this.unverified = saysUnverified(tokens);
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

        /** "Islamabad said", "Kabul and Islamabad agreed": the capital stands for its government. */
        private boolean isMetonymy(final int lastToken, final Map<Integer, Integer> placeSpans) {
            int j = lastToken + 1;
            while (j + 1 < tokens.size() && "and".equals(tokens.get(j).norm()) && placeSpans.containsKey(j + 1)) {
                j = placeSpans.get(j + 1) + 1;
            }
            return j < tokens.size() && METONYMY_VERBS.contains(tokens.get(j).norm());
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
        private Mention responsibility() {
            for (final Mention m : mentions) {
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
            for (final Mention m : mentions) {
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
                while (after < tokens.size() && SKIP_AFTER_MENTION.contains(tokens.get(after).norm())) {
                    after++;
                }
                final String next = after < tokens.size() ? tokens.get(after).norm() : "";
                if (TARGET_NOUNS.contains(next) || AIM_WORDS.contains(prev)) {
                    return m.side();
                }
            }
            return null;
        }

        private Side agent(final int beforeToken) {
            for (final Mention m : mentions) {
                if (m.passiveAgent() && !outOfScope[m.first()]) {
                    return m.side();
                }
            }
            for (final Mention m : mentions) {
                if (m.agent() && m.first() < beforeToken && !outOfScope[m.first()]) {
                    return m.side();
                }
            }
            for (final Mention m : mentions) {
                if (m.agent() && !outOfScope[m.first()]) {
                    return m.side();
                }
            }
            return null;
        }

        boolean mentionsBothStates() {
            boolean af = false;
            boolean pk = false;
            for (final Mention m : mentions) {
                af |= m.side() == Side.AFGHANISTAN;
                pk |= m.side() == Side.PAKISTAN;
            }
            return af && pk;
        }
    }

    // ================================================================== negation and hypothesis scope

    /** Marks tokens that lie in the scope of a negation, hypothesis or future cue. */
    static boolean[] negationScope(final String text, final List<Tokens.Token> tokens, final Set<Integer> triggerStarts) {
        final int n = tokens.size();
        final boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (!tokens.get(i).is(TAG_SENTENCE_CUE)) {
                continue;
            }
            if (SENTENCE_CUES.contains(tokens.get(i).norm()) || isPostCue(tokens, i)) {
                Arrays.fill(out, true);
                return out;
            }
        }
        for (int i = 0; i < n; i++) {
            if (!tokens.get(i).is(TAG_CUE)) {
                continue;
            }
            final boolean any = "any".equals(tokens.get(i).norm()) && followedByTrigger(tokens, i, triggerStarts);
            if (!any && !isCue(tokens, i, triggerStarts)) {
                continue;
            }
            if (MODAL_CUES.contains(tokens.get(i).norm())) {
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
        return TO_CUES.contains(w) && "to".equals(next) || isBackground(tokens, i);
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
            return PERIODS.contains(next) && "s".equals(after);
        }
        return PERIODS.contains(w) && ("after".equals(next) || "since".equals(next)) && i > 0
                && ("a".equals(tokens.get(i - 1).norm()) || number(tokens.get(i - 1).norm()) != null);
    }

    // ================================================================== sides

    /** A mention of a party: its side, its tokens, and whether it reads as the one acting. */
    private record Mention(Side side, int first, int last, boolean agent, boolean passiveAgent) {
    }

    /**
     * Party mentions (states and armed groups from the actor table; "Kabul"/"Islamabad" used for
     * their government) in token order, the longest actor name at each token.
     */
    private List<Mention> sideMentions(final List<Tokens.Token> tokens, final Map<Integer, Integer> placeSpans) {
        final List<Mention> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            if (!tokens.get(i).is(TAG_SIDE)) {
                i++;
                continue;
            }
            final String w = tokens.get(i).norm();
            final String next = i + 1 < tokens.size() ? tokens.get(i + 1).norm() : "";
            Side side = null;
            int last = i;
            final ActorTable.Match match = actors.matchAt(tokens, i);
            if (match != null && match.actor().kind().isParty()) {
                side = match.actor().side();
                last = match.last();
            } else if (match == null && ("kabul".equals(w) || "islamabad".equals(w)) && placeSpans.containsKey(i)
                    && i + 1 < tokens.size() && METONYMY_VERBS.contains(next)) {
                side = "kabul".equals(w) ? Side.AFGHANISTAN : Side.PAKISTAN;
            }
            if (side == null) {
                i++;
                continue;
            }
            final boolean passive = i > 0 && "by".equals(tokens.get(i - 1).norm())
                    || i > 1 && "by".equals(tokens.get(i - 2).norm()) && "the".equals(tokens.get(i - 1).norm());
            out.add(new Mention(side, i, last, passive || readsAsAgent(tokens, last), passive));
            i = last + 1;
        }
        return out;
    }

    /** After the mention: an action verb → agent; a target noun → patient; an agent noun → agent unless a target noun follows. */
    private static boolean readsAsAgent(final List<Tokens.Token> tokens, final int last) {
        boolean agentNoun = false;
        int seen = 0;
        for (int j = last + 1; j < tokens.size() && seen < 3; j++) {
            final String w = tokens.get(j).norm();
            if (SKIP_AFTER_MENTION.contains(w)) {
                continue;
            }
            seen++;
            if (ACTION_VERBS.contains(w)) {
                return true;
            }
            if (TARGET_NOUNS.contains(w)) {
                return false;
            }
            if (AGENT_NOUNS.contains(w)) {
                agentNoun = true;
            } else if (agentNoun) {
                break;
            }
        }
        return agentNoun;
    }

    private static Side firstActor(final List<Analysis> sentences) {
        for (final Analysis s : sentences) {
            if (s.actor != null) {
                return s.actor;
            }
        }
        return Side.UNKNOWN;
    }

    /** States and armed groups: the sides that act, claim and lose fighters. */
    static boolean isParty(final Side side) {
        return side != null && side != Side.UNKNOWN && side != Side.OTHER && side != Side.CIVILIAN;
    }

    static Side sideOfCountry(final String countryCode) {
        return switch (countryCode) {
            case "AF" -> Side.AFGHANISTAN;
            case "PK" -> Side.PAKISTAN;
            default -> Side.UNKNOWN;
        };
    }

    // ================================================================== type and dates

    /** The first specific violent trigger of a sentence whose actor is {@code actor}, or null. */
    private static EventLexicon.Trigger dominantTrigger(final List<Analysis> sentences, final Side actor) {
        if (actor == null) {
            return null;
        }
        for (final Analysis s : sentences) {
            final EventLexicon.Trigger t = s.bestTrigger();
            if (t != null && !t.generic() && t.type() != EventType.STRATEGIC_DEVELOPMENT && s.actor == actor) {
                return t;
            }
        }
        return null;
    }

    /** The first specific violent trigger of the report (headline first), or null. */
    private static EventLexicon.Trigger dominantTrigger(final List<Analysis> sentences) {
        for (final Analysis s : sentences) {
            final EventLexicon.Trigger t = s.bestTrigger();
            if (t != null && !t.generic() && t.type() != EventType.STRATEGIC_DEVELOPMENT) {
                return t;
            }
        }
        return null;
    }

    private static LocalDate[] sentenceDates(final List<Analysis> sentences, final LocalDate dateHint,
                                             final LocalDate published, final String[] precision) {
        final LocalDate[] out = new LocalDate[sentences.size()];
        LocalDate firstDated = null;
        for (final Analysis s : sentences) {
            if (!s.dateCues.isEmpty()) {
                firstDated = s.dateCues.stream().min(LocalDate::compareTo).orElseThrow();
                break;
            }
        }
        final LocalDate fallback = firstDated != null ? firstDated : dateHint != null ? dateHint : published;
        final String fallbackPrecision = firstDated != null ? DATE_DAY : dateHint != null ? DATE_HINT : DATE_PUBLISHED;
        LocalDate previous = null;
        for (final Analysis s : sentences) {
            if (!s.dateCues.isEmpty()) {
                previous = s.dateCues.stream().min(LocalDate::compareTo).orElseThrow();
                out[s.index] = previous;
                precision[s.index] = DATE_DAY;
            } else {
                out[s.index] = previous != null ? previous : fallback;
                precision[s.index] = previous != null ? DATE_DAY : fallbackPrecision;
            }
        }
        return out;
    }

    private record DateCue(LocalDate date, int token) {
    }

    /** Date expressions of a sentence, resolved against the publish date (UTC). */
    static List<DateCue> dateCues(final List<Tokens.Token> tokens, final LocalDate published) {
        final List<DateCue> out = new ArrayList<>();
        int dayBefore = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).is(TAG_DATE)) {
                continue;
            }
            final String w = tokens.get(i).norm();
            final String prev = i > 0 ? tokens.get(i - 1).norm() : "";
            final String next = i + 1 < tokens.size() ? tokens.get(i + 1).norm() : "";
            if ("previous".equals(prev) && ("night".equals(w) || "day".equals(w) || "evening".equals(w))
                    || ("night".equals(prev) || "day".equals(prev)) && ("before".equals(w) || "earlier".equals(w))) {
                // "said on Tuesday that … the previous night": the day before the sentence's anchor date.
                dayBefore = i;
            } else if ("yesterday".equals(w) || "overnight".equals(w) || "night".equals(w) && "last".equals(prev)) {
                out.add(new DateCue(published.minusDays(1), i));
            } else if ("today".equals(w) || "tonight".equals(w)
                    || "this".equals(prev) && ("morning".equals(w) || "afternoon".equals(w) || "evening".equals(w))) {
                out.add(new DateCue(published, i));
            } else if (WEEKDAYS.containsKey(w)) {
                final DayOfWeek day = WEEKDAYS.get(w);
                LocalDate d = published;
                if ("last".equals(prev)) {
                    d = d.minusDays(1);
                }
                while (d.getDayOfWeek() != day) {
                    d = d.minusDays(1);
                }
                out.add(new DateCue(d, i));
            } else if ("ago".equals(w) && i >= 2 && ("days".equals(prev) || "day".equals(prev))) {
                final Integer n = number(tokens.get(i - 2).norm());
                if (n != null && n <= 31) {
                    out.add(new DateCue(published.minusDays(n), i - 2));
                }
            } else if (MONTHS.containsKey(w)) {
                final Integer after = dayOfMonth(next);
                final Integer before = dayOfMonth(prev);
                final Integer day = after != null ? after : before;
                if (day == null) {
                    continue;
                }
                final int yearIdx = after != null ? i + 2 : i + 1;
                Integer year = null;
                if (yearIdx < tokens.size() && isYear(tokens.get(yearIdx).norm())) {
                    year = Integer.parseInt(tokens.get(yearIdx).norm());
                }
                final int month = MONTHS.get(w);
                try {
                    LocalDate d = LocalDate.of(year != null ? year : published.getYear(), month, day);
                    if (year == null && d.isAfter(published.plusDays(180))) {
                        d = d.minusYears(1);
                    }
                    out.add(new DateCue(d, after != null ? i : i - 1));
                } catch (DateTimeException e) {
                    // "February 30": not a date, not a cue.
                    continue;
                }
            }
        }
        if (dayBefore >= 0) {
            LocalDate anchor = published;
            for (final DateCue c : out) {
                anchor = c.date().isBefore(anchor) ? c.date() : anchor;
            }
            out.add(new DateCue(anchor.minusDays(1), dayBefore));
        }
        return out;
    }

    private static Integer dayOfMonth(final String token) {
        final boolean ordinal = token.length() > 2 && (token.endsWith("st") || token.endsWith("nd")
                || token.endsWith("rd") || token.endsWith("th"));
        final String digits = ordinal ? token.substring(0, token.length() - 2) : token;
        if (!isDigits(digits, 1, 2)) {
            return null;
        }
        final int d = Integer.parseInt(digits);
        return d >= 1 && d <= 31 ? d : null;
    }

    // ================================================================== claims

    private record SentenceClaim(ExtractedClaim claim, int sentence) {
    }

    private List<ExtractedClaim> claims(final Analysis s) {
        final List<ExtractedClaim> out = new ArrayList<>();
        final List<Tokens.Token> t = s.tokens;
        final List<int[]> speech = speechVerbs(s); // [verbIndex, claimantFirst, claimantLast]
        for (int i = 0; i < t.size(); i++) {
            if (s.outOfScope[i] || !t.get(i).is(TAG_NUMBER) && !startsWithDigit(t.get(i).norm())) {
                continue;
            }
            Integer value = number(t.get(i).norm());
            if (value == null) {
                continue;
            }
            int numEnd = i;
            // twenty-five → one number.
            if (value >= 20 && value <= 90 && value % 10 == 0 && i + 1 < t.size() && !isDigits(t.get(i).norm(), 1, 9)) {
                final Integer unit = NUMBER_WORDS.get(t.get(i + 1).norm());
                if (unit != null && unit < 10) {
                    value += unit;
                    numEnd = i + 1;
                }
            }
            // 1,200 → one number.
            if (numEnd == i && i + 1 < t.size() && isDigits(t.get(i + 1).norm(), 3, 3)
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
                if (number(w) != null || KILL_WORDS.contains(w) || INJURY_WORDS.contains(w)) {
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
            final boolean self = isParty(claimantSide) && about == claimantSide;
            out.add(new ExtractedClaim(claimant, claimantSide, value, about, self));
            i = Math.max(i, windowEnd);
        }
        return out;
    }

    private static boolean isDatePart(final List<Tokens.Token> t, final int first, final int last) {
        final String prev = first > 0 ? t.get(first - 1).norm() : "";
        final String next = last + 1 < t.size() ? t.get(last + 1).norm() : "";
        return MONTHS.containsKey(prev) || MONTHS.containsKey(next) || isYear(t.get(first).norm());
    }

    /** Speech verbs with their claimant span: [verb, first, last] token indices. */
    private static List<int[]> speechVerbs(final Analysis s) {
        final List<int[]> out = new ArrayList<>();
        final List<Tokens.Token> t = s.tokens;
        for (int v = 0; v < t.size(); v++) {
            if (!t.get(v).is(TAG_SPEECH)) {
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
                if (gap.contains(",") || gap.contains(";") || gap.contains("\"")
                        || CLAIMANT_START.contains(t.get(first - 1).norm())) {
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
        final List<Mention> m = sideMentions(t.subList(first, last + 1), Map.of());
        if (!m.isEmpty()) {
            return m.get(0).side();
        }
        final List<PlaceMatch> places = gazetteer.findAll(claimant);
        if (!places.isEmpty()) {
            return sideOfCountry(places.get(0).region().countryCode());
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
        final List<Mention> m = sideMentions(t.subList(number + 1, end + 1), Map.of());
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
            if (!t.get(i).is(TAG_VERIFY)) {
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

    static Integer number(final String token) {
        if (isDigits(token, 1, 6)) {
            return Integer.parseInt(token);
        }
        return NUMBER_WORDS.get(token);
    }

    private static boolean startsWithDigit(final String s) {
        return !s.isEmpty() && s.charAt(0) >= '0' && s.charAt(0) <= '9';
    }

    /** ASCII digits only, {@code min} to {@code max} of them (regex-free: this runs on every token). */
    static boolean isDigits(final String s, final int min, final int max) {
        if (s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isYear(final String s) {
        return isDigits(s, 4, 4) && (s.startsWith("19") || s.startsWith("20"));
    }

    // ================================================================== claim attachment

    /**
     * The one event a claim belongs to: an event read from the claim's own sentence (preferring
     * one whose country is the side the dead belong to); else the nearest event whose country is
     * that side; else the nearest event. Nearest = smallest sentence distance, ties to the earlier
     * sentence, then to the first event.
     */
    private static Draft attach(final SentenceClaim sc, final List<Draft> events, final List<Analysis> sentences) {
        if (events.isEmpty()) {
            return null;
        }
        final Side about = sc.claim().aboutSide();
        Draft best = null;
        long bestScore = Long.MAX_VALUE;
        for (final Draft d : events) {
            final boolean sameSentence = d.sentences.contains(sc.sentence());
            final boolean sideMatch = (about == Side.AFGHANISTAN || about == Side.PAKISTAN)
                    && sideOfCountry(d.province.countryCode()) == about;
            int distance = Integer.MAX_VALUE;
            for (final int k : d.sentences) {
                final int dist = Math.abs(k - sc.sentence()) * 2 + (k > sc.sentence() ? 1 : 0);
                distance = Math.min(distance, dist);
            }
            final long score = (sameSentence ? 0L : 1L << 40) + (sideMatch ? 0L : 1L << 32) + distance;
            if (score < bestScore) {
                best = d;
                bestScore = score;
            }
        }
        return best;
    }

    // ================================================================== drafts

    private static final class Draft {
        private final Region province;
        private final EventType type;
        private final String subType;
        private final LocalDate date;
        private final String datePrecision;
        private final String evidence;
        private final boolean typeFromHint;
        private final boolean regionFromHint;
        private final Set<Integer> sentences = new TreeSet<>();
        private final List<ExtractedClaim> claims = new ArrayList<>();
        private Precision precision = Precision.PROVINCE;
        private String district;
        private Side actor;
        private Side patient;
        private boolean bothStates;

        private Draft(final Region province, final EventType type, final String subType, final LocalDate date,
                      final String datePrecision, final String evidence, final boolean typeFromHint,
                      final boolean regionFromHint) {
            this.province = province;
            this.type = type;
            this.subType = subType;
            this.date = date;
            this.datePrecision = datePrecision;
            this.evidence = evidence;
            this.typeFromHint = typeFromHint;
            this.regionFromHint = regionFromHint;
        }

        /** Keeps the finest place named for this province. */
        private void refine(final Region place, final Gazetteer gazetteer) {
            if (rank(place.level()) > rank(precision)) {
                precision = place.level();
                district = gazetteer.district(place).map(Region::name).orElse(district);
            } else if (district == null && place.level() != Precision.PROVINCE) {
                district = gazetteer.district(place).map(Region::name).orElse(null);
            }
        }

        private static int rank(final Precision p) {
            return switch (p) {
                case LOCALITY -> 3;
                case DISTRICT -> 2;
                case PROVINCE -> 1;
                default -> 0;
            };
        }

        private ExtractedEvent toEvent() {
            Side a = actor == null ? Side.UNKNOWN : actor;
            Side target = Side.UNKNOWN;
            if (bothStates) {
                a = Side.AFGHANISTAN;
                target = Side.PAKISTAN;
            } else if (a == Side.AFGHANISTAN || a == Side.PAKISTAN) {
                final Side local = sideOfCountry(province.countryCode());
                if (local != Side.UNKNOWN && local != a) {
                    target = local;
                }
            } else if (isParty(a)) {
                // An armed group's attack is on the state whose territory it is (its police posts,
                // soldiers, officials), unless the type says it was aimed at civilians.
                target = type == EventType.ATTACK_ON_CIVILIANS ? Side.CIVILIAN : sideOfCountry(province.countryCode());
            }
            if (target == Side.UNKNOWN && patient != null && patient != a) {
                target = patient;
            }
            final Map<Side, Integer> lowBySide = new LinkedHashMap<>();
            Integer high = null;
            for (final ExtractedClaim c : claims) {
                if (c.fatalities() == null) {
                    continue;
                }
                high = high == null ? c.fatalities() : Math.max(high, c.fatalities());
                if (c.conservative()) {
                    lowBySide.merge(c.aboutSide(), c.fatalities(), Math::max);
                }
            }
            Integer low = null;
            for (final int v : lowBySide.values()) {
                low = low == null ? v : low + v;
            }
            if (low != null && (high == null || high < low)) {
                high = low;
            }
            final boolean unverified = claims.stream().anyMatch(ExtractedClaim::unverified);
            return new ExtractedEvent(province, district, precision, type, type != EventType.STRATEGIC_DEVELOPMENT, a,
                    target, claims, low, high, date, evidence, typeFromHint || regionFromHint, subType, datePrecision,
                    typeFromHint, regionFromHint, unverified);
        }
    }

    // ================================================================== sentence splitting

    /** Splits at . ! ? (and Arabic/Urdu stops) followed by space and a capital, digit or quote; skips abbreviations. */
    static List<String> splitSentences(final String text) {
        final List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        int start = 0;
        final int n = text.length();
        for (int i = 0; i < n; i++) {
            final char c = text.charAt(i);
            if (c != '.' && c != '!' && c != '?' && c != '\u061F' && c != '\u06D4') {
                continue;
            }
            int end = i + 1;
            while (end < n && (text.charAt(end) == '"' || text.charAt(end) == '\'' || text.charAt(end) == ')')) {
                end++;
            }
            if (end >= n || !Character.isWhitespace(text.charAt(end))) {
                continue;
            }
            int k = end;
            while (k < n && Character.isWhitespace(text.charAt(k))) {
                k++;
            }
            if (k >= n) {
                break;
            }
            final char first = text.charAt(k);
            final boolean opens = Character.isUpperCase(first) || Character.isDigit(first) || first == '"'
                    || first == '\'' || first == '(' || Character.isLetter(first) && !Character.isLowerCase(first)
                    && first > 0x024F;
            if (!opens || c == '.' && isAbbreviation(text, i)) {
                continue;
            }
            final String sentence = text.substring(start, end).strip();
            if (!sentence.isEmpty()) {
                out.add(sentence);
            }
            start = k;
        }
        final String rest = text.substring(start).strip();
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        return out;
    }

    private static boolean isAbbreviation(final String text, final int dot) {
        int b = dot;
        while (b > 0 && (Character.isLetter(text.charAt(b - 1)) || text.charAt(b - 1) == '.')) {
            b--;
        }
        final String word = text.substring(b, dot).toLowerCase(Locale.ROOT);
        return word.length() == 1 || ABBREVIATIONS.contains(word);
    }

    // ================================================================== word tables

    private static Map<String, Integer> tags() {
        final Map<String, Integer> m = new HashMap<>();
        final Set<String> date = new HashSet<>(List.of("night", "day", "evening", "before", "earlier", "yesterday",
                "overnight", "today", "tonight", "morning", "afternoon", "ago"));
        date.addAll(WEEKDAYS.keySet());
        date.addAll(MONTHS.keySet());
        final Set<String> cue = new HashSet<>(List.of("any", "won", "can", "not", "no", "may", "might", "last",
                "previous"));
        cue.addAll(PRE_CUES);
        cue.addAll(CONTRACTED_NEGATIONS);
        cue.addAll(TO_CUES);
        cue.addAll(PERIODS);
        final Set<String> sentenceCue = new HashSet<>(SENTENCE_CUES);
        sentenceCue.addAll(List.of("denied", "ruled", "false"));
        final Object[][] groups = {
            {TAG_DATE, date},
            {TAG_SENTENCE_CUE, sentenceCue},
            {TAG_CUE, cue},
            {TAG_NUMBER, NUMBER_WORDS.keySet()},
            {TAG_SPEECH, SPEECH_VERBS},
            {TAG_VERIFY, Set.of("unverified", "unverifiable", "verified", "verify", "verifiable", "confirmed")},
            // Actor aliases add their first words per instance (the table is data).
            {TAG_SIDE, Set.of("kabul", "islamabad")},
        };
        for (final Object[] g : groups) {
            for (final Object w : (Set<?>) g[1]) {
                m.merge((String) w, (Integer) g[0], (a, b) -> a | b);
            }
        }
        return Map.copyOf(m);
    }

    private static Map<String, Integer> numberWords() {
        final String[] words = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
        final Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < words.length; i++) {
            m.put(words[i], i + 1);
        }
        final String[] tens = {"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
        for (int i = 0; i < tens.length; i++) {
            m.put(tens[i], 30 + 10 * i);
        }
        // Vague amounts, ACLED's convention: "dozens" = 12, "hundreds" = 100.
        m.put("dozen", 12);
        m.put("dozens", 12);
        m.put("hundreds", 100);
        return Map.copyOf(m);
    }

    private static Map<String, Integer> months() {
        final Map<String, Integer> m = new HashMap<>();
        final String[] full = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december"};
        for (int i = 0; i < full.length; i++) {
            m.put(full[i], i + 1);
            if (full[i].length() > 3) {
                m.put(full[i].substring(0, 3), i + 1);
            }
        }
        m.put("sept", 9);
        return Map.copyOf(m);
    }

    private static Map<String, DayOfWeek> weekdays() {
        final Map<String, DayOfWeek> m = new HashMap<>();
        for (final DayOfWeek d : DayOfWeek.values()) {
            m.put(d.name().toLowerCase(Locale.ROOT), d);
        }
        return Map.copyOf(m);
    }
}
