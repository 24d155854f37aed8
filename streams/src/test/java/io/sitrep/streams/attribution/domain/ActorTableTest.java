package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.ReportText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Side;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class ActorTableTest {

    private static final ActorTable ACTORS = ActorTable.loadDefault();
    private static final EventExtractor EXTRACTOR = new EventExtractor(Gazetteer.loadDefault(), ACTORS);
    /** Tuesday 10 March 2026. */
    private static final Instant TUESDAY = Instant.parse("2026-03-10T08:00:00Z");

    private static List<ExtractedEvent> extract(final String headline, final String body) {
        return EXTRACTOR.extract(ReportText.of(headline, body, TUESDAY));
    }

    private static Side sideOf(final String text) {
        final List<ActorTable.Actor> found = ACTORS.findAll(text);
        assertThat(found).as(text).isNotEmpty();
        return found.get(0).side();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            Tehrik-i-Taliban Pakistan      | TTP
            Tehreek-e-Taliban Pakistan     | TTP
            the TTP                        | TTP
            the Pakistani Taliban          | TTP
            the Baloch Liberation Army     | BLA
            BLA                            | BLA
            the military's media wing ISPR | PAKISTAN
            the Afghan defence ministry    | AFGHANISTAN
            spokesman Zabihullah Mujahid   | AFGHANISTAN
            Islamic State Khorasan         | ISKP
            ISKP                           | ISKP
            the Islamic Emirate            | AFGHANISTAN
            civilians                      | CIVILIAN
            """)
    void shouldResolveEveryNameOfAnActorToItsSide(final String name, final Side side) {
        assertThat(sideOf(name)).isEqualTo(side);
    }

    @Test
    void shouldPreferLongestNameWhenOneNameStartsAnother() {
        // "Pakistani" alone is the state; "Pakistani Taliban" is the armed group.
        assertThat(ACTORS.findAll("Pakistani troops fought the Pakistani Taliban"))
                .extracting(ActorTable.Actor::id).containsExactly("PK", "TTP");
        assertThat(ACTORS.findAll("Tehrik-e-Insaf")).isEmpty();
    }

    @Test
    void shouldNameTtpInitiatorAndPakistanTargetWhenTtpAttacksPolicePost() {
        final List<ExtractedEvent> events = extract("Police post stormed in Bannu",
                "Fighters of the Pakistani Taliban (TTP) attacked a police post in Bannu on Monday night, killing "
                        + "three policemen, officials said.");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.region().code()).isEqualTo("PK-KP");
            assertThat(e.actorSide()).isEqualTo(Side.TTP);
            assertThat(e.targetSide()).isEqualTo(Side.PAKISTAN);
            assertThat(e.eventId()).endsWith("|TTP>PAKISTAN");
        });
    }

    @Test
    void shouldRecordBlaAsClaimantAndInitiatorWhenItClaimsBombing() {
        final List<ExtractedEvent> events = extract("Blast in Quetta",
                "The Baloch Liberation Army claimed the bombing in Quetta on Monday.");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.region().code()).isEqualTo("PK-BA");
            assertThat(e.actorSide()).isEqualTo(Side.BLA);
            assertThat(e.targetSide()).isEqualTo(Side.PAKISTAN);
            assertThat(e.claims()).containsExactly(
                    new ExtractedClaim("Baloch Liberation Army", Side.BLA, null, Side.UNKNOWN, false));
        });
    }

    @Test
    void shouldTakeInitiatorFromResponsibilityClaimInLaterSentence() {
        final List<ExtractedEvent> events = extract("Suicide bomber hits convoy in North Waziristan",
                "A suicide bomber rammed a car into a military convoy in North Waziristan on Monday, killing four "
                        + "soldiers, the army said. Tehreek-e-Taliban Pakistan later claimed responsibility.");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.eventType()).isEqualTo(EventType.SUICIDE_BOMB);
            assertThat(e.actorSide()).isEqualTo(Side.TTP);
            assertThat(e.targetSide()).isEqualTo(Side.PAKISTAN);
            assertThat(e.claims()).extracting(ExtractedClaim::claimantSide).contains(Side.TTP);
        });
    }

    @Test
    void shouldResolveClaimantSideFromTableWhenIsprOrAfghanMinistrySpeaks() {
        final List<ExtractedEvent> events = extract("Border clash in Kurram",
                "Afghan forces fired on Pakistani posts in Kurram on Monday, ISPR said, adding that two soldiers were "
                        + "killed. The Afghan defence ministry said 15 Pakistani soldiers were killed.");

        assertThat(events).singleElement().satisfies(e -> assertThat(e.claims())
                .extracting(ExtractedClaim::claimantSide, ExtractedClaim::fatalities)
                .contains(tuple(Side.PAKISTAN, 2),
                        tuple(Side.AFGHANISTAN, 15)));
    }

    @Test
    void shouldNameArmedGroupAsTargetWhenStateStrikesItsHideouts() {
        final List<ExtractedEvent> events = extract("Security forces raid hideouts in Bajaur",
                "Pakistani jets bombed TTP hideouts in Bajaur on Monday, the military said.");

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.actorSide()).isEqualTo(Side.PAKISTAN);
            assertThat(e.targetSide()).isEqualTo(Side.TTP);
        });
    }

    @Test
    void shouldNotTreatOriginAsTargetWhenFireComesFromAcrossTheBorder() {
        final List<ExtractedEvent> events = extract("Mortar fire hits Chitral",
                "Mortar rounds fired from Afghan territory landed in two villages of Lower Chitral on Monday.");

        assertThat(events).singleElement().satisfies(e -> assertThat(e.targetSide()).isNotEqualTo(Side.AFGHANISTAN));
    }

    @Test
    void shouldUseExtraActorWhenExtraCsvIsLoaded(@TempDir final Path dir) throws IOException {
        final Path extra = dir.resolve("extra-actors.csv");
        Files.writeString(extra, "id,name,side,kind,country,aliases\n"
                + "HGB,Hafiz Gul Bahadur group,MILITANT,ARMED_GROUP,PK,Hafiz Gul Bahadur group|Gul Bahadur group\n",
                StandardCharsets.UTF_8);
        final ActorTable actors = ActorTable.loadDefaultPlus(extra);
        final EventExtractor extractor = new EventExtractor(Gazetteer.loadDefault(), actors);

        assertThat(actors.byId("hgb")).isPresent();
        assertThat(ACTORS.byId("HGB")).isEmpty();
        assertThat(extractor.extract(ReportText.of("Attack in North Waziristan",
                "The Gul Bahadur group stormed a checkpoint in North Waziristan on Monday.", TUESDAY)))
                .singleElement().satisfies(e -> {
                    assertThat(e.actorSide()).isEqualTo(Side.MILITANT);
                    assertThat(e.targetSide()).isEqualTo(Side.PAKISTAN);
                });
    }

    @Test
    void shouldRejectRowWhenSideOrKindIsUnknownOrIdDuplicated() {
        assertRowRejected("XX,X,REBELS,ARMED_GROUP,,x\n", "side");
        assertRowRejected("XX,X,MILITANT,GANG,,x\n", "kind");
        assertRowRejected("XX,X,MILITANT,ARMED_GROUP,,x\nxx,Y,MILITANT,ARMED_GROUP,,y\n", "duplicate");
        assertRowRejected("XX,X,MILITANT,ARMED_GROUP\n", "6 columns");
    }

    /** Loading {@code csv} alone fails, with a message that names the problem. */
    private static void assertRowRejected(final String csv, final String named) {
        assertThatThrownBy(() -> ActorTable.load(new StringReader(csv))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named);
    }
}
