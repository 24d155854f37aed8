package io.sitrep.streams.attribution.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Side;
import io.sitrep.streams.text.ReportText;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The phenomena real wire copy is made of (issue 16), each in texts written for this test:
 * datelines, places named for another role than the location of the violence, explosions that
 * are the consequence of an attack.
 */
class WireCopyPhenomenaTest {

    private static final EventExtractor EXTRACTOR = new EventExtractor(Gazetteer.loadDefault());
    /** Published just after midnight UTC on Saturday 28 February 2026. */
    private static final Instant SATURDAY_EARLY = Instant.parse("2026-02-28T00:40:00Z");

    /** The counted events of one report (shared with the other wire-copy test classes). */
    static List<ExtractedEvent> extract(final String headline, final String body, final Instant published) {
        return EXTRACTOR.extract(ReportText.of(headline, body, published)).stream().filter(ExtractedEvent::counted).toList();
    }

    /** The distinct region codes of {@code events}, in order. */
    static List<String> regions(final List<ExtractedEvent> events) {
        return events.stream().map(e -> e.region().code()).distinct().toList();
    }

    @Test
    void shouldIgnoreDatelinePlaceWhenItHasBracketsDateAndAgency() {
        final List<ExtractedEvent> events = extract("Mortar fire hits border village",
                "Kabul [Afghanistan], February 27 (ANI): Mortar rounds fired across the frontier landed on a village "
                        + "in Kunar on Friday, a district official told reporters.", SATURDAY_EARLY);
        assertThat(regions(events)).containsExactly("AF-KNR");
    }

    @Test
    void shouldCountYesterdayFromDatelineDateWhenStoryIsPublishedAfterMidnight() {
        // Filed on the 27th, published on the 28th: "yesterday" is the 26th, the dateline's day before.
        final List<ExtractedEvent> events = extract("Second night of raids on Paktika",
                "ISLAMABAD, Feb 27 (AFP) - Pakistani aircraft bombed hideouts in Paktika yesterday, two security "
                        + "officials said.", SATURDAY_EARLY);
        assertThat(events).extracting(ExtractedEvent::eventDate).containsOnly(LocalDate.of(2026, 2, 26));
    }

    @Test
    void shouldNotCountPlacesNamedAsDestinationOriginOrInstitution() {
        final List<ExtractedEvent> events = extract("Bomb at Quetta station",
                "A bomb blast tore through the railway station in Quetta as passengers waited for the express bound "
                        + "for Peshawar in Khyber Pakhtunkhwa. A second train was heading to the garrison city of "
                        + "Rawalpindi when the explosion went off, and the Kabul government condemned the attack.",
                SATURDAY_EARLY);
        assertThat(regions(events)).containsExactly("PK-BA");
    }

    @Test
    void shouldNotCountCapitalWhenItActsOrPossessesAsAGovernment() {
        final List<ExtractedEvent> events = extract("Strikes on Khost",
                "Islamabad launched air strikes on Khost on Friday, hitting what it called hideouts of one of "
                        + "Islamabad's most wanted commanders.", SATURDAY_EARLY);
        assertThat(regions(events)).containsExactly("AF-KHO");
    }

    @Test
    void shouldMergeSecondaryExplosionsIntoTheAirStrikeThatCausedThem() {
        final List<ExtractedEvent> events = extract("Jets hit arms depot in Kandahar",
                "Pakistani jets struck an ammunition depot in Kandahar on Friday. Explosions kept ripping through the "
                        + "depot in Kandahar for hours after the raid, residents said.", SATURDAY_EARLY);
        assertThat(events).extracting(ExtractedEvent::eventType).containsOnly(EventType.AIR_DRONE_STRIKE);
        assertThat(events).hasSize(1);
    }

    @Test
    void shouldReadABlastAsTheSuicideBombingTheReportDescribes() {
        final List<ExtractedEvent> events = extract("Blast outside bank in Kunduz",
                "A blast outside a bank in Kunduz killed five people on Tuesday. Police later said a suicide bomber "
                        + "had set off the explosives.", SATURDAY_EARLY);
        assertThat(events).extracting(ExtractedEvent::eventType).containsOnly(EventType.SUICIDE_BOMB);
    }

    @Test
    void shouldKeepAnExplosionARemoteExplosiveWhenNothingElseCausedIt() {
        final List<ExtractedEvent> events = extract("Blast in Bajaur",
                "An explosion at a market in Bajaur wounded six people on Friday, police said.", SATURDAY_EARLY);
        assertThat(events).extracting(ExtractedEvent::eventType).containsOnly(EventType.REMOTE_EXPLOSIVE);
    }

    @Test
    void shouldPlaceAnActWithoutPlaceWhereTheStorysLastViolenceHappened() {
        final List<ExtractedEvent> events = extract("Attack on police compound in Lakki Marwat",
                "A suicide bomber rammed a car into the gate of a police compound in Lakki Marwat on Friday. Gunmen "
                        + "who followed him traded heavy fire with the guards for an hour.", SATURDAY_EARLY);
        assertThat(regions(events)).containsExactly("PK-KP");
        assertThat(events).extracting(ExtractedEvent::eventType)
                .containsExactlyInAnyOrder(EventType.SUICIDE_BOMB, EventType.ARMED_CLASH);
    }

    @Test
    void shouldNotPlaceAnActThatTheSentenceLocatesElsewhere() {
        final List<ExtractedEvent> events = extract("Bomb at Bannu police post",
                "A bomb went off outside a police post in Bannu on Friday. The group said it was avenging air raids "
                        + "in Afghanistan.", SATURDAY_EARLY);
        assertThat(events).extracting(ExtractedEvent::eventType).doesNotContain(EventType.AIR_DRONE_STRIKE);
    }

    @Test
    void shouldNotCountTheAttackNamedAsAMotive() {
        final List<ExtractedEvent> events = extract("Border posts attacked in Kurram",
                "Afghan fighters captured two border posts in Kurram on Friday in retaliation for air strikes, a "
                        + "commander said.", SATURDAY_EARLY);
        assertThat(events).extracting(ExtractedEvent::eventType).containsOnly(EventType.GROUND_ASSAULT);
    }

    @Test
    void shouldReadClashesToldAsAttacksOnPostsAmbushesAndOperations() {
        assertThat(extract("", "Taliban fighters attacked several Pakistani border posts in Kurram on Friday.",
                SATURDAY_EARLY)).extracting(ExtractedEvent::eventType).containsOnly(EventType.ARMED_CLASH);
        assertThat(extract("", "Militants ambushed an army convoy in North Waziristan on Friday.", SATURDAY_EARLY))
                .extracting(ExtractedEvent::eventType).containsOnly(EventType.ARMED_CLASH);
        assertThat(extract("", "Troops killed four militants in an intelligence-based operation in Tank district "
                + "of Khyber Pakhtunkhwa on Friday.", SATURDAY_EARLY))
                .extracting(ExtractedEvent::eventType).containsOnly(EventType.ARMED_CLASH);
        assertThat(extract("", "Gunmen hijacked a passenger bus near Kalat on Friday.", SATURDAY_EARLY))
                .extracting(ExtractedEvent::eventType).containsOnly(EventType.GROUND_ASSAULT);
    }

    @Test
    void shouldNotCountAttacksAManIsSaidToHaveOrganised() {
        assertThat(extract("", "The commander was accused of organising ambushes on convoys in South Waziristan.",
                SATURDAY_EARLY)).isEmpty();
    }

    @Test
    void shouldNotCountAnEarlierIncidentRecalledWithMonthOrYear() {
        final List<ExtractedEvent> events = extract("Suicide attack on Kunduz bank",
                "A suicide bomber struck outside a bank in Kunduz on Friday, killing six. A similar bombing at a bank "
                        + "in Kandahar in March 2024 killed three. In 2022 a blast at a mosque in Mazar-i-Sharif "
                        + "killed dozens. Two months ago a suicide attack in Kabul killed a minister.", SATURDAY_EARLY);
        assertThat(regions(events)).containsExactly("AF-KDZ");
    }

    @Test
    void shouldKeepTheNewEventWhenASentenceComparesItWithAnEarlierYear() {
        final List<ExtractedEvent> events = extract("Deadliest clash",
                "Afghan and Pakistani forces clashed in Kurram on Friday in the deadliest fighting since 2021.",
                SATURDAY_EARLY);
        assertThat(regions(events)).containsExactly("PK-KP");
    }

    @Test
    void shouldNotCountAttacksNamedAsEarlierOrAsATrend() {
        assertThat(extract("", "Violence has flared since the clashes in Kunar, officials said.", SATURDAY_EARLY))
                .isEmpty();
        assertThat(extract("", "Kabul also accused its neighbour of a previous attack in Paktika.", SATURDAY_EARLY))
                .isEmpty();
        assertThat(extract("", "The province has seen a rise in attacks on police in Bannu and Lakki Marwat.",
                SATURDAY_EARLY)).isEmpty();
        // Only the attack named is earlier: the rest of the clause is this event.
        assertThat(extract("", "A mine left from earlier fighting exploded in Zabul on Friday, police said.",
                SATURDAY_EARLY)).extracting(ExtractedEvent::eventDate).containsOnly(LocalDate.of(2026, 2, 27));
    }

    @Test
    void shouldNotCountWhereTheSpeakerSitsOrAPartysName() {
        final List<ExtractedEvent> events = extract("Strike on Khost",
                "A Pakistani drone strike hit a house in Khost on Friday, the Taliban government in Kabul said, and the "
                        + "IS-KP group was not involved.", SATURDAY_EARLY);
        assertThat(regions(events)).containsExactly("AF-KHO");
    }

    @Test
    void shouldCutTheDatelineWhenTheHeadlineIsTheBodysFirstSentence() {
        final List<ExtractedEvent> events = EXTRACTOR.extract(ReportText.of(
                "KARACHI, Pakistan - Overnight clashes on the border in Kurram left a dozen dead.",
                "KARACHI, Pakistan - Overnight clashes on the border in Kurram left a dozen dead.", SATURDAY_EARLY));
        assertThat(regions(events)).containsExactly("PK-KP");
    }

    @Test
    void shouldNotCountTheRecapOfFightingInAStoryAboutTalks() {
        final List<ExtractedEvent> events = extract("Second round of border talks opens in Doha",
                "Delegations of both governments met in Doha on Saturday. The talks follow weeks of fighting that "
                        + "broke out after blasts in Kabul and drew retaliatory strikes on posts in Kurram.",
                SATURDAY_EARLY);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldStillCountANewAttackWithItsOwnDateUnderALeadAboutAThreat() {
        final List<ExtractedEvent> events = extract("Minister warns of open war if talks fail",
                "The defence minister warned of open war on Saturday. Hours earlier, on Friday, mortar shells fired "
                        + "across the border hit a village in Kurram.", SATURDAY_EARLY);
        assertThat(regions(events)).containsExactly("PK-KP");
    }

    @Test
    void shouldNotReadGunfireAfterABlastAsAClash() {
        final List<ExtractedEvent> events = extract("Air strike in Kabul",
                "Pakistani jets struck a house in Kabul late on Friday. Residents heard bursts of gunfire after the "
                        + "explosions.", SATURDAY_EARLY);
        assertThat(events).extracting(ExtractedEvent::eventType).containsOnly(EventType.AIR_DRONE_STRIKE);
    }

    @Test
    void shouldTakeTheAgentFromWhatTheSpeakerReportsNotTheSpeaker() {
        final List<ExtractedEvent> events = extract("Afghanistan reports strikes",
                "Kabul said Pakistani military aircraft carried out strikes in Khost and Kunar provinces on Friday. "
                        + "Taliban spokesman Zabihullah Mujahid told reporters that Pakistani jets had bombed homes in "
                        + "Paktika as well.", SATURDAY_EARLY);
        assertThat(regions(events)).containsExactlyInAnyOrder("AF-KHO", "AF-KNR", "AF-PKA");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.actorSide()).isEqualTo(Side.PAKISTAN);
            assertThat(e.targetSide()).isEqualTo(Side.AFGHANISTAN);
        });
    }

    @Test
    void shouldSplitCoordinatedClaimsIntoOneSelfReportedClaimPerClaimant() {
        final List<ExtractedEvent> events = extract("Jets strike Khost",
                "Pakistani jets struck Khost on Friday. Pakistan confirmed that nine of its own soldiers died in the "
                        + "fighting and Afghanistan said it lost six fighters.", SATURDAY_EARLY);
        final List<ExtractedClaim> claims = events.stream().flatMap(e -> e.claims().stream()).toList();
        assertThat(claims).extracting(ExtractedClaim::claimant).containsExactlyInAnyOrder("Pakistan", "Afghanistan");
        assertThat(claims).allSatisfy(c -> {
            assertThat(c.selfReported()).isTrue();
            assertThat(c.aboutSide()).isEqualTo(c.claimantSide());
        });
        assertThat(claims).extracting(ExtractedClaim::fatalities).containsExactlyInAnyOrder(9, 6);
    }

    @Test
    void shouldDateASecondWaveOnYesterdayByTheDatelineNotByTheFirstNight() {
        // Filed on Friday the 27th, published after midnight: Wednesday night is the 25th, "yesterday" the 26th.
        final List<ExtractedEvent> events = extract("Second wave of strikes",
                "KABUL, Feb 27 (AFP) - Pakistani jets struck Khost on Wednesday night. A second wave of air strikes "
                        + "hit Paktika yesterday, a provincial spokesman said.", SATURDAY_EARLY);
        assertThat(events).filteredOn(e -> e.region().code().equals("AF-KHO"))
                .extracting(ExtractedEvent::eventDate).containsOnly(LocalDate.of(2026, 2, 25));
        assertThat(events).filteredOn(e -> e.region().code().equals("AF-PKA"))
                .extracting(ExtractedEvent::eventDate).containsOnly(LocalDate.of(2026, 2, 26));
    }

    @Test
    void shouldKeepTwoSpeakersOfOneClaimAsOneClaimant() {
        final List<ExtractedEvent> events = extract("Blast in Kabul",
                "A blast in Kabul on Friday killed five people, the Kabul police and Ministry of Interior said.",
                SATURDAY_EARLY);
        assertThat(events.stream().flatMap(e -> e.claims().stream()).toList()).singleElement().satisfies(c -> {
            assertThat(c.claimant()).isEqualTo("Kabul police and Ministry of Interior");
            assertThat(c.claimantSide()).isEqualTo(Side.AFGHANISTAN);
        });
    }

    @Test
    void shouldReadClearanceOperationsEngagementsAndHostageTakingAsViolence() {
        assertThat(extract("", "Police engaged the attackers at a training school in Bannu on Friday.", SATURDAY_EARLY))
                .extracting(ExtractedEvent::eventType).containsOnly(EventType.ARMED_CLASH);
        assertThat(extract("", "Troops ended a clearance operation in Kech on Friday, the army said.", SATURDAY_EARLY))
                .extracting(ExtractedEvent::eventType).containsOnly(EventType.ARMED_CLASH);
        assertThat(extract("", "Gunmen took dozens of travellers hostage near Mastung on Friday.", SATURDAY_EARLY))
                .extracting(ExtractedEvent::eventType).containsOnly(EventType.GROUND_ASSAULT);
    }

    @Test
    void shouldNotCountTheRecapUnderALeadAboutAnAgreement() {
        final List<ExtractedEvent> events = extract("Both sides sign a border trade agreement",
                "The two governments signed the agreement in Doha on Saturday. Months of clashes along the border in "
                        + "Kurram had closed the crossings.", SATURDAY_EARLY);
        assertThat(events).isEmpty();
    }
}
