package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.ReportText;
import static io.sitrep.streams.attribution.domain.EventAssertions.assertSides;
import static io.sitrep.streams.attribution.domain.EventAssertions.assertSoleClaim;
import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Precision;
import io.sitrep.schemas.avro.Side;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventExtractorTest {

    private static final EventExtractor EXTRACTOR = new EventExtractor(Gazetteer.loadDefault());

    /** Friday 27 February 2026, 06:10 UTC. */
    private static final Instant FRIDAY = Instant.parse("2026-02-27T06:10:00Z");
    private static final LocalDate THURSDAY = LocalDate.of(2026, 2, 26);

    private static final String WIRE_HEADLINE = "Pakistan strikes Kabul, Kandahar and Paktia as border war widens";
    private static final String WIRE_BODY = "ISLAMABAD (Reuters) - Pakistan struck Kabul, Kandahar and Paktia on Thursday "
            + "night, widening a border conflict that has simmered for months. Afghan drone strikes hit Pakistani "
            + "military positions in the northwest, security sources said. Pakistani officials said the strikes "
            + "killed 274 Taliban fighters while Afghanistan said it killed 55 Pakistani soldiers. Neither figure "
            + "could be independently verified. Pakistan confirmed 12 of its own soldiers were killed. The Taliban "
            + "warned that any further strikes on Khost would be met with a decisive response, and spokesman "
            + "Zabihullah Mujahid said any provocation would be met with a decisive response.\n"
            + "(Reporting by Jane Doe in Islamabad; Editing by John Roe)";

    private static List<ExtractedEvent> extract(final String headline, final String body, final Instant published) {
        return EXTRACTOR.extract(ReportText.of(headline, body, published));
    }

    @Test
    void shouldYieldOneAirStrikePerProvinceWhenWireStoryNamesThree() {
        final List<ExtractedEvent> all = extract(WIRE_HEADLINE, WIRE_BODY, FRIDAY);
        final List<ExtractedEvent> events = all.subList(0, 3);

        // The Afghan drone strikes "in the northwest" are a fourth event, in Khyber Pakhtunkhwa.
        assertThat(all).extracting(e -> e.region().code()).containsExactly("AF-KAB", "AF-KAN", "AF-PIA", "PK-KP");
        assertThat(all.get(3)).satisfies(e -> {
            assertThat(e.eventType()).isEqualTo(EventType.AIR_DRONE_STRIKE);
            assertThat(e.subType()).isEqualTo("drone_strike");
            assertSides(e, Side.AFGHANISTAN, Side.PAKISTAN);
            assertThat(e.eventDate()).isEqualTo(THURSDAY);
        });
        assertThat(events).allSatisfy(e -> {
            assertThat(e.subType()).isEqualTo("airstrike");
            assertThat(e.datePrecision()).isEqualTo(EventExtractor.DATE_DAY);
            assertThat(e.eventType()).isEqualTo(EventType.AIR_DRONE_STRIKE);
            assertThat(e.counted()).isTrue();
            assertThat(e.eventDate()).isEqualTo(THURSDAY);
            assertSides(e, Side.PAKISTAN, Side.AFGHANISTAN);
            assertThat(e.precision()).isEqualTo(Precision.PROVINCE);
            assertThat(e.fromHint()).isFalse();
        });
        assertThat(events.get(0).eventId()).isEqualTo("AF-KAB|2026-02-26|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN");
    }

    @Test
    void shouldYieldNothingWhenSentenceIsAThreat() {
        final List<ExtractedEvent> events = extract(WIRE_HEADLINE, WIRE_BODY, FRIDAY);
        assertThat(events).noneMatch(e -> e.region().code().equals("AF-KHO"));
        assertThat(extract("", "Any air strike on Kabul would be met with a decisive response.", FRIDAY)).isEmpty();
        assertThat(extract("", "The Taliban threatened to shell Peshawar if the raids continued.", FRIDAY)).isEmpty();
        assertThat(extract("", "Pakistan will respond to any attack on Quetta, the minister said.", FRIDAY)).isEmpty();
        assertThat(extract("", "Kabul denied that its forces had shelled Chaman.", FRIDAY)).isEmpty();
        assertThat(extract("", "There were no strikes in Khost on Thursday, officials said.", FRIDAY)).isEmpty();
        assertThat(extract("", "If Pakistan bombs Kandahar again, Afghanistan will retaliate.", FRIDAY)).isEmpty();
    }

    @Test
    void shouldKeepClaimsApartWhenClaimantsDisagree() {
        final List<ExtractedEvent> events = extract(WIRE_HEADLINE, WIRE_BODY, FRIDAY);
        final ExtractedEvent kabul = events.get(0);
        final ExtractedEvent northwest = events.get(3);

        // Figures about Afghan dead go to the first Afghan event, about Pakistani dead to the Pakistani one;
        // "Neither figure could be independently verified" marks the two adversary claims, not the self-report.
        assertThat(kabul.claims()).containsExactly(
                new ExtractedClaim("Pakistani officials", Side.PAKISTAN, 274, Side.AFGHANISTAN, false).asUnverified());
        assertThat(kabul.fatalitiesLow()).isNull();
        assertThat(kabul.fatalitiesHigh()).isEqualTo(274);
        assertThat(kabul.unverified()).isTrue();
        assertThat(northwest.claims()).containsExactly(
                new ExtractedClaim("Afghanistan", Side.AFGHANISTAN, 55, Side.PAKISTAN, false).asUnverified(),
                new ExtractedClaim("Pakistan", Side.PAKISTAN, 12, Side.PAKISTAN, true));
        assertThat(northwest.fatalitiesLow()).isEqualTo(12);
        assertThat(northwest.fatalitiesHigh()).isEqualTo(55);
        // A figure is attached to one event only, so it is never counted in three provinces.
        assertThat(events.subList(1, 3)).allSatisfy(e -> {
            assertThat(e.claims()).isEmpty();
            assertThat(e.fatalitiesLow()).isNull();
            assertThat(e.fatalitiesHigh()).isNull();
        });
    }

    @Test
    void shouldNotCountWhenReportIsACeasefire() {
        final List<ExtractedEvent> events = extract("Afghanistan and Pakistan agree ceasefire after talks",
                "ISLAMABAD, Mar 4 (AFP) - Afghan and Pakistani delegations meeting in Islamabad on Tuesday agreed "
                        + "to a ceasefire along the border, mediators said.",
                Instant.parse("2026-03-04T12:00:00Z"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.region().code()).isEqualTo("PK-IS");
            assertThat(e.eventType()).isEqualTo(EventType.STRATEGIC_DEVELOPMENT);
            assertThat(e.counted()).isFalse();
            assertThat(e.eventDate()).isEqualTo(LocalDate.of(2026, 3, 3));
        });
    }

    @Test
    void shouldResolveDatesWhenTextUsesRelativeOrExplicitDays() {
        final Instant fri = FRIDAY;
        assertThat(extract("", "Pakistani jets bombed Khost yesterday.", fri)).singleElement()
                .extracting(ExtractedEvent::eventDate).isEqualTo(THURSDAY);
        assertThat(extract("", "Pakistani jets bombed Khost last night.", fri)).singleElement()
                .extracting(ExtractedEvent::eventDate).isEqualTo(THURSDAY);
        assertThat(extract("", "Pakistani jets bombed Khost on Friday.", fri)).singleElement()
                .extracting(ExtractedEvent::eventDate).isEqualTo(LocalDate.of(2026, 2, 27));
        assertThat(extract("", "Pakistani jets bombed Khost on Monday.", fri)).singleElement()
                .extracting(ExtractedEvent::eventDate).isEqualTo(LocalDate.of(2026, 2, 23));
        assertThat(extract("", "Pakistani jets bombed Khost on 24 February.", fri)).singleElement()
                .extracting(ExtractedEvent::eventDate).isEqualTo(LocalDate.of(2026, 2, 24));
        assertThat(extract("", "Pakistani jets bombed Khost on Feb. 22, officials said.", fri)).singleElement()
                .extracting(ExtractedEvent::eventDate).isEqualTo(LocalDate.of(2026, 2, 22));
        assertThat(extract("", "Pakistani jets bombed Khost, officials said.", fri)).singleElement()
                .extracting(ExtractedEvent::eventDate).isEqualTo(LocalDate.of(2026, 2, 27));
        // Published on a Friday evening UTC: "Thursday night" is still the Thursday.
        assertThat(extract("", "Pakistani jets bombed Khost on Thursday night.", Instant.parse("2026-02-27T21:30:00Z")))
                .singleElement().extracting(ExtractedEvent::eventDate).isEqualTo(THURSDAY);
        // A date across the new year.
        assertThat(extract("", "Afghan forces shelled Kurram on December 30.", Instant.parse("2026-01-02T08:00:00Z")))
                .singleElement().extracting(ExtractedEvent::eventDate).isEqualTo(LocalDate.of(2025, 12, 30));
    }

    @Test
    void shouldGiveSameEventIdWhenOutletsWriteUpOneIncidentDifferently() {
        final ExtractedEvent a = extract("Pakistani drones strike Barmal district",
                "Pakistani drones struck a compound in the Barmal district of Paktika province late on Thursday, "
                        + "local officials said.", FRIDAY).get(0);
        final ExtractedEvent b = extract("Paktika hit by air strike",
                "An air strike by Pakistani aircraft hit Barmal in Paktika on Thursday night. Residents said "
                        + "four civilians were killed.", Instant.parse("2026-02-27T15:45:00Z")).get(0);
        assertThat(a.eventId()).isEqualTo(b.eventId()).isEqualTo("AF-PKA|2026-02-26|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN");
        assertThat(a.district()).isEqualTo("Barmal");
        assertThat(a.precision()).isEqualTo(Precision.DISTRICT);
        assertSoleClaim(b, new ExtractedClaim("Residents", Side.OTHER, 4, Side.CIVILIAN, false));
    }

    @Test
    void shouldAttributeAfghanActorWhenAfghanForcesHitPakistaniSide() {
        final List<ExtractedEvent> events = extract("Afghan drones hit posts in North Waziristan",
                "Afghan forces launched drone strikes on border posts in North Waziristan and Kurram on Sunday, "
                        + "the Pakistani military said, adding that two soldiers were killed.",
                Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(events).extracting(ExtractedEvent::eventId).containsExactly(
                "PK-KP|2026-03-01|AIR_DRONE_STRIKE|AFGHANISTAN>PAKISTAN");
        assertThat(events.get(0).district()).isEqualTo("North Waziristan");
        assertThat(events.get(0).claims()).singleElement().satisfies(c -> {
            assertThat(c.fatalities()).isEqualTo(2);
            assertThat(c.claimantSide()).isEqualTo(Side.PAKISTAN);
        });
    }

    @Test
    void shouldOrderSidesCanonicallyWhenBothStatesClash() {
        final ExtractedEvent a = extract("", "Pakistani and Afghan forces clashed at the Torkham crossing on Monday.",
                Instant.parse("2026-03-03T10:00:00Z")).get(0);
        final ExtractedEvent b = extract("", "Heavy clashes broke out between Afghan border guards and Pakistani troops "
                + "near Torkham in Khyber district on Monday.", Instant.parse("2026-03-03T11:00:00Z")).get(0);
        assertThat(a.eventId()).isEqualTo(b.eventId()).isEqualTo("PK-KP|2026-03-02|ARMED_CLASH|AFGHANISTAN>PAKISTAN");
    }

    @Test
    void shouldIgnoreCapitalWhenItStandsForGovernment() {
        assertThat(extract("", "Islamabad said its jets struck hideouts in Kunar on Monday.", FRIDAY))
                .extracting(e -> e.region().code()).containsExactly("AF-KNR");
        assertThat(extract("", "KABUL (AP) - Afghan armed drones launched from Khost struck posts in Kurram.", FRIDAY))
                .extracting(e -> e.region().code()).containsExactly("PK-KP");
    }

    @Test
    void shouldUseHintsWhenTextYieldsNothing() {
        final ReportText hinted = new ReportText("Field note 14", "Heavy explosions heard overnight near the border.",
                FRIDAY, "AF-KHO-JJM", EventType.SHELLING_ARTILLERY_MISSILE, null);
        assertThat(EXTRACTOR.extract(hinted)).singleElement().satisfies(e -> {
            assertThat(e.fromHint()).isTrue();
            assertThat(e.region().code()).isEqualTo("AF-KHO");
            assertThat(e.district()).isEqualTo("Jaji Maidan");
            assertThat(e.eventType()).isEqualTo(EventType.SHELLING_ARTILLERY_MISSILE);
            assertThat(e.eventDate()).isEqualTo(THURSDAY);
        });
        final ReportText badHint = new ReportText("Field note", "Nothing to see.", FRIDAY, "XX-NOPE",
                EventType.ARMED_CLASH, null);
        assertThat(EXTRACTOR.extract(badHint)).isEmpty();
    }

    @Test
    void shouldReadNumberWordsWhenClaimsAreSpelledOut() {
        final List<ExtractedEvent> events = extract("", "A Pakistani drone strike hit a house in Khost on Friday. "
                + "Hospital officials said seven civilians were killed and nine were wounded.", FRIDAY);
        assertThat(events).singleElement().satisfies(
                e -> assertSoleClaim(e, new ExtractedClaim("Hospital officials", Side.OTHER, 7, Side.CIVILIAN, false)));
    }

    @Test
    void shouldMergeMentionsWhenSameProvinceTypeAndDateRepeat() {
        final List<ExtractedEvent> events = extract("Pakistani jets strike Khost",
                "Pakistani jets struck Khost on Thursday. The strikes in Khost destroyed two houses. "
                        + "Air strikes also hit Gurbuz district of Khost.", FRIDAY);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.region().code()).isEqualTo("AF-KHO");
            assertThat(e.district()).isEqualTo("Gurbuz");
            assertThat(e.precision()).isEqualTo(Precision.DISTRICT);
        });
    }

    @Test
    void shouldSplitSentencesWhenAbbreviationsAppear() {
        assertThat(EventExtractor.splitSentences("Lt. Gen. Ahmed said jets struck Khost on Feb. 26. Afghans fled. "
                + "\"It was loud.\" Then quiet."))
                .containsExactly("Lt. Gen. Ahmed said jets struck Khost on Feb. 26.", "Afghans fled.",
                        "\"It was loud.\"", "Then quiet.");
    }

    @Test
    void shouldResolveCrossingToReportCountryWhenHeadlineNamesOnlyTheCrossing() {
        final List<ExtractedEvent> events = extract("Torkham closed after exchange of fire",
                "Afghan and Pakistani forces traded fire at the Torkham crossing in Nangarhar on Tuesday, officials "
                        + "in Jalalabad said.", Instant.parse("2026-03-04T05:00:00Z"));
        assertThat(events).extracting(ExtractedEvent::eventId)
                .containsExactly("AF-NAN|2026-03-03|ARMED_CLASH|AFGHANISTAN>PAKISTAN");
        assertThat(events.get(0).precision()).isEqualTo(Precision.LOCALITY);
    }

    @Test
    void shouldYieldNothingWhenOnlyAGenericVerbAndNoTypeAreKnown() {
        assertThat(extract("", "Pakistani forces hit Khost on Friday.", FRIDAY)).isEmpty();
        final ReportText hinted = new ReportText("", "Pakistani forces hit Khost on Friday.", FRIDAY, null,
                EventType.SHELLING_ARTILLERY_MISSILE, null);
        assertThat(EXTRACTOR.extract(hinted)).singleElement().satisfies(e -> {
            assertThat(e.eventType()).isEqualTo(EventType.SHELLING_ARTILLERY_MISSILE);
            assertThat(e.fromHint()).isTrue();
            assertThat(e.actorSide()).isEqualTo(Side.PAKISTAN);
        });
    }
}
