package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.ReportText;
import io.sitrep.streams.text.TextNormalizer;
import io.sitrep.streams.text.Tokens;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Side;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A first, honest rule-based event extractor: which events a report describes, where, when, who
 * did it to whom, and who claims how many dead. The rules are in {@code lexicon/README.md}; in
 * short:
 *
 * <ol>
 * <li>The dateline and sign-off are stripped ({@link TextNormalizer#stripBoilerplate}, then
 * {@link Dateline}, whose date anchors relative dates); the headline is sentence 0, the body is
 * split into sentences.</li>
 * <li>Hypothetical, future and negated spans are cut out NegEx-style: a cue ("would", "will",
 * "if", "threatened", "warned", "denied", "did not", "no strikes", …) puts the rest of its clause
 * out of scope; a few cues ("baseless", "were denied", "rejected", "ruled out") the whole sentence.
 * Earlier attacks named as references, trends or motives are out of scope too. A sentence whose
 * date cue lies in the future, or that recalls an incident weeks back, yields no event; under a
 * lead about talks or a threat, violence needs a date of its own.</li>
 * <li>A sentence yields events when it holds an in-scope trigger from the {@link EventLexicon}
 * and in-scope gazetteer places: one event per province named (districts and localities roll up
 * to their province). Only places in the role of a location count ({@link PlaceRoles}); a
 * specific act told without any place takes the places of the last located violence. Generic
 * attack verbs and unexplained explosions take their type from the report ({@link ReportTypes}).</li>
 * <li>Sides: the agent is a nationality mention followed by an agent noun or an action verb
 * ("Pakistani jets", "Pakistan struck", "Afghan forces") or after "by", never a speaker ("Kabul
 * said …"); the first agent before the
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
 * <p>The rules live in classes named for their job: {@link SentenceSplitter}, {@link Dateline},
 * {@link NegationScope}, {@link DateCues}, {@link PlaceRoles}, {@link PartyMentions},
 * {@link CasualtyClaims}, {@link ReportTypes}, {@link SentenceAnalysis} (one
 * sentence read with all of them) and {@link EventDraft} (an event being assembled, and where a
 * claim attaches); this class combines the sentences of a report into events.
 *
 * <p>Thread-safe; its only state after construction is a per-thread cache of word tags. No Kafka types.
 */
public final class EventExtractor {

    /** Date precision: a date expression in the text gave the day. */
    public static final String DATE_DAY = "DAY";
    /** Date precision: the scraper's date hint gave the day. */
    public static final String DATE_HINT = "HINT";
    /** Date precision: no date in the text or hints; the publish date stands in. */
    public static final String DATE_PUBLISHED = "PUBLISHED";

    private final Gazetteer gazetteer;
    private final ActorTable actors;
    private final SentenceAnalysis.Rules rules;
    /** {@link WordTags} plus {@link WordTags#SIDE} on the first word of every actor alias. */
    private final Map<String, Integer> tags;
    private final EventLexicon lexicon;
    /** The tags of the words this thread tagged lately ({@link RecentTags}); per thread, as stream threads extract concurrently. */
    private final ThreadLocal<RecentTags> recentTags = ThreadLocal.withInitial(RecentTags::new);

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
        this.actors = Objects.requireNonNull(actors, "actors");
        final PartyMentions parties = new PartyMentions(actors);
        this.rules = new SentenceAnalysis.Rules(gazetteer, Objects.requireNonNull(lexicon, "lexicon"), parties,
                new CasualtyClaims(gazetteer, actors, parties));
        this.tags = WordTags.of(actors, gazetteer, lexicon);
        this.lexicon = lexicon;
    }

    public Gazetteer gazetteer() {
        return gazetteer;
    }

    public ActorTable actors() {
        return actors;
    }

    /**
     * The tags of the words tagged lately on one thread, by the identity of their strings: the
     * tokenizer gives a word it met lately the same string again ({@code Tokens}' recent words), so
     * most tokens of a report find their tags here without hashing and comparing the word in the
     * tag table (that lookup was 7 % of attribution's samples in a profile of the bench, round 23).
     */
    private static final class RecentTags {
        static final int SLOTS = 1 << 12;
        final String[] words = new String[SLOTS];
        final int[] tags = new int[SLOTS];
    }

    /** The tags of {@code word}, whose {@link String#hashCode} is {@code hash}. */
    private int tagsOf(final String word, final int hash, final RecentTags recent) {
        final int slot = hash & (RecentTags.SLOTS - 1);
        if (recent.words[slot] == word) {
            return recent.tags[slot];
        }
        final int tagged = WordTags.tagOf(tags, lexicon, word);
        recent.words[slot] = word;
        recent.tags[slot] = tagged;
        return tagged;
    }

    /** The events of one report, in order of first mention; empty when it describes none. */
    public List<ExtractedEvent> extract(final ReportText report) {
        // Relative dates count back from the dateline's date when it gives one, else the publish date (UTC).
        final LocalDate publishedDay = LocalDate.ofInstant(report.publishedAt(), ZoneOffset.UTC);
        // Subheads and bylines are texts of their own; a dateline after them still opens the body.
        final BodyLines lines = BodyLines.of(report.body(), line -> Dateline.read(line, publishedDay, gazetteer).length() > 0);
        final Dateline dateline = Dateline.read(lines.body(), publishedDay, gazetteer);
        final LocalDate published = dateline.date() != null ? dateline.date() : publishedDay;
        final List<String> texts = new ArrayList<>();
        // Without a headline attribution reads the body's first sentence, dateline and all.
        texts.add(Dateline.cut(report.headline().strip(), gazetteer));
        texts.addAll(lines.headings());
        texts.addAll(SentenceSplitter.split(Dateline.cut(TextNormalizer.stripBoilerplate(lines.body()), gazetteer)));

        // Each sentence is tokenized once, and its place names are looked up once: the report's
        // focus is counted from the sentences' names, which then go to each sentence's analysis.
        final List<List<Tokens.Token>> tokens = new ArrayList<>(texts.size());
        final List<List<NameTrie.Match<List<Region>>>> names = new ArrayList<>(texts.size());
        final RecentTags recent = recentTags.get();
        for (final String text : texts) {
            final List<Tokens.Token> t = Tokens.tokenize(text, (word, hash) -> tagsOf(word, hash, recent));
            tokens.add(t);
            names.add(gazetteer.names(t));
        }
        // Names on both sides of the border (Torkham) resolve to the sentence's own focus country,
        // else to the report's.
        final String reportFocus = gazetteer.focusCountryOfNames(names);
        final List<SentenceAnalysis> sentences = new ArrayList<>(texts.size());
        for (int k = 0; k < texts.size(); k++) {
            sentences.add(new SentenceAnalysis(k, texts.get(k), tokens.get(k), names.get(k), published, reportFocus, rules));
        }

        final ReportTypes types = new ReportTypes(sentences, report.eventTypeHint());
        final Side headlineActor = sentences.get(0).actor;
        final String[] datePrecision = new String[sentences.size()];
        final LocalDate[] dates = DateCues.sentenceDates(sentences, report.eventDateHint(), published, datePrecision);

        // Candidate events per sentence, merged per (province, type, date).
        final Map<String, EventDraft> drafts = new LinkedHashMap<>();
        List<PlaceMatch> lastPlaces = List.of();
        // A headline about a truce whose first sentence reports new strikes is no story about talks.
        final boolean quietLead = sentences.get(0).leadsWithoutViolence()
                && !(sentences.size() > 1 && sentences.get(1).reportsViolence());
        for (final SentenceAnalysis s : sentences) {
            final EventLexicon.Trigger trigger = s.bestTrigger();
            // Under a lead about talks or a threat, violence without a date of its own is the recap.
            if (s.future || s.background || trigger == null || quietLead && s.index > 0 && s.dateCues.isEmpty()) {
                continue;
            }
            // "Gunmen then stormed the compound.": a specific act told without a place happened
            // where the story's last located violence did.
            final List<PlaceMatch> places = !s.places.isEmpty() ? s.places
                    : !s.located && !trigger.generic() && trigger.type() != EventType.STRATEGIC_DEVELOPMENT ? lastPlaces
                    : List.of();
            // "58 soldiers were killed in clashes along the border": violence without a province
            // still happened, in the country whose side of the border was hit.
            // A scraper's region hint places such a report more precisely (fromHint below).
            final boolean border = places.isEmpty() && s.alongBorder && trigger.type() != EventType.STRATEGIC_DEVELOPMENT
                    && !gazetteer.isKnownCode(report.regionHint());
            if (places.isEmpty() && !border) {
                continue;
            }
            final ReportTypes.Resolved resolved = types.resolve(trigger, s.actor != null ? s.actor : headlineActor);
            if (resolved == null) {
                continue;
            }
            final EventType type = resolved.type();
            final String subType = resolved.subType();
            final boolean typeFromHint = resolved.fromHint();
            final Side actor = s.actor != null ? s.actor : headlineActor;
            final EventDraft.Reading reading = new EventDraft.Reading(type, subType, dates[s.index],
                    datePrecision[s.index], s.text, typeFromHint);
            if (!s.places.isEmpty()) {
                lastPlaces = s.places;
            }
            if (border && !BorderIncidents.placeable(type)) {
                continue;
            }
            if (border) {
                final Region country = BorderIncidents.countryHit(actor, s.patient, reportFocus);
                final String key = country.code() + "|" + type + "|" + dates[s.index];
                final EventDraft d = drafts.computeIfAbsent(key, k -> new EventDraft(country, reading, false));
                d.countryWide();
                d.sentences.add(s.index);
                if (d.actor == null || d.actor == Side.UNKNOWN) {
                    d.actor = actor;
                }
                continue;
            }
            for (final PlaceMatch place : places) {
                final Region province = gazetteer.province(place.region());
                final String key = province.code() + "|" + type + "|" + dates[s.index];
                final EventDraft existing = drafts.get(key);
                final EventDraft d = existing != null ? existing
                        : new EventDraft(province, reading, false);
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

        ReportTypes.oneAirWave(drafts.values());
        BorderIncidents.dropWherePlacedElsewhere(drafts.values());

        final List<EventDraft.SentenceClaim> claims = new ArrayList<>();
        final Set<String> seenClaims = new HashSet<>();
        for (final SentenceAnalysis s : sentences) {
            for (final ExtractedClaim c : s.claims) {
                final String key = c.claimantSide() + "|" + c.aboutSide() + "|" + c.fatalities() + "|" + c.injured() + "|"
                        + c.selfReported();
                if (seenClaims.add(key)) {
                    final boolean unverified = s.unverified || s.index + 1 < sentences.size()
                            && sentences.get(s.index + 1).unverified && sentences.get(s.index + 1).claims.isEmpty();
                    claims.add(new EventDraft.SentenceClaim(unverified ? c.asUnverified() : c, s.index));
                }
            }
        }

        if (drafts.isEmpty() && report.eventTypeHint() != null) {
            final Optional<Region> hinted = gazetteer.byCode(report.regionHint());
            if (hinted.isPresent()) {
                final Region province = gazetteer.province(hinted.get());
                final LocalDate date = report.eventDateHint() != null ? report.eventDateHint() : dates[0];
                final EventDraft d = new EventDraft(province, new EventDraft.Reading(report.eventTypeHint(),
                        EventLexicon.defaultSubType(report.eventTypeHint()), date,
                        report.eventDateHint() != null ? DATE_HINT : datePrecision[0], texts.get(0), true), true);
                d.refine(hinted.get(), gazetteer);
                d.actor = firstActor(sentences);
                d.sentences.add(0);
                drafts.put("hint", d);
            }
        }

        final List<EventDraft> events = new ArrayList<>(drafts.values());
        for (final EventDraft.SentenceClaim sc : claims) {
            final EventDraft target = EventDraft.attach(sc, events);
            if (target != null) {
                target.claims.add(sc.claim());
                // "… killing seven soldiers. The Pakistani Taliban claimed responsibility.": a
                // claim of responsibility names the initiator the event's own sentence did not.
                final ExtractedClaim c = sc.claim();
                if (c.fatalities() == null && c.injured() == null && PartyMentions.isParty(c.claimantSide())
                        && (target.actor == null || target.actor == Side.UNKNOWN)) {
                    target.actor = c.claimantSide();
                }
            }
        }
        final List<ExtractedEvent> out = new ArrayList<>(events.size());
        for (final EventDraft d : events) {
            out.add(d.toEvent());
        }
        return out;
    }

    private static Side firstActor(final List<SentenceAnalysis> sentences) {
        for (final SentenceAnalysis s : sentences) {
            if (s.actor != null) {
                return s.actor;
            }
        }
        return Side.UNKNOWN;
    }

    /** Splits a body into sentences ({@link SentenceSplitter}). */
    static List<String> splitSentences(final String text) {
        return SentenceSplitter.split(text);
    }
}
