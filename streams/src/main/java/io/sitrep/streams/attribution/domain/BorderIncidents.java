package io.sitrep.streams.attribution.domain;

import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Precision;
import io.sitrep.schemas.avro.Side;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Fighting placed only "along the border" ("58 soldiers were killed in clashes along the Durand
 * Line"): no province is named, but the incident happened, on one side of the border. Such an
 * event is placed in that country (precision COUNTRY, the ISO 3166-1 code as region code), so its
 * type and date are kept without claiming a province.
 */
final class BorderIncidents {

    /** Only fighting on the ground is placed by the border alone; a raid "along the border" is a motive or a recap more often than news. */
    private static final Set<EventType> GROUND_FIGHTING = Set.of(EventType.ARMED_CLASH, EventType.GROUND_ASSAULT,
            EventType.SHELLING_ARTILLERY_MISSILE);
    private static final Map<String, Region> COUNTRIES = Map.of(
            "AF", new Region("AF", "Afghanistan", "AF", Precision.COUNTRY, null),
            "PK", new Region("PK", "Pakistan", "PK", Precision.COUNTRY, null));

    private BorderIncidents() {
    }

    /** Whether an event of {@code type} may be placed by the border alone. */
    static boolean placeable(final EventType type) {
        return GROUND_FIGHTING.contains(type);
    }

    /**
     * The country whose side of the border was hit: the side acted upon when the sentence names
     * it, else the other state for a state's attack, else Pakistan for the armed groups that fight
     * it there, else the report's focus country.
     */
    static Region countryHit(final Side actor, final Side patient, final String reportFocus) {
        final Side hit = patient == Side.AFGHANISTAN || patient == Side.PAKISTAN ? patient
                : actor == Side.AFGHANISTAN ? Side.PAKISTAN
                : actor == Side.PAKISTAN ? Side.AFGHANISTAN
                : actor == Side.TTP || actor == Side.BLA ? Side.PAKISTAN
                : null;
        if (hit != null) {
            return COUNTRIES.get(hit == Side.AFGHANISTAN ? "AF" : "PK");
        }
        return COUNTRIES.get("AF".equals(reportFocus) ? "AF" : "PK");
    }

    /**
     * "Mortar fire hits border village … shells landed in Kunar": when the report places fighting of
     * the same kind and days in a province, its mention of the border is that incident, not another.
     */
    static void dropWherePlacedElsewhere(final Collection<EventDraft> drafts) {
        drafts.removeIf(d -> d.province.level() == Precision.COUNTRY && drafts.stream().anyMatch(e ->
                e.province.level() != Precision.COUNTRY && e.type == d.type
                        && Math.abs(e.date.toEpochDay() - d.date.toEpochDay()) <= 1));
    }
}
