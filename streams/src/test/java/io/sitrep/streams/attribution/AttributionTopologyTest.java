package io.sitrep.streams.attribution;

import io.sitrep.streams.testing.StageDriverTest;
import static io.sitrep.streams.testing.Reports.aReport;
import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Source;
import io.sitrep.schemas.avro.Stage;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttributionTopologyTest extends StageDriverTest {
    private static final Instant T0 = Instant.parse("2026-02-27T08:00:00Z");

    private TestInputTopic<String, UniqueReport> unique;
    private TestOutputTopic<String, AttributedEvent> events;
    private TestOutputTopic<String, RejectedRecord> rejected;

    @BeforeEach
    void setUp() {
        start(new AttributionTopology(topics, new EventExtractor(Gazetteer.loadDefault())));
        unique = input(topics.reportsUnique());
        events = output(topics.eventsAttributed());
        rejected = output(topics.reportsRejected());
    }

    private static UniqueReport unique(final RawReport report) {
        return UniqueReport.newBuilder().setStoryId(report.getReportId()).setBodyHash("h-" + report.getReportId())
                .setReport(report).build();
    }

    @Test
    void shouldEmitOneEventPerStruckProvinceKeyedByEventIdentity() {
        final RawReport report = aReport("wire-1").publishedAt("2026-02-27T08:00:00Z")
                .headline("Pakistan strikes Afghan cities")
                .body("Pakistan struck Kabul, Kandahar and Paktia with air strikes on Thursday night, officials said. "
                        + "Any provocation would be met with a decisive response, a spokesman warned.")
                .build();

        unique.pipeInput("wire-1", unique(report), T0);

        final Map<String, AttributedEvent> out = events.readKeyValuesToMap();
        assertThat(out.values()).extracting(AttributedEvent::getRegionCode)
                .containsExactlyInAnyOrder("AF-KAB", "AF-KAN", "AF-PIA");
        assertThat(out.values()).allSatisfy(e -> {
            assertThat(e.getEventType()).isEqualTo(EventType.AIR_DRONE_STRIKE);
            assertThat(e.getEventDate()).isEqualTo(LocalDate.of(2026, 2, 26));
            assertThat(e.getStoryId()).isEqualTo("wire-1");
            assertThat(e.getCounted()).isTrue();
            assertThat(e.getEvidence()).isNotBlank();
        });
        out.forEach((key, e) -> assertThat(key).isEqualTo(e.getEventId()));
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void shouldGiveSameEventIdWhenTwoStoriesReportOneEvent() {
        unique.pipeInput("a", unique(aReport("a").body("Pakistani jets carried out air strikes in Khost province on 26 February.").build()), T0);
        unique.pipeInput("b", unique(aReport("b").outlet("Other Outlet")
                .body("Khost province was hit by Pakistani air strikes on 26 February, residents said.").build()), T0);

        final var out = events.readKeyValuesToList();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).key).isEqualTo(out.get(1).key);
    }

    @Test
    void shouldMergeLaterStoryIntoKnownEventWhenDatesAreOneDayApart() {
        unique.pipeInput("a", unique(aReport("a").headline("Strikes in Khost")
                .body("Pakistani jets carried out air strikes in Khost province on 26 February, killing six civilians, "
                        + "a Taliban spokesman said.").build()), T0);
        unique.pipeInput("b", unique(aReport("b").outlet("Other Outlet").headline("Khost air raid")
                .body("Pakistani air strikes hit Khost province early on 27 February, residents said. A hospital "
                        + "doctor said six civilians were killed.").build()), T0.plusSeconds(60));

        final var out = events.readKeyValuesToList();
        final String id = "AF-KHO|2026-02-26|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN";
        assertThat(out).extracting(kv -> kv.key).containsExactly(id, id);
        final AttributedEvent merged = out.get(1).value;
        assertThat(merged.getEventDate()).isEqualTo(LocalDate.of(2026, 2, 26));
        assertThat(merged.getSources()).extracting(s -> s.getStoryId()).containsExactly("a", "b");
        assertThat(merged.getClaims()).extracting(c -> c.getClaimantSide().name() + ":" + c.getFatalities())
                .containsExactly("AFGHANISTAN:6", "OTHER:6");
        assertThat(merged.getFatalitiesLow()).isEqualTo(6);
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldMergeStoryThatNamesNoAttackerIntoKnownEventOfTheSameDay() {
        unique.pipeInput("a", unique(aReport("a").body("Pakistani air strikes hit Khost province on 26 February.").build()), T0);
        unique.pipeInput("b", unique(aReport("b").outlet("Other Outlet")
                .body("Air strikes hit Khost province on 26 February, residents said.").build()), T0.plusSeconds(60));

        final var out = events.readKeyValuesToList();
        final String id = "AF-KHO|2026-02-26|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN";
        assertThat(out).extracting(kv -> kv.key).containsExactly(id, id);
        assertThat(out.get(1).value.getSources()).extracting(s -> s.getStoryId()).containsExactly("a", "b");
    }

    @Test
    void shouldRetractLaterIdWhenAStoryBridgesTwoKnownEvents() {
        unique.pipeInput("a", unique(aReport("a").body("Pakistani air strikes hit Khost province on 25 February.").build()), T0);
        unique.pipeInput("c", unique(aReport("c").body("Pakistani air strikes hit Khost province on 27 February.").build()), T0);
        unique.pipeInput("b", unique(aReport("b").body("Pakistani air strikes hit Khost province on 26 February.").build()), T0);

        final var out = events.readKeyValuesToList();
        final String first = "AF-KHO|2026-02-25|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN";
        final String third = "AF-KHO|2026-02-27|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN";
        assertThat(out).extracting(kv -> kv.key).containsExactly(first, third, third, first);
        assertThat(out.get(2).value).isNull();
        assertThat(out.get(3).value.getSources()).extracting(s -> s.getStoryId()).containsExactly("a", "b", "c");
        assertThat(events.readKeyValuesToMap()).isEmpty();
    }

    @Test
    void shouldNeverMoveAnEventsTimestampBackWhenAnOlderRecordMergesIntoIt() {
        // Record timestamps reach the merger out of order (several upstream tasks write the
        // repartition topic): here the bridging story b carries the oldest timestamp of the three.
        unique.pipeInput("a", unique(aReport("a").body("Pakistani air strikes hit Khost province on 25 February.").build()),
                T0.plusSeconds(60));
        unique.pipeInput("c", unique(aReport("c").body("Pakistani air strikes hit Khost province on 27 February.").build()),
                T0.plusSeconds(120));
        unique.pipeInput("b", unique(aReport("b").body("Pakistani air strikes hit Khost province on 26 February.").build()),
                T0);

        final var out = events.readRecordsToList();
        final String first = "AF-KHO|2026-02-25|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN";
        final String third = "AF-KHO|2026-02-27|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN";
        assertThat(out).extracting(TestRecord::key).containsExactly(first, third, third, first);
        assertThat(out.get(2).value()).isNull();
        final Map<String, Instant> latest = new HashMap<>();
        for (final TestRecord<String, AttributedEvent> r : out) {
            final Instant previous = latest.put(r.key(), r.getRecordTime());
            if (previous != null) {
                assertThat(r.getRecordTime()).as("timestamp of an update of %s", r.key()).isAfterOrEqualTo(previous);
            }
        }
        assertThat(latest).containsEntry(first, T0.plusSeconds(120)).containsEntry(third, T0.plusSeconds(120));
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepTwoEventsWhenOneStoryReportsConsecutiveDays() {
        unique.pipeInput("a", unique(aReport("a").body("Pakistani air strikes hit Khost province on 25 February. "
                + "Further Pakistani air strikes hit Khost province on 26 February, officials said.").build()), T0);

        assertThat(events.readKeyValuesToMap()).containsOnlyKeys(
                "AF-KHO|2026-02-25|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN",
                "AF-KHO|2026-02-26|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN");
    }

    @Test
    void shouldAddNothingWhenTheSameStoryIsReadTwice() {
        final UniqueReport a = unique(aReport("a").body("Pakistani air strikes hit Khost province on 25 February.").build());
        unique.pipeInput("a", a, T0);
        unique.pipeInput("a", a, T0);

        final var out = events.readValuesToList();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).getSources()).hasSize(1);
    }

    @Test
    void shouldLinkOneDaysBorderFightingPlacedInTwoProvincesByOneIncidentButCountEachRegion() {
        // the day before, in the same province: unnamed gunmen, another incident
        unique.pipeInput("raid", unique(aReport("raid").publishedAt("2026-03-14T07:00:00Z").headline("Police post attacked in Lakki Marwat")
                .body("Police fought off gunmen in a gunfight at a post in Lakki Marwat district of Khyber Pakhtunkhwa on Friday, "
                        + "killing three attackers, officials said.").build()), T0);
        unique.pipeInput("kurram", unique(aReport("kurram").publishedAt("2026-03-15T07:00:00Z")
                .headline("Afghan and Pakistani forces clash in Kurram")
                .body("Afghan forces and Pakistani troops exchanged fire across the border in Kurram, a district of Khyber "
                        + "Pakhtunkhwa on Saturday, the Pakistani military said.").build()), T0);
        // a sector of its own the same day: nothing yet says it was one front with Kurram
        unique.pipeInput("boldak", unique(aReport("boldak").outlet("Third Outlet").publishedAt("2026-03-15T07:30:00Z")
                .headline("Clash near Spin Boldak")
                .body("Afghan border forces and Pakistani troops exchanged fire near Spin Boldak in Kandahar province on Saturday, "
                        + "a local official said.").build()), T0);
        final Map<String, AttributedEvent> before = events.readKeyValuesToMap();
        assertThat(before.values()).extracting(AttributedEvent::getIncidentId).containsOnlyNulls();

        unique.pipeInput("front", unique(aReport("front").outlet("Other Outlet").publishedAt("2026-03-15T08:00:00Z")
                .headline("Border fighting spreads")
                .body("Afghan forces and Pakistani troops fought at several points along the border on Saturday, in Kurram "
                        + "district of Khyber Pakhtunkhwa and in Paktia province, officials on both sides said.").build()), T0);

        final Map<String, AttributedEvent> out = new HashMap<>(before);
        out.putAll(events.readKeyValuesToMap());
        assertThat(out).hasSize(4).doesNotContainValue(null);
        final Map<String, AttributedEvent> byRegion = new HashMap<>();
        out.values().forEach(e -> byRegion.put(e.getRegionCode() + "|" + e.getStoryId(), e));
        final AttributedEvent kurram = byRegion.get("PK-KP|kurram");
        // one incident, two events: escalation still counts one in each province
        assertThat(kurram.getSources()).extracting(Source::getStoryId).containsExactly("kurram", "front");
        assertThat(kurram.getIncidentId()).isNotNull().isEqualTo(byRegion.get("AF-PIA|front").getIncidentId());
        assertThat(byRegion.get("PK-KP|raid").getIncidentId()).isNull();
        assertThat(byRegion.get("AF-KAN|boldak").getIncidentId()).isNull();
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void shouldEmitNothingWhenReportDescribesNoEvent() {
        unique.pipeInput("x", unique(aReport("x").headline("Markets").body("Wheat prices rose in Kabul on Monday.").build()), T0);

        assertThat(events.isEmpty()).isTrue();
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void shouldRouteReportWithoutTextToRejectedTopic() {
        unique.pipeInput("empty", unique(aReport("empty").headline(" ").body("").build()), T0);

        final RejectedRecord r = rejected.readValue();
        assertThat(r.getStage()).isEqualTo(Stage.ATTRIBUTE);
        assertThat(r.getReasonCode()).isEqualTo(AttributionTopology.REASON_NO_TEXT);
        assertThat(r.getReportId()).isEqualTo("empty");
        assertThat(events.isEmpty()).isTrue();
    }
}
