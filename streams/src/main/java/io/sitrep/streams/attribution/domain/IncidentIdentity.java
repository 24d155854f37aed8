package io.sitrep.streams.attribution.domain;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Precision;
import io.sitrep.schemas.avro.Side;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Incident identity above the single event. An event is one region's share of an incident
 * (escalation counts it in that region); some incidents span several regions, and write-ups of
 * them name different ones: one places a night of border fighting in a province, another in the
 * province across the border, a third only "along the border" (a country-wide event). Two kinds
 * of incident are recognised, both between the two states:
 * <ul>
 *   <li><b>border fighting</b>: clashes, shelling or assaults between the two states' forces on one
 *       day, whoever is said to have started them (each side blames the other), wherever placed;</li>
 *   <li><b>an air wave</b>: one state's air or drone strikes on the other on one day, in any number
 *       of provinces. The attacker matters: the other state's strikes back are another incident.
 *       Strikes land on the struck state's soil, so the region's country tells which one that is.</li>
 * </ul>
 * Both need the two sides named as the states: an attack by an armed group, or by someone the
 * text does not name, is its own incident in its own region (two bombings of one day in two
 * provinces are two incidents). The day must be the same: a border war has fighting on many
 * consecutive days, and a day of tolerance would chain them into one. And some report must tell
 * the act as spanning regions ({@link #markSpanningIncidents}): clashes in two sectors of the
 * border are two incidents unless a report tells them as one front.
 *
 * <p>The id is made of the states, the kind and the day alone, so reports that tell one incident
 * in different regions arrive at the same id whatever their order or partition, with no state
 * beyond the merger's. Pure and thread-safe; no Kafka types.
 */
public final class IncidentIdentity {

    /** The sides that are states (actors.csv kind {@code state}): only their fighting spans a border front. */
    static final Set<Side> STATES = EnumSet.of(Side.AFGHANISTAN, Side.PAKISTAN);

    /** Each state's country code, as regions carry it. */
    private static final Map<Side, String> COUNTRY = Map.of(Side.AFGHANISTAN, "AF", Side.PAKISTAN, "PK");

    private static final Set<EventType> GROUND_FIGHTING =
            EnumSet.of(EventType.ARMED_CLASH, EventType.SHELLING_ARTILLERY_MISSILE, EventType.GROUND_ASSAULT);

    private IncidentIdentity() {
    }

    /**
     * The incident {@code e} would be part of if it spans regions:
     * {@code incident|<A>~<B>|border-fighting|<date>} (the two states in name order) or
     * {@code incident|<ATTACKER>><TARGET>|air-wave|<date>}; null when the event can only be an
     * incident by itself (not counted, not between the two states, or another type).
     */
    public static String incidentId(final AttributedEvent e) {
        final Side actor = e.getActorSide();
        final Side target = e.getTargetSide();
        if (!e.getCounted() || !interstate(actor, target)) {
            return null;
        }
        if (GROUND_FIGHTING.contains(e.getEventType())) {
            final boolean ordered = actor.name().compareTo(target.name()) < 0;
            final String pair = ordered ? actor + "~" + target : target + "~" + actor;
            return "incident|" + pair + "|border-fighting|" + e.getEventDate();
        }
        if (e.getEventType() == EventType.AIR_DRONE_STRIKE) {
            // Strikes land on the target's soil: the region says who was struck, whichever way round
            // a write-up (or the first of several merged ones) put the two states.
            final Side struck = COUNTRY.get(actor).equals(e.getCountryCode()) ? actor : target;
            if (!COUNTRY.get(struck).equals(e.getCountryCode())) {
                return null;
            }
            final Side striker = struck == actor ? target : actor;
            return "incident|" + striker + ">" + struck + "|air-wave|" + e.getEventDate();
        }
        return null;
    }

    /**
     * The events of one report, with an incident id on those that the report itself tells as one
     * incident spanning regions: the same kind of interstate act on one day placed in two or more
     * regions, or placed only "along the border" (a country-wide event). One report naming one
     * province is no evidence that the fighting reached others: two sectors' clashes of one day
     * (or of consecutive days, one of them misdated) are separate incidents until a report tells
     * them as one front. The merger keeps the id when later reports join one of these events.
     */
    public static List<AttributedEvent> markSpanningIncidents(final List<AttributedEvent> reportEvents) {
        // each event's candidate id once: it is read again below, and it builds a string
        final List<String> ids = new ArrayList<>(reportEvents.size());
        final Map<String, Set<String>> regionsByIncident = new HashMap<>();
        for (final AttributedEvent e : reportEvents) {
            final String id = incidentId(e);
            ids.add(id);
            if (id != null) {
                // a country-wide event counts as every region: the report places it along the whole border
                regionsByIncident.computeIfAbsent(id, k -> new HashSet<>())
                        .add(e.getPrecision() == Precision.COUNTRY ? "*" : e.getRegionCode());
            }
        }
        final List<AttributedEvent> out = new ArrayList<>(reportEvents.size());
        for (int i = 0; i < reportEvents.size(); i++) {
            final AttributedEvent e = reportEvents.get(i);
            final Set<String> regions = ids.get(i) == null ? null : regionsByIncident.get(ids.get(i));
            final boolean spans = regions != null && (regions.size() > 1 || regions.contains("*"));
            out.add(spans ? AttributedEvent.newBuilder(e).setIncidentId(ids.get(i)).build() : e);
        }
        return out;
    }

    /** Whether the two sides are the two states, one acting on the other. */
    static boolean interstate(final Side actor, final Side target) {
        return STATES.contains(actor) && STATES.contains(target) && actor != target;
    }
}
