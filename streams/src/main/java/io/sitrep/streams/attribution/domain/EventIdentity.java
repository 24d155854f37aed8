package io.sitrep.streams.attribution.domain;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.Claim;
import io.sitrep.schemas.avro.Precision;
import io.sitrep.schemas.avro.Side;
import io.sitrep.schemas.avro.Source;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Event identity across stories: two events with the same region and event type whose dates lie
 * at most {@value #DAY_TOLERANCE} day apart, whose sub-types do not contradict each other (drone
 * vs. jets) and whose actor pairs do not either, are one real-world event. Several write-ups of
 * one incident resolve a relative date differently ("late on Thursday" vs. "early Friday"; UTC
 * vs. local midnight), which is why the date is not part of the match exactly; they also name
 * the parties unevenly (one names the attacker, another only the victims, a third tells it from
 * the other side), which is why the actor pair is matched loosely ({@link #compatibleActors}).
 *
 * <p>The merged event keeps the identity (event id, date, story id) of the event it was merged
 * into and gains the other's sources and claims; figures are recomputed from the claims, never
 * summed across claimants. Merging is idempotent: merging a story twice adds nothing. Pure and
 * thread-safe; no Kafka types.
 */
public final class EventIdentity {

    /** Dates this many days apart (or fewer) may be the same event. */
    public static final int DAY_TOLERANCE = 1;

    private EventIdentity() {
    }

    /** What must be equal for two events to be one: {@code region|TYPE}. Starts with the region, as event ids do. */
    public static String groupKey(final AttributedEvent e) {
        return e.getRegionCode() + "|" + e.getEventType().name();
    }

    /** The actor pair, {@code ACTOR>TARGET}: tells apart the events of one group and date in the merger's store. */
    public static String actorPair(final AttributedEvent e) {
        return e.getActorSide().name() + ">" + e.getTargetSide().name();
    }

    /** True when the two dates are close enough for one event. */
    public static boolean closeDates(final LocalDate a, final LocalDate b) {
        return Math.abs(a.toEpochDay() - b.toEpochDay()) <= DAY_TOLERANCE;
    }

    /** The story ids behind an event (its sources, else its own story id). */
    public static Set<String> storyIds(final AttributedEvent e) {
        final Set<String> out = new LinkedHashSet<>();
        for (final Source s : e.getSources()) {
            out.add(s.getStoryId());
        }
        if (out.isEmpty()) {
            out.add(e.getStoryId());
        }
        return out;
    }

    /**
     * Whether {@code incoming} may join {@code existing}: same group, dates close, and not a second
     * event of a story that is already a source of {@code existing} (one story that names two dates
     * meant two events), unless it is the very same event id (a story re-read).
     */
    public static boolean canJoin(final AttributedEvent existing, final AttributedEvent incoming) {
        if (!groupKey(existing).equals(groupKey(incoming))
                || !closeDates(existing.getEventDate(), incoming.getEventDate())) {
            return false;
        }
        if (existing.getEventId().equals(incoming.getEventId())) {
            return true;
        }
        if (!mayBeOneIncident(existing, incoming)) {
            return false;
        }
        final Set<String> known = storyIds(existing);
        for (final String story : storyIds(incoming)) {
            if (known.contains(story)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether two events of one group and close dates may describe one incident: their sub-types
     * agree and their actor pairs do ({@link #compatibleActors}), or, on the very same day with the
     * same named sub-type, at least their attackers do. Write-ups of one strike on a militant
     * group's figure in a host country confuse who was hit (the group or the country) far more
     * often than who struck, and same day, place, kind and sub-type leave little room for a second
     * incident; two named attackers still keep events apart.
     */
    public static boolean mayBeOneIncident(final AttributedEvent a, final AttributedEvent b) {
        if (!compatibleSubTypes(a.getSubType(), b.getSubType()) || unnamedBesideInterstate(a, b)) {
            return false;
        }
        if (compatibleActors(a, b)) {
            return true;
        }
        return a.getEventDate().equals(b.getEventDate()) && !a.getSubType().isEmpty() && a.getSubType().equals(b.getSubType())
                && sameSide(a.getActorSide(), b.getActorSide());
    }

    /**
     * Fighting between the two states and an act whose parties no write-up named, on different
     * days or in different named districts: not one incident. Write-ups of interstate fighting
     * name the states (each blames the other); an unattributed attack of the day before, or of the
     * same day in another district of the province (a raid on a police school during a border
     * war), is another incident, and the loose actor match must not join them.
     */
    static boolean unnamedBesideInterstate(final AttributedEvent a, final AttributedEvent b) {
        return (!a.getEventDate().equals(b.getEventDate()) || otherDistricts(a, b))
                && (interstate(a) && unnamed(b) || interstate(b) && unnamed(a));
    }

    private static boolean otherDistricts(final AttributedEvent a, final AttributedEvent b) {
        return a.getDistrict() != null && b.getDistrict() != null && !a.getDistrict().equals(b.getDistrict());
    }

    private static boolean interstate(final AttributedEvent e) {
        return IncidentIdentity.interstate(e.getActorSide(), e.getTargetSide());
    }

    private static boolean unnamed(final AttributedEvent e) {
        return e.getActorSide() == Side.UNKNOWN && e.getTargetSide() == Side.UNKNOWN;
    }

    /**
     * The day of tolerance needs the finer kind to agree: a drone strike on Saturday and a jet
     * raid on Sunday in one province are two incidents. Unknown (empty) agrees with anything.
     */
    public static boolean compatibleSubTypes(final String a, final String b) {
        return a == null || b == null || a.isEmpty() || b.isEmpty() || a.equals(b);
    }

    /**
     * Whether two actor pairs may describe one incident: each side agrees or one of them is
     * unknown, read as is or with one pair turned round (a clash told from the other side, or an
     * attack whose attacker and victim one write-up confused). Two named attackers disagree:
     * TTP and BLA attacking Pakistan on one day are two incidents.
     */
    public static boolean compatibleActors(final AttributedEvent a, final AttributedEvent b) {
        return compatibleActors(a.getActorSide(), a.getTargetSide(), b.getActorSide(), b.getTargetSide());
    }

    /** {@link #compatibleActors(AttributedEvent, AttributedEvent)} on the sides themselves. */
    public static boolean compatibleActors(final Side actorA, final Side targetA, final Side actorB, final Side targetB) {
        return sameSide(actorA, actorB) && sameSide(targetA, targetB) || sameSide(actorA, targetB) && sameSide(targetA, actorB);
    }

    private static boolean sameSide(final Side a, final Side b) {
        return a == b || a == Side.UNKNOWN || b == Side.UNKNOWN;
    }

    /**
     * {@code into} with the sources and claims of {@code other} added. The identity fields of
     * {@code into} stay; the place becomes the finer of the two; {@code unverified} if either is;
     * {@code fromHint} only if both are; the incident id is {@code into}'s, else {@code other}'s when both read the same day.
     */
    public static AttributedEvent merge(final AttributedEvent into, final AttributedEvent other) {
        final Map<String, Source> sources = new LinkedHashMap<>();
        for (final Source s : into.getSources()) {
            sources.putIfAbsent(s.getStoryId(), s);
        }
        for (final Source s : other.getSources()) {
            sources.putIfAbsent(s.getStoryId(), s);
        }
        final Map<String, Claim> claims = new LinkedHashMap<>();
        for (final Claim c : into.getClaims()) {
            claims.putIfAbsent(claimKey(c), c);
        }
        for (final Claim c : other.getClaims()) {
            claims.putIfAbsent(claimKey(c), c);
        }
        final List<Claim> merged = new ArrayList<>(claims.values());
        final AttributedEvent.Builder b = AttributedEvent.newBuilder(into)
                .setSources(new ArrayList<>(sources.values()))
                .setClaims(merged)
                .setFatalitiesLow(low(merged))
                .setFatalitiesHigh(high(merged))
                .setUnverified(into.getUnverified() || other.getUnverified())
                .setFromHint(into.getFromHint() && other.getFromHint());
        if (rank(other.getPrecision()) > rank(into.getPrecision())) {
            b.setPrecision(other.getPrecision()).setDistrict(other.getDistrict());
        } else if (into.getDistrict() == null && other.getDistrict() != null) {
            b.setDistrict(other.getDistrict());
        }
        if (into.getSubType().isEmpty()) {
            b.setSubType(other.getSubType());
        }
        if (into.getIncidentId() == null && into.getEventDate().equals(other.getEventDate())) {
            // a later report that told this event as part of a wider incident links it to the rest;
            // one that read another day told of another day's incident
            b.setIncidentId(other.getIncidentId());
        }
        return b.build();
    }

    private static String claimKey(final Claim c) {
        // The same figure from the same side about the same dead is one claim, whoever worded it.
        return c.getClaimantSide() + "|" + c.getAboutSide() + "|" + c.getFatalities() + "|" + c.getInjured() + "|"
                + c.getSelfReported();
    }

    /** Per side whose dead are counted, the largest self-reported or independent figure; summed over sides. */
    static Integer low(final List<Claim> claims) {
        final Map<Side, Integer> bySide = new LinkedHashMap<>();
        for (final Claim c : claims) {
            if (c.getFatalities() != null && (c.getSelfReported() || c.getClaimantSide() == Side.OTHER)) {
                bySide.merge(c.getAboutSide(), c.getFatalities(), Math::max);
            }
        }
        Integer low = null;
        for (final int v : bySide.values()) {
            low = low == null ? v : low + v;
        }
        return low;
    }

    /** The largest single claim, never below {@link #low}. */
    static Integer high(final List<Claim> claims) {
        Integer high = null;
        for (final Claim c : claims) {
            if (c.getFatalities() != null) {
                high = high == null ? c.getFatalities() : Math.max(high, c.getFatalities());
            }
        }
        final Integer low = low(claims);
        return low != null && (high == null || high < low) ? low : high;
    }

    private static int rank(final Precision p) {
        return switch (Objects.requireNonNullElse(p, Precision.UNKNOWN)) {
            case LOCALITY -> 3;
            case DISTRICT -> 2;
            case PROVINCE -> 1;
            default -> 0;
        };
    }
}
