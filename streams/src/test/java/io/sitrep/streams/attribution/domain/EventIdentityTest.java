package io.sitrep.streams.attribution.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Side;
import io.sitrep.schemas.avro.Source;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventIdentityTest {

    private static final LocalDate DAY = LocalDate.of(2026, 2, 26);

    @Test
    void shouldJoinWhenOneWriteUpNamesTheAttackerAndTheOtherDoesNot() {
        assertThat(EventIdentity.canJoin(event("a", "PK-KP", DAY, Side.TTP, Side.PAKISTAN),
                event("b", "PK-KP", DAY, Side.UNKNOWN, Side.PAKISTAN))).isTrue();
        assertThat(EventIdentity.canJoin(event("a", "PK-KP", DAY, Side.TTP, Side.PAKISTAN),
                event("b", "PK-KP", DAY.plusDays(1), Side.UNKNOWN, Side.UNKNOWN))).isTrue();
    }

    @Test
    void shouldJoinWhenTheClashIsToldFromTheOtherSide() {
        assertThat(EventIdentity.canJoin(event("a", "AF-KAN", DAY, Side.AFGHANISTAN, Side.PAKISTAN),
                event("b", "AF-KAN", DAY, Side.PAKISTAN, Side.AFGHANISTAN))).isTrue();
    }

    @Test
    void shouldKeepApartTwoNamedAttackersOfOneTarget() {
        assertThat(EventIdentity.canJoin(event("a", "PK-BA", DAY, Side.BLA, Side.PAKISTAN),
                event("b", "PK-BA", DAY, Side.TTP, Side.PAKISTAN))).isFalse();
    }

    @Test
    void shouldKeepApartOtherRegionsAndDaysFurtherThanTheTolerance() {
        assertThat(EventIdentity.canJoin(event("a", "PK-KP", DAY, Side.TTP, Side.PAKISTAN),
                event("b", "PK-BA", DAY, Side.TTP, Side.PAKISTAN))).isFalse();
        assertThat(EventIdentity.canJoin(event("a", "PK-KP", DAY, Side.TTP, Side.PAKISTAN),
                event("b", "PK-KP", DAY.plusDays(2), Side.UNKNOWN, Side.PAKISTAN))).isFalse();
    }

    @Test
    void shouldStartTheGroupKeyWithTheRegionAsEventIdsDo() {
        assertThat(EventIdentity.groupKey(event("a", "PK-KP", DAY, Side.TTP, Side.PAKISTAN))).isEqualTo("PK-KP|GROUND_ASSAULT");
    }

    private static AttributedEvent event(final String story, final String region, final LocalDate date, final Side actor,
                                         final Side target) {
        final Instant at = Instant.parse("2026-02-27T08:00:00Z");
        return AttributedEvent.newBuilder()
                .setEventId(region + "|" + date + "|GROUND_ASSAULT|" + actor + ">" + target)
                .setStoryId(story).setReportId(story)
                .setRegionCode(region).setRegionName(region).setCountryCode(region.substring(0, 2))
                .setEventType(EventType.GROUND_ASSAULT).setCounted(true)
                .setActorSide(actor).setTargetSide(target)
                .setClaims(List.of())
                .setEventDate(date).setPublishedAt(at).setSourceOutlet("Outlet")
                .setSources(List.of(Source.newBuilder().setStoryId(story).setReportId(story).setOutlet("Outlet")
                        .setPublishedAt(at).build()))
                .build();
    }
}
