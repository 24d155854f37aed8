package io.sitrep.streams.attribution.domain;

import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Side;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What kind of event a sentence's trigger stands for, read against the whole report:
 * <ul>
 * <li>a generic attack verb ("struck", "attacked") takes the first specific violent type of the
 * same actor, else the report's dominant type (its first specific violent trigger), else the
 * scraper's type hint;</li>
 * <li>an explosion ("blast", "explosions", "kept exploding") is a consequence of the report's
 * explosive attack when it names one (a suicide bombing, an air or drone strike, shelling, a
 * planted bomb): it takes that attack's type, so secondary explosions never become an event of
 * their own kind; without such an attack it is a remote explosive.</li>
 * <li>an attack on posts ("attacked border posts") takes the report's type when it names one
 * ("stormed", "shelled"), else it is an armed clash.</li>
 * </ul>
 */
final class ReportTypes {

    /** The lexicon's sub-type marking an explosion that does not say what caused it. */
    static final String EXPLOSION = "explosion";
    /** The lexicon's sub-type marking an attack on posts: the report's own type when it has one, else a clash. */
    static final String POST_ATTACK = "post_attack";
    private static final String DRONE = "drone_strike";
    private static final Set<EventType> EXPLOSIVE_KINDS = Set.of(EventType.SUICIDE_BOMB, EventType.AIR_DRONE_STRIKE,
            EventType.SHELLING_ARTILLERY_MISSILE, EventType.REMOTE_EXPLOSIVE);

    /** A type for one sentence's events; {@code fromHint} when only the scraper's hint gave it. */
    record Resolved(EventType type, String subType, boolean fromHint) {
    }

    private final List<SentenceAnalysis> sentences;
    private final EventLexicon.Trigger dominant;
    private final EventLexicon.Trigger explosiveCause;
    private final EventType hint;

    ReportTypes(final List<SentenceAnalysis> sentences, final EventType hint) {
        this.sentences = sentences;
        this.hint = hint;
        this.explosiveCause = explosiveCause(sentences);
        final EventLexicon.Trigger first = first(sentences, null, false);
        this.dominant = first != null ? first : first(sentences, null, true);
    }

    /** The type of {@code trigger} in a sentence whose acting side is {@code actor}; null when none can be told. */
    Resolved resolve(final EventLexicon.Trigger trigger, final Side actor) {
        if (isExplosion(trigger)) {
            return explosiveCause != null ? new Resolved(explosiveCause.type(), explosiveCause.subType(), false)
                    : new Resolved(trigger.type(), EventLexicon.defaultSubType(trigger.type()), false);
        }
        final boolean postAttack = POST_ATTACK.equals(trigger.subType());
        if (postAttack && dominant == null) {
            return new Resolved(trigger.type(), EventLexicon.defaultSubType(trigger.type()), false);
        }
        if (!trigger.generic() && !postAttack) {
            return new Resolved(trigger.type(), trigger.subType(), false);
        }
        final EventType type = dominant != null ? dominant.type() : hint;
        if (type == null) {
            return null;
        }
        // "Pakistan struck Kabul … Afghan drones hit the northwest": a generic verb takes the
        // first specific type of the same actor; another actor's type keeps only its kind.
        final EventLexicon.Trigger own = actor == null ? null : first(sentences, actor, false);
        if (own != null) {
            return new Resolved(own.type(), own.subType(), false);
        }
        return new Resolved(type, EventLexicon.defaultSubType(type), dominant == null);
    }

    static boolean isExplosion(final EventLexicon.Trigger t) {
        return t != null && EXPLOSION.equals(t.subType());
    }

    /** The first specific violent trigger (of {@code actor}'s sentences when given); explosions only when allowed. */
    private static EventLexicon.Trigger first(final List<SentenceAnalysis> sentences, final Side actor,
                                              final boolean explosions) {
        for (final SentenceAnalysis s : sentences) {
            final EventLexicon.Trigger t = s.bestTrigger();
            if (t != null && !t.generic() && t.type() != EventType.STRATEGIC_DEVELOPMENT
                    && !POST_ATTACK.equals(t.subType())
                    && (actor == null || s.actor == actor) && (explosions || !isExplosion(t))) {
                return t;
            }
        }
        return null;
    }

    /** The first in-scope trigger of an explosive attack that says what exploded, or null. */
    private static EventLexicon.Trigger explosiveCause(final List<SentenceAnalysis> sentences) {
        for (final SentenceAnalysis s : sentences) {
            for (final EventLexicon.Trigger t : s.triggers) {
                if (!t.generic() && !isExplosion(t) && EXPLOSIVE_KINDS.contains(t.type())) {
                    return t;
                }
            }
        }
        return null;
    }

    /**
     * "Drones were launched at Nowshera … the 'airstrikes' targeted Islamabad and Nowshera": the
     * places one sentence lists were struck in one wave, and a province the report already has as
     * struck by drones that day tells what the wave was, whatever the other side called it.
     */
    static void oneAirWave(final Collection<EventDraft> drafts) {
        for (final EventDraft d : drafts) {
            if (d.type != EventType.AIR_DRONE_STRIKE || DRONE.equals(d.subType)) {
                continue;
            }
            for (final EventDraft e : drafts) {
                if (e.type == EventType.AIR_DRONE_STRIKE && DRONE.equals(e.subType) && e.date.equals(d.date)
                        && !Collections.disjoint(e.sentences, d.sentences)) {
                    d.subType = DRONE;
                    break;
                }
            }
        }
    }
}
