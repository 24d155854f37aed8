package io.sitrep.streams.attribution.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Precision;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * More phenomena of real wire copy (issue 16, second round), in texts written for this test: the
 * page layout (summary lines and bylines before the dateline), statement days, weekly rituals,
 * shootings, earlier incidents in a relative clause, one air wave under two names, and
 * incidents placed only "along the border".
 */
class WireCopyLayoutAndWavesTest extends WireCopyCases {

    /** Thursday 12 March 2026, morning UTC. */
    private static final Instant THURSDAY = Instant.parse("2026-03-12T07:30:00Z");

    private static List<ExtractedEvent> extract(final String headline, final String body) {
        return WireCopyPhenomenaTest.extract(headline, body, THURSDAY);
    }

    private static List<String> regions(final List<ExtractedEvent> events) {
        return WireCopyPhenomenaTest.regions(events);
    }

    @Override
    List<ExtractedEvent> countedEvents(final String headline, final String body) {
        return extract(headline, body);
    }

    @Test
    void shouldDateTheActNotTheStatementWhenTheDayFollowsAVerbOfSaying() {
        final List<ExtractedEvent> events = extract("Group claims bank bombing",
                "A suicide bomber killed four people outside a bank in Kunduz on Tuesday. The group said Wednesday "
                        + "its bomber had waited for the salary queue before he blew himself up in Kunduz.");
        assertThat(events).extracting(ExtractedEvent::eventDate).containsOnly(LocalDate.of(2026, 3, 10));
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("placedAndTypedReports")
    void shouldPlaceTheCountedEventsAndCountOnlyTheType(final String rule, final String regions, final EventType type,
                                                        final String headline, final String body) {
        final List<ExtractedEvent> events = extract(headline, body);
        assertThat(regions(events)).containsExactly(regions.split(" "));
        assertThat(events).extracting(ExtractedEvent::eventType).containsOnly(type);
    }

    /** rule | regions | event type | headline | body. */
    static Stream<Arguments> placedAndTypedReports() {
        return cases("""
                shouldCutTheDatelineThatFollowsSummaryLinesAndAByline | AF-KDZ | SUICIDE_BOMB | Bomber strikes bank \
                queue | Wounded taken to two hospitals.\\nBy Staff Reporter\\nKABUL: A suicide bomber hit a queue of \
                clerks outside a bank in Kunduz on Wednesday, police said.
                shouldPlaceAnActWhereALaterSentenceSaysTheIncidentOccurred | AF-KDZ | SUICIDE_BOMB | Bomber kills four \
                near bank | On Tuesday a suicide bomber killed four people near a bank in the north of the country. \
                The incident occurred outside a branch in Kunduz province, a police spokesman said.
                """);
    }

    /** rule | regions | headline | body. */
    static Stream<Arguments> placedReports() {
        return cases("""
                # Without the line break the subhead's places would run into the next sentence's attack.
                shouldReadASubheadAsATextOfItsOwn | PK-BA | Checkpoint attacked | Talks in Islamabad \
                postponed\\nGunmen stormed a checkpoint in Zhob on Wednesday night, officials said.
                shouldKeepPlaceAfterAPrepositionWhenTheSentenceEndsWithSaid | AF-KDZ | Blast at bank | Officers of the \
                police force in the town of Kunduz said a suicide attacker had killed five on Tuesday.
                shouldNotTakeWeeklyPrayersForADay | AF-BGL | Gunman kills worshippers at shrine | A gunman opened fire \
                on worshippers at a shrine in Baghlan on Tuesday night. In 2022 a blast during Friday prayers at a \
                mosque in Kunduz killed dozens.
                shouldPreferAProvinceNamedEarlierToTheBorderForAPlacelessClash | PK-KP | Clash in Kurram | Troops and \
                militants clashed in Kurram on Wednesday. Fierce fighting went on near the border for hours.
                shouldCountNewStrikesWhenATruceHeadlineIsFollowedByThemInTheFirstSentence | AF-PKA | Two-day truce \
                collapses | The two-day truce collapsed after aerial strikes hit Paktika late on Wednesday. Officials in \
                the province said the strikes hit three villages in Paktika.
                # "Shah Mardan" is a post in Kalat, not the district of Mardan.
                shouldNotTakeAPlaceInsideALongerLocalNameForThatPlace | PK-BA | Post attacked in Kalat | Gunmen stormed \
                the Shah Mardan post in Kalat on Wednesday night, officials said.
                """);
    }

    /** rule | event type | headline | body. */
    static Stream<Arguments> typedReports() {
        return cases("""
                shouldReadAGunmanOpeningFireAsOtherViolence | ATTACK_ON_CIVILIANS | Gunman kills worshippers at shrine | \
                A gunman opened fire on worshippers at a shrine in Baghlan on Tuesday night, killing seven.
                shouldNotCountTheEarlierIncidentOfARelativeClauseDatedLastWeek | SUICIDE_BOMB | Convoy hit in Noshki | A \
                suicide bomber rammed a convoy in Noshki on Wednesday. The attack was claimed by the group, which \
                hijacked a passenger train in Bolan last week.
                shouldReadMissilesFiredFromTheAirAsAnAirStrike | AIR_DRONE_STRIKE | Missiles hit Taliban offices | \
                Officials said jets fired air-to-ground missiles at two Taliban offices in Paktia on Wednesday.
                """);
    }

    /** rule | headline | body. */
    static Stream<Arguments> reportsWithoutEvents() {
        return cases("""
                shouldNotCountStrikesNamedAsTheReasonInLightOfWhichTalksWereRefused | Visit refused | Kabul turned down \
                the visit in light of air strikes on Khost on Monday, the spokesman said.
                shouldNotPlaceAnAirRaidNamedAsAMotiveAlongTheBorder | Retaliation | The spokesman said its forces \
                answered along the border after Pakistani air strikes last Sunday.
                shouldStillNotCountTheRecapOfAWeekOfClashesUnderATruceHeadline | Mediators secure a truce | The two \
                governments agreed to a truce after a week of heavy clashes along their border. Fighting had killed \
                dozens in Kurram.
                """);
    }
}
