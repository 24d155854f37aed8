package io.sitrep.streams.attribution.domain;

import static io.sitrep.streams.testing.Reports.anEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Precision;
import io.sitrep.schemas.avro.Side;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentIdentityTest {

    private static final LocalDate NIGHT = LocalDate.of(2026, 3, 14);

    @Test
    void shouldGiveOneIncidentToBorderFightingWhereverWriteUpsPlaceIt() {
        // one write-up places it in a Pakistani district, one across the border, one only "along the border"
        final String kurram = incident("PK-KP", EventType.ARMED_CLASH, Side.AFGHANISTAN, Side.PAKISTAN, NIGHT);
        final String paktia = incident("AF-PIA", EventType.ARMED_CLASH, Side.PAKISTAN, Side.AFGHANISTAN, NIGHT);
        final String countryWide = incident("PK", EventType.ARMED_CLASH, Side.AFGHANISTAN, Side.PAKISTAN, NIGHT);
        final String shelling = incident("AF-KNR", EventType.SHELLING_ARTILLERY_MISSILE, Side.PAKISTAN, Side.AFGHANISTAN, NIGHT);

        assertThat(kurram).isNotNull().isEqualTo(paktia).isEqualTo(countryWide).isEqualTo(shelling);
    }

    @Test
    void shouldKeepFightingOfConsecutiveDaysApart() {
        // a border war fights on many days in a row: a day of tolerance would chain them all
        assertThat(incident("PK-KP", EventType.ARMED_CLASH, Side.AFGHANISTAN, Side.PAKISTAN, NIGHT))
                .isNotEqualTo(incident("PK-KP", EventType.ARMED_CLASH, Side.AFGHANISTAN, Side.PAKISTAN, NIGHT.plusDays(1)));
    }

    @Test
    void shouldLeaveAttacksOfArmedGroupsAndUnnamedPartiesIncidentsOfTheirOwn() {
        assertThat(incident("PK-KP", EventType.ARMED_CLASH, Side.TTP, Side.PAKISTAN, NIGHT)).isNull();
        assertThat(incident("PK-KP", EventType.ARMED_CLASH, Side.UNKNOWN, Side.PAKISTAN, NIGHT)).isNull();
        assertThat(incident("PK-BA", EventType.SUICIDE_BOMB, Side.AFGHANISTAN, Side.PAKISTAN, NIGHT)).isNull();
        final AttributedEvent talks = AttributedEvent.newBuilder(event("AF-KAB", EventType.ARMED_CLASH, Side.AFGHANISTAN,
                Side.PAKISTAN, NIGHT)).setCounted(false).build();
        assertThat(IncidentIdentity.incidentId(talks)).isNull();
    }

    @Test
    void shouldTellAnAirWaveByTheCountryStruck() {
        final String khost = incident("AF-KHO", EventType.AIR_DRONE_STRIKE, Side.PAKISTAN, Side.AFGHANISTAN, NIGHT);
        // a write-up that put the two states the wrong way round: the strike still fell in Afghanistan
        final String paktikaTurned = incident("AF-PKA", EventType.AIR_DRONE_STRIKE, Side.AFGHANISTAN, Side.PAKISTAN, NIGHT);
        // drones sent back the same night are the other state's wave
        final String strikesBack = incident("PK-KP", EventType.AIR_DRONE_STRIKE, Side.AFGHANISTAN, Side.PAKISTAN, NIGHT);

        assertThat(khost).isNotNull().isEqualTo(paktikaTurned).isNotEqualTo(strikesBack);
        assertThat(strikesBack).isNotNull();
        assertThat(incident("AF-KHO", EventType.AIR_DRONE_STRIKE, Side.PAKISTAN, Side.UNKNOWN, NIGHT)).isNull();
    }

    @Test
    void shouldMarkOnlyWhatOneReportTellsAsSpanningRegions() {
        final AttributedEvent kurram = event("PK-KP", EventType.ARMED_CLASH, Side.AFGHANISTAN, Side.PAKISTAN, NIGHT);
        final AttributedEvent paktia = event("AF-PIA", EventType.ARMED_CLASH, Side.PAKISTAN, Side.AFGHANISTAN, NIGHT);
        final AttributedEvent bombing = event("PK-BA", EventType.SUICIDE_BOMB, Side.TTP, Side.PAKISTAN, NIGHT);
        final AttributedEvent alongTheBorder = AttributedEvent.newBuilder(
                event("AF", EventType.ARMED_CLASH, Side.PAKISTAN, Side.AFGHANISTAN, NIGHT)).setPrecision(Precision.COUNTRY).build();

        final List<AttributedEvent> front = IncidentIdentity.markSpanningIncidents(List.of(kurram, paktia, bombing));

        assertThat(front).extracting(AttributedEvent::getIncidentId)
                .containsExactly(IncidentIdentity.incidentId(kurram), IncidentIdentity.incidentId(kurram), null);
        assertThat(front).extracting(AttributedEvent::getEventId)
                .containsExactly(kurram.getEventId(), paktia.getEventId(), bombing.getEventId());
        // one province alone is no evidence of a front; "along the border" is
        assertThat(IncidentIdentity.markSpanningIncidents(List.of(kurram)).get(0).getIncidentId()).isNull();
        assertThat(IncidentIdentity.markSpanningIncidents(List.of(alongTheBorder)).get(0).getIncidentId())
                .isEqualTo(IncidentIdentity.incidentId(kurram));
    }

    private static String incident(final String region, final EventType type, final Side actor, final Side target,
                                   final LocalDate day) {
        return IncidentIdentity.incidentId(event(region, type, actor, target, day));
    }

    private static AttributedEvent event(final String region, final EventType type, final Side actor, final Side target,
                                         final LocalDate day) {
        return AttributedEvent.newBuilder(anEvent(region + "|" + day + "|" + type, region, day, type))
                .setActorSide(actor).setTargetSide(target).build();
    }
}
