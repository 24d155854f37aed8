package io.sitrep.streams.attribution.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Side;
import io.sitrep.schemas.avro.Source;
import io.sitrep.schemas.serde.AvroDeserializer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventIdentityTest {

    static {
        // A builder resolves the class of a defaulted enum field (Precision); Avro 1.12 allows only
        // trusted classes, and the serde's initializer trusts our generated package. Run alone,
        // this class would otherwise meet Avro before any serde did.
        try {
            Class.forName(AvroDeserializer.class.getName());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final LocalDate DAY = LocalDate.of(2026, 2, 26);

    @Test
    void shouldJoinWhenWriteUpsNameThePartiesUnevenly() {
        // one names the attacker, the other only the victim, or nobody (a day later)
        assertThat(joins(Side.TTP, Side.PAKISTAN, "PK-KP", 0, Side.UNKNOWN, Side.PAKISTAN)).isTrue();
        assertThat(joins(Side.TTP, Side.PAKISTAN, "PK-KP", 1, Side.UNKNOWN, Side.UNKNOWN)).isTrue();
        // a clash told from the other side
        assertThat(joins(Side.AFGHANISTAN, Side.PAKISTAN, "PK-KP", 0, Side.PAKISTAN, Side.AFGHANISTAN)).isTrue();
    }

    @Test
    void shouldKeepApartOtherAttackersRegionsAndDays() {
        assertThat(joins(Side.BLA, Side.PAKISTAN, "PK-KP", 0, Side.TTP, Side.PAKISTAN)).isFalse();
        assertThat(joins(Side.TTP, Side.PAKISTAN, "PK-BA", 0, Side.TTP, Side.PAKISTAN)).isFalse();
        assertThat(joins(Side.TTP, Side.PAKISTAN, "PK-KP", 2, Side.UNKNOWN, Side.PAKISTAN)).isFalse();
    }

    @Test
    void shouldJoinOneDaysStrikeWhoseTargetWriteUpsReadDifferentlyWhenTheAttackerAgrees() {
        // one write-up reads the country as the target, another the group whose leader was hit
        final AttributedEvent first = event("a", "PK-KP", DAY, Side.UNKNOWN, Side.PAKISTAN, "airstrike");
        assertThat(EventIdentity.canJoin(first, event("b", "PK-KP", DAY, Side.TTP, Side.AFGHANISTAN, "airstrike"))).isTrue();
        // not a day apart, not without a sub-type, not with another sub-type, not with another attacker
        assertThat(EventIdentity.canJoin(first, event("b", "PK-KP", DAY.plusDays(1), Side.TTP, Side.AFGHANISTAN, "airstrike"))).isFalse();
        assertThat(EventIdentity.canJoin(event("a", "PK-KP", DAY, Side.UNKNOWN, Side.PAKISTAN, ""),
                event("b", "PK-KP", DAY, Side.TTP, Side.AFGHANISTAN, ""))).isFalse();
        assertThat(EventIdentity.canJoin(first, event("b", "PK-KP", DAY, Side.TTP, Side.AFGHANISTAN, "drone_strike"))).isFalse();
        assertThat(EventIdentity.canJoin(event("a", "PK-KP", DAY, Side.PAKISTAN, Side.TTP, "airstrike"),
                event("b", "PK-KP", DAY, Side.TTP, Side.AFGHANISTAN, "airstrike"))).isFalse();
    }

    @Test
    void shouldKeepFightingBetweenTheStatesApartFromAnUnnamedAttackOfAnotherDayOrDistrict() {
        // a raid by unnamed gunmen the day before the border fighting, in the same province
        assertThat(joins(Side.UNKNOWN, Side.UNKNOWN, "PK-KP", 1, Side.AFGHANISTAN, Side.PAKISTAN)).isFalse();
        assertThat(joins(Side.PAKISTAN, Side.AFGHANISTAN, "PK-KP", 1, Side.UNKNOWN, Side.UNKNOWN)).isFalse();
        // the same day and place, it may be a write-up of the fighting that names nobody
        assertThat(joins(Side.UNKNOWN, Side.UNKNOWN, "PK-KP", 0, Side.AFGHANISTAN, Side.PAKISTAN)).isTrue();
        // ... but not in another named district
        final AttributedEvent raid = AttributedEvent.newBuilder(event("a", "PK-KP", DAY, Side.UNKNOWN, Side.UNKNOWN))
                .setDistrict("Lakki Marwat").build();
        final AttributedEvent fighting = event("b", "PK-KP", DAY, Side.AFGHANISTAN, Side.PAKISTAN);
        assertThat(EventIdentity.canJoin(raid, AttributedEvent.newBuilder(fighting).setDistrict("Bajaur").build())).isFalse();
        assertThat(EventIdentity.canJoin(raid, fighting)).isTrue();
        // a named group's attack is still matched loosely a day apart
        assertThat(joins(Side.UNKNOWN, Side.UNKNOWN, "PK-KP", 1, Side.TTP, Side.PAKISTAN)).isTrue();
    }

    @Test
    void shouldKeepTheIncidentIdOfAReportThatReadTheSameDay() {
        final AttributedEvent known = event("a", "PK-KP", DAY, Side.AFGHANISTAN, Side.PAKISTAN);
        final AttributedEvent front = AttributedEvent.newBuilder(event("b", "PK-KP", DAY, Side.AFGHANISTAN, Side.PAKISTAN))
                .setIncidentId("incident|front").build();
        final AttributedEvent frontNextDay = AttributedEvent.newBuilder(front).setEventDate(DAY.plusDays(1)).build();

        assertThat(EventIdentity.merge(known, front).getIncidentId()).isEqualTo("incident|front");
        assertThat(EventIdentity.merge(front, known).getIncidentId()).isEqualTo("incident|front");
        // the other report's front was on another day
        assertThat(EventIdentity.merge(known, frontNextDay).getIncidentId()).isNull();
    }

    @Test
    void shouldStartTheGroupKeyWithTheRegionAsEventIdsDo() {
        assertThat(EventIdentity.groupKey(event("a", "PK-KP", DAY, Side.TTP, Side.PAKISTAN))).isEqualTo("PK-KP|GROUND_ASSAULT");
    }

    /** Whether story b's event (region, days after story a's, actors) may join story a's event in PK-KP. */
    private static boolean joins(final Side actorA, final Side targetA, final String regionB, final int daysLater,
                                 final Side actorB, final Side targetB) {
        return EventIdentity.canJoin(event("a", "PK-KP", DAY, actorA, targetA),
                event("b", regionB, DAY.plusDays(daysLater), actorB, targetB));
    }

    private static AttributedEvent event(final String story, final String region, final LocalDate date, final Side actor,
                                         final Side target) {
        return event(story, region, date, actor, target, "");
    }

    private static AttributedEvent event(final String story, final String region, final LocalDate date, final Side actor,
                                         final Side target, final String subType) {
        final Instant at = Instant.parse("2026-02-27T08:00:00Z");
        return AttributedEvent.newBuilder()
                .setEventId(region + "|" + date + "|GROUND_ASSAULT|" + actor + ">" + target)
                .setStoryId(story).setReportId(story)
                .setRegionCode(region).setRegionName(region).setCountryCode(region.substring(0, 2))
                .setEventType(EventType.GROUND_ASSAULT).setCounted(true)
                .setActorSide(actor).setTargetSide(target).setSubType(subType)
                .setClaims(List.of())
                .setEventDate(date).setPublishedAt(at).setSourceOutlet("Outlet")
                .setSources(List.of(Source.newBuilder().setStoryId(story).setReportId(story).setOutlet("Outlet")
                        .setPublishedAt(at).build()))
                .build();
    }
}
