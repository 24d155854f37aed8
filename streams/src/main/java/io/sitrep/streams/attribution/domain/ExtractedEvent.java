package io.sitrep.streams.attribution.domain;

import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Precision;
import io.sitrep.schemas.avro.Side;
import java.time.LocalDate;
import java.util.List;

/**
 * One event read from one report.
 *
 * @param region         the province (always level PROVINCE)
 * @param district       district name when the text named a district or a place inside one, else null
 * @param precision      finest level the text named: PROVINCE, DISTRICT or LOCALITY
 * @param eventType      what happened
 * @param counted        false for STRATEGIC_DEVELOPMENT (talks, ceasefires): kept, never counted
 * @param actorSide      who did it
 * @param targetSide     to whom: the province's country when the actor is the other country, else UNKNOWN
 *                       (clashes between the two states: actor AFGHANISTAN, target PAKISTAN)
 * @param claims         casualty claims attached to this event, one per claimant figure
 * @param fatalitiesLow  conservative figure: per side whose dead are counted, the largest self-reported
 *                       or independent figure, summed over sides; null without such a figure
 * @param fatalitiesHigh the largest single claim (never below fatalitiesLow); null without claims
 * @param eventDate      when it happened (UTC date)
 * @param evidence       the sentence the event was read from (the first one, when merged)
 * @param fromHint       region or type came from the scraper's hints
 * @param subType        finer kind in the evaluation vocabulary (airstrike, drone_strike, shelling, …; see
 *                       lexicon/README.md)
 * @param datePrecision  how the date was found: {@link EventExtractor#DATE_DAY}, {@link EventExtractor#DATE_HINT}
 *                       or {@link EventExtractor#DATE_PUBLISHED}
 * @param typeFromHint   the event type came from the scraper's hint
 * @param regionFromHint the region came from the scraper's hint
 * @param unverified     the text says one of the event's figures could not be verified
 */
public record ExtractedEvent(Region region, String district, Precision precision, EventType eventType, boolean counted,
                             Side actorSide, Side targetSide, List<ExtractedClaim> claims, Integer fatalitiesLow,
                             Integer fatalitiesHigh, LocalDate eventDate, String evidence, boolean fromHint,
                             String subType, String datePrecision, boolean typeFromHint, boolean regionFromHint,
                             boolean unverified) {

    public ExtractedEvent {
        claims = claims == null ? List.of() : List.copyOf(claims);
        subType = subType == null ? "" : subType;
        datePrecision = datePrecision == null ? "" : datePrecision;
    }

    /**
     * Event identity, {@code regionCode|yyyy-MM-dd|EVENT_TYPE|ACTOR>TARGET}: the same real event
     * reported by several stories gets the same id (e.g. {@code AF-KAB|2026-02-26|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN}).
     */
    public String eventId() {
        return region.code() + "|" + eventDate + "|" + eventType.name() + "|" + actorSide.name() + ">" + targetSide.name();
    }
}
