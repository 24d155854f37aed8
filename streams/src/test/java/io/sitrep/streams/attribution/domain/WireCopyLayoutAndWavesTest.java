package io.sitrep.streams.attribution.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Precision;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * More phenomena of real wire copy (issue 16, second round), in texts written for this test: the
 * page layout (summary lines and bylines before the dateline), statement days, weekly rituals,
 * shootings, earlier incidents in a relative clause, one air wave under two names, and
 * incidents placed only "along the border".
 */
class WireCopyLayoutAndWavesTest {

    /** Thursday 12 March 2026, morning UTC. */
    private static final Instant THURSDAY = Instant.parse("2026-03-12T07:30:00Z");

    private static List<ExtractedEvent> extract(final String headline, final String body) {
        return WireCopyPhenomenaTest.extract(headline, body, THURSDAY);
    }

    private static List<String> regions(final List<ExtractedEvent> events) {
        return WireCopyPhenomenaTest.regions(events);
    }

    @Test
    void shouldCutTheDatelineThatFollowsSummaryLinesAndAByline() {
        final List<ExtractedEvent> events = extract("Bomber strikes bank queue",
                "Wounded taken to two hospitals.\nBy Staff Reporter\nKABUL: A suicide bomber hit a queue of clerks "
                        + "outside a bank in Kunduz on Wednesday, police said.");
        assertThat(regions(events)).containsExactly("AF-KDZ");
        assertThat(events).extracting(ExtractedEvent::eventType).containsOnly(EventType.SUICIDE_BOMB);
    }

    @Test
    void shouldReadASubheadAsATextOfItsOwn() {
        // Without the line break the subhead's places would run into the next sentence's attack.
        final List<ExtractedEvent> events = extract("Checkpoint attacked",
                "Talks in Islamabad postponed\nGunmen stormed a checkpoint in Zhob on Wednesday night, officials said.");
        assertThat(regions(events)).containsExactly("PK-BA");
    }

    @Test
    void shouldDateTheActNotTheStatementWhenTheDayFollowsAVerbOfSaying() {
        final List<ExtractedEvent> events = extract("Group claims bank bombing",
                "A suicide bomber killed four people outside a bank in Kunduz on Tuesday. The group said Wednesday "
                        + "its bomber had waited for the salary queue before he blew himself up in Kunduz.");
        assertThat(events).extracting(ExtractedEvent::eventDate).containsOnly(LocalDate.of(2026, 3, 10));
    }

    @Test
    void shouldKeepPlaceAfterAPrepositionWhenTheSentenceEndsWithSaid() {
        final List<ExtractedEvent> events = extract("Blast at bank",
                "Officers of the police force in the town of Kunduz said a suicide attacker had killed five on Tuesday.");
        assertThat(regions(events)).containsExactly("AF-KDZ");
    }

    @Test
    void shouldNotTakeWeeklyPrayersForADay() {
        final List<ExtractedEvent> events = extract("Gunman kills worshippers at shrine",
                "A gunman opened fire on worshippers at a shrine in Baghlan on Tuesday night. In 2022 a blast "
                        + "during Friday prayers at a mosque in Kunduz killed dozens.");
        assertThat(regions(events)).containsExactly("AF-BGL");
    }

    @Test
    void shouldReadAGunmanOpeningFireAsOtherViolence() {
        final List<ExtractedEvent> events = extract("Gunman kills worshippers at shrine",
                "A gunman opened fire on worshippers at a shrine in Baghlan on Tuesday night, killing seven.");
        assertThat(events).extracting(ExtractedEvent::eventType).containsOnly(EventType.ATTACK_ON_CIVILIANS);
    }

    @Test
    void shouldNotCountTheEarlierIncidentOfARelativeClauseDatedLastWeek() {
        final List<ExtractedEvent> events = extract("Convoy hit in Noshki",
                "A suicide bomber rammed a convoy in Noshki on Wednesday. The attack was claimed by the group, "
                        + "which hijacked a passenger train in Bolan last week.");
        assertThat(events).extracting(ExtractedEvent::eventType).containsOnly(EventType.SUICIDE_BOMB);
    }

    @Test
    void shouldNotCountStrikesNamedAsTheReasonInLightOfWhichTalksWereRefused() {
        final List<ExtractedEvent> events = extract("Visit refused",
                "Kabul turned down the visit in light of air strikes on Khost on Monday, the spokesman said.");
        assertThat(events).isEmpty();
    }

    @Test
    void shouldTellOneAirWaveAsDronesWhenOneOfItsPlacesWasStruckByDrones() {
        // One side reports drones over Swabi, the other calls the same wave "airstrikes" on Islamabad and Swabi.
        final List<ExtractedEvent> events = extract("Drones downed over Swabi",
                "Security forces shot down drones over Swabi in Khyber Pakhtunkhwa on Wednesday. Kabul said its "
                        + "airstrikes on Wednesday had targeted a camp in Islamabad and a base in Swabi.");
        assertThat(events).extracting(ExtractedEvent::subType).containsOnly("drone_strike");
        assertThat(regions(events)).containsExactlyInAnyOrder("PK-KP", "PK-IS");
    }

    @Test
    void shouldKeepAnAirstrikeWhenNoPlaceOfItsSentenceWasStruckByDrones() {
        final List<ExtractedEvent> events = extract("Drones and jets",
                "A drone hit a house in Khost on Wednesday. Pakistani jets bombed hideouts in Kunar the same day.");
        assertThat(events).extracting(ExtractedEvent::subType).containsExactlyInAnyOrder("drone_strike", "airstrike");
    }

    @Test
    void shouldPlaceAClashAlongTheBorderInTheCountryWhoseSideWasHitWhenNoProvinceIsNamed() {
        final List<ExtractedEvent> events = extract("Border fighting overnight",
                "Afghan forces attacked Pakistani posts in heavy clashes along the border on Wednesday night, "
                        + "a Taliban spokesman said.");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.region().code()).isEqualTo("PK");
            assertThat(e.precision()).isEqualTo(Precision.COUNTRY);
            assertThat(e.eventType()).isEqualTo(EventType.ARMED_CLASH);
            assertThat(e.eventDate()).isEqualTo(LocalDate.of(2026, 3, 11));
        });
    }

    @Test
    void shouldNotPlaceAnAirRaidNamedAsAMotiveAlongTheBorder() {
        final List<ExtractedEvent> events = extract("Retaliation",
                "The spokesman said its forces answered along the border after Pakistani air strikes last Sunday.");
        assertThat(events).isEmpty();
    }

    @Test
    void shouldPreferAProvinceNamedEarlierToTheBorderForAPlacelessClash() {
        final List<ExtractedEvent> events = extract("Clash in Kurram",
                "Troops and militants clashed in Kurram on Wednesday. Fierce fighting went on near the border for hours.");
        assertThat(regions(events)).containsExactly("PK-KP");
    }

    @Test
    void shouldPlaceAnActWhereALaterSentenceSaysTheIncidentOccurred() {
        final List<ExtractedEvent> events = extract("Bomber kills four near bank",
                "On Tuesday a suicide bomber killed four people near a bank in the north of the country. The "
                        + "incident occurred outside a branch in Kunduz province, a police spokesman said.");
        assertThat(regions(events)).containsExactly("AF-KDZ");
        assertThat(events).extracting(ExtractedEvent::eventType).containsOnly(EventType.SUICIDE_BOMB);
    }

    @Test
    void shouldCountNewStrikesWhenATruceHeadlineIsFollowedByThemInTheFirstSentence() {
        final List<ExtractedEvent> events = extract("Two-day truce collapses",
                "The two-day truce collapsed after aerial strikes hit Paktika late on Wednesday. Officials in the "
                        + "province said the strikes hit three villages in Paktika.");
        assertThat(regions(events)).containsExactly("AF-PKA");
    }

    @Test
    void shouldStillNotCountTheRecapOfAWeekOfClashesUnderATruceHeadline() {
        final List<ExtractedEvent> events = extract("Mediators secure a truce",
                "The two governments agreed to a truce after a week of heavy clashes along their border. Fighting "
                        + "had killed dozens in Kurram.");
        assertThat(events).isEmpty();
    }

    @Test
    void shouldReadMissilesFiredFromTheAirAsAnAirStrike() {
        final List<ExtractedEvent> events = extract("Missiles hit Taliban offices",
                "Officials said jets fired air-to-ground missiles at two Taliban offices in Paktia on Wednesday.");
        assertThat(events).extracting(ExtractedEvent::eventType).containsOnly(EventType.AIR_DRONE_STRIKE);
    }

    @Test
    void shouldNotTakeAPlaceInsideALongerLocalNameForThatPlace() {
        // "Shah Mardan" is a post in Kalat, not the district of Mardan.
        final List<ExtractedEvent> events = extract("Post attacked in Kalat",
                "Gunmen stormed the Shah Mardan post in Kalat on Wednesday night, officials said.");
        assertThat(regions(events)).containsExactly("PK-BA");
    }
}
