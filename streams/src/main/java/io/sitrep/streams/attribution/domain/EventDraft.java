package io.sitrep.streams.attribution.domain;

import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Precision;
import io.sitrep.schemas.avro.Side;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One event of a report while it is being read: the sentences it comes from, the finest place
 * named, its sides and the claims attached to it; {@link #toEvent()} settles target and figures.
 */
final class EventDraft {

    /** A claim and the sentence it was read in. */
    record SentenceClaim(ExtractedClaim claim, int sentence) {
    }

    final Region province;
    final EventType type;
    String subType;
    final LocalDate date;
    final String datePrecision;
    final String evidence;
    final boolean typeFromHint;
    final boolean regionFromHint;
    final Set<Integer> sentences = new TreeSet<>();
    final List<ExtractedClaim> claims = new ArrayList<>();
    private Precision precision = Precision.PROVINCE;
    private String district;
    Side actor;
    Side patient;
    boolean bothStates;

    EventDraft(final Region province, final EventType type, final String subType, final LocalDate date,
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

    /** An event placed only in a country ("along the border"): no province is claimed. */
    void countryWide() {
        precision = Precision.COUNTRY;
    }

    /** Keeps the finest place named for this province. */
    void refine(final Region place, final Gazetteer gazetteer) {
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

    ExtractedEvent toEvent() {
        Side a = actor == null ? Side.UNKNOWN : actor;
        Side target = Side.UNKNOWN;
        if (bothStates) {
            a = Side.AFGHANISTAN;
            target = Side.PAKISTAN;
        } else if (a == Side.AFGHANISTAN || a == Side.PAKISTAN) {
            final Side local = PartyMentions.sideOfCountry(province.countryCode());
            if (local != Side.UNKNOWN && local != a) {
                target = local;
            }
        } else if (PartyMentions.isParty(a)) {
            // An armed group's attack is on the state whose territory it is (its police posts,
            // soldiers, officials), unless the type says it was aimed at civilians.
            target = type == EventType.ATTACK_ON_CIVILIANS ? Side.CIVILIAN : PartyMentions.sideOfCountry(province.countryCode());
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

    /**
     * The one event a claim belongs to: an event read from the claim's own sentence (preferring
     * one whose country is the side the dead belong to); else the nearest event whose country is
     * that side; else the nearest event. Nearest = smallest sentence distance, ties to the earlier
     * sentence, then to the first event.
     */
    static EventDraft attach(final SentenceClaim sc, final List<EventDraft> events) {
        if (events.isEmpty()) {
            return null;
        }
        final Side about = sc.claim().aboutSide();
        EventDraft best = null;
        long bestScore = Long.MAX_VALUE;
        for (final EventDraft d : events) {
            final boolean sameSentence = d.sentences.contains(sc.sentence());
            final boolean sideMatch = (about == Side.AFGHANISTAN || about == Side.PAKISTAN)
                    && PartyMentions.sideOfCountry(d.province.countryCode()) == about;
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
}
