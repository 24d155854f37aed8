package io.sitrep.streams.escalation;

import io.sitrep.streams.testing.StageDriverTest;
import io.sitrep.streams.testing.TopologyTests;
import static io.sitrep.streams.testing.Reports.anEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EscalationLevel;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.RegionDailyCount;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Source;
import io.sitrep.schemas.avro.Stage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EscalationTopologyTest extends StageDriverTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final LocalDate MAR_1 = LocalDate.of(2026, 3, 1);

    private TestInputTopic<String, AttributedEvent> events;
    private TestOutputTopic<String, RegionDailyCount> daily;
    private TestOutputTopic<String, RegionEscalation> latest;
    private TestOutputTopic<String, RejectedRecord> rejected;

    @BeforeEach
    void setUp() {
        start(new EscalationTopology(topics));
        events = input(topics.eventsAttributed());
        daily = output(topics.escalationDaily());
        latest = output(topics.escalationLatest());
        rejected = output(topics.reportsRejected());
    }

    @Test
    void shouldCountDistinctEventsPerRegionAndDay() {
        events.pipeInput("e1", anEvent("e1", "AF-KHO", MAR_1, EventType.AIR_DRONE_STRIKE), T0);
        events.pipeInput("e2", anEvent("e2", "AF-KHO", MAR_1, EventType.SHELLING_ARTILLERY_MISSILE), T0);
        events.pipeInput("e3", anEvent("e3", "PK-KP", MAR_1.minusDays(1), EventType.ARMED_CLASH), T0);

        final Map<String, RegionDailyCount> days = daily.readKeyValuesToMap();
        assertThat(days.get("AF-KHO|2026-03-01").getEvents()).isEqualTo(2);
        assertThat(days.get("AF-KHO|2026-03-01").getEventsByType())
                .containsEntry("AIR_DRONE_STRIKE", 1).containsEntry("SHELLING_ARTILLERY_MISSILE", 1);
        assertThat(days.get("PK-KP|2026-02-28").getEvents()).isEqualTo(1);

        final Map<String, RegionEscalation> regions = latest.readKeyValuesToMap();
        assertThat(regions.get("AF-KHO").getC7()).isEqualTo(2);
        assertThat(regions.get("AF-KHO").getTotalEvents()).isEqualTo(2);
        assertThat(regions.get("AF-KHO").getLevel()).isEqualTo(EscalationLevel.ACTIVE);
        assertThat(regions.get("PK-KP").getTotalEvents()).isEqualTo(1);
    }

    @Test
    void shouldCountEventOnceWhenSeveralStoriesReportIt() {
        final AttributedEvent strike = anEvent("AF-KHO|2026-03-01|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN", "AF-KHO", MAR_1,
                EventType.AIR_DRONE_STRIKE);
        events.pipeInput(strike.getEventId(), strike, T0);
        events.pipeInput(strike.getEventId(), strike, T0.plusSeconds(30));

        assertThat(latest.readKeyValuesToMap().get("AF-KHO").getTotalEvents()).isEqualTo(1);
    }

    @Test
    void shouldMoveCountWhenEventIsReattributedToAnotherRegion() {
        events.pipeInput("e1", anEvent("e1", "AF-KHO", MAR_1, EventType.AIR_DRONE_STRIKE), T0);
        events.pipeInput("e1", anEvent("e1", "AF-PKA", MAR_1, EventType.AIR_DRONE_STRIKE), T0.plusSeconds(1));

        final Map<String, RegionDailyCount> days = daily.readKeyValuesToMap();
        assertThat(days.get("AF-KHO|2026-03-01").getEvents()).isZero();
        assertThat(days.get("AF-PKA|2026-03-01").getEvents()).isEqualTo(1);
        final Map<String, RegionEscalation> regions = latest.readKeyValuesToMap();
        assertThat(regions.get("AF-KHO").getTotalEvents()).isZero();
        assertThat(regions.get("AF-KHO").getLevel()).isEqualTo(EscalationLevel.QUIET);
        assertThat(regions.get("AF-PKA").getTotalEvents()).isEqualTo(1);
    }

    @Test
    void shouldRetractEventWhenTombstoned() {
        events.pipeInput("e1", anEvent("e1", "AF-KHO", MAR_1, EventType.AIR_DRONE_STRIKE), T0);
        events.pipeInput("e1", null, T0.plusSeconds(1));

        assertThat(daily.readKeyValuesToMap().get("AF-KHO|2026-03-01").getEvents()).isZero();
    }

    @Test
    void shouldNotCountStrategicDevelopments() {
        events.pipeInput("talks", anEvent("talks", "AF-KAB", MAR_1, EventType.STRATEGIC_DEVELOPMENT), T0);

        assertThat(daily.isEmpty()).isTrue();
        assertThat(latest.isEmpty()).isTrue();
    }

    @Test
    void shouldFlagSurgeWhenLastWeekFarExceedsBaseline() {
        int n = 0;
        // baseline: one event a week for the four weeks before the current week
        for (int week = 1; week <= 4; week++) {
            final LocalDate day = MAR_1.minusDays(7L * week + 1);
            events.pipeInput("b" + n, anEvent("b" + n++, "PK-KP", day, EventType.ARMED_CLASH), T0);
        }
        // current week: six events
        for (int i = 0; i < 6; i++) {
            events.pipeInput("s" + i, anEvent("s" + i, "PK-KP", MAR_1.minusDays(i % 3), EventType.AIR_DRONE_STRIKE), T0);
        }

        final RegionEscalation kp = latest.readKeyValuesToMap().get("PK-KP");
        assertThat(kp.getC7()).isEqualTo(6);
        assertThat(kp.getB28()).isEqualTo(1.0);
        assertThat(kp.getRatio()).isEqualTo(6.0);
        assertThat(kp.getLevel()).isIn(EscalationLevel.SURGE, EscalationLevel.CRITICAL);
    }

    @Test
    void shouldCorrectThePastWhenLateEventArrivesWithinGrace() {
        events.pipeInput("e1", anEvent("e1", "AF-KHO", MAR_1, EventType.AIR_DRONE_STRIKE), T0);
        events.pipeInput("e2", anEvent("e2", "AF-KHO", MAR_1.plusDays(10), EventType.AIR_DRONE_STRIKE), T0);
        // news of Mar 2 reported on Mar 12: ten days late, inside the 14-day grace
        final AttributedEvent late = anEvent("late", "AF-KHO", MAR_1.plusDays(1), EventType.ARMED_CLASH);
        late.setPublishedAt(Instant.parse("2026-03-12T09:00:00Z"));
        events.pipeInput("late", late, T0.plusSeconds(60));

        assertThat(daily.readKeyValuesToMap().get("AF-KHO|2026-03-02").getEvents()).isEqualTo(1);
        final RegionEscalation khost = lastValue(latest, "AF-KHO");
        assertThat(khost.getTotalEvents()).isEqualTo(3);
        assertThat(khost.getAsOf()).isEqualTo(MAR_1.plusDays(10));
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void shouldRejectWithReasonWhenEventIsOlderThanGrace() {
        events.pipeInput("now", anEvent("now", "PK-KP", MAR_1.plusDays(20), EventType.ARMED_CLASH), T0);
        // a clash of Mar 1 first reported on Mar 21: twenty days late
        final AttributedEvent old = anEvent("old", "PK-KP", MAR_1, EventType.ARMED_CLASH);
        old.setPublishedAt(Instant.parse("2026-03-21T10:00:00Z"));
        events.pipeInput("old", old, T0.plusSeconds(60));

        final RejectedRecord r = rejected.readValue();
        assertThat(r.getStage()).isEqualTo(Stage.AGGREGATE);
        assertThat(r.getReasonCode()).isEqualTo(EscalationTopology.REASON_LATE);
        assertThat(r.getMessage()).contains("2026-03-01").contains("reported on 2026-03-21").contains("14 days");
        assertThat(r.getReportId()).isEqualTo("report-old");
        assertThat(daily.readKeyValuesToMap()).doesNotContainKey("PK-KP|2026-03-01");
        assertThat(lastValue(latest, "PK-KP").getTotalEvents()).isEqualTo(1);
    }

    @Test
    void shouldDecayQuietRegionToQuietWhenOtherRegionsMoveTheClock() {
        events.pipeInput("kab", anEvent("kab", "AF-KAB", MAR_1, EventType.AIR_DRONE_STRIKE), T0);
        assertThat(lastValue(latest, "AF-KAB").getLevel()).isEqualTo(EscalationLevel.ACTIVE);

        // three weeks later only another region has news; Kabul's partition stays silent
        events.pipeInput("kp", anEvent("kp", "PK-KP", MAR_1.plusDays(21), EventType.ARMED_CLASH), T0.plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        final RegionEscalation kabul = lastValue(latest, "AF-KAB");
        assertThat(kabul.getAsOf()).isEqualTo(MAR_1.plusDays(21));
        assertThat(kabul.getC7()).isZero();
        assertThat(kabul.getLevel()).isEqualTo(EscalationLevel.QUIET);
        assertThat(kabul.getTotalEvents()).isEqualTo(1);
    }

    @Test
    void shouldCountDistinctStoriesAndOutletsPerDay() {
        final AttributedEvent strike = anEvent("e1", "AF-PKA", MAR_1, EventType.AIR_DRONE_STRIKE);
        strike.setSources(List.of(source("story-a", "Wire A"), source("story-b", "Paper B"), source("story-c", "Wire A")));
        strike.setSourceOutlet("Wire A");
        strike.setStoryId("story-a");
        final AttributedEvent clash = anEvent("e2", "AF-PKA", MAR_1, EventType.ARMED_CLASH);
        clash.setSources(List.of(source("story-d", "Radio D")));
        clash.setStoryId("story-d");
        clash.setSourceOutlet("Radio D");

        events.pipeInput("e1", strike, T0);
        events.pipeInput("e2", clash, T0);

        final RegionDailyCount day = daily.readKeyValuesToMap().get("AF-PKA|2026-03-01");
        assertThat(day.getEvents()).isEqualTo(2);
        assertThat(day.getStories()).isEqualTo(4);
        assertThat(day.getOutlets()).isEqualTo(3);
    }

    @Test
    void shouldGiveSameFiguresWhenHistoryIsReplayedAtOnceAsWhenItArrivedLive() {
        final List<AttributedEvent> history = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            for (int k = 0; k < (d >= 23 ? 3 : d % 4 == 0 ? 1 : 0); k++) {
                history.add(anEvent("h" + d + "-" + k, d % 2 == 0 ? "PK-KP" : "AF-KHO", MAR_1.plusDays(d),
                        k == 0 ? EventType.AIR_DRONE_STRIKE : EventType.ARMED_CLASH));
            }
        }
        // live: each event arrives on its day, with a day of wall-clock time between them
        Instant t = T0;
        for (AttributedEvent e : history) {
            t = t.plus(Duration.ofDays(1));
            driver.advanceWallClockTime(Duration.ofDays(1));
            events.pipeInput(e.getEventId(), e, t);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        final Map<String, RegionEscalation> live = withoutUpdateTimes(latest.readKeyValuesToMap());

        // backfill: a fresh pipeline gets the same month at once
        final TopicSpecs fresh = TopologyTests.topics();
        try (TopologyTestDriver replay = TopologyTests.driver(stateDir.resolve("backfill"), fresh, new EscalationTopology(fresh))) {
            final var in = TopologyTests.input(replay, fresh.eventsAttributed());
            history.forEach(e -> in.pipeInput(e.getEventId(), e, T0));
            replay.advanceWallClockTime(Duration.ofSeconds(2));
            final Map<String, RegionEscalation> backfilled = withoutUpdateTimes(
                    TopologyTests.output(replay, fresh.escalationLatest()).readKeyValuesToMap());

            assertThat(backfilled).isEqualTo(live);
            assertThat(live.get("PK-KP").getLevel()).isIn(EscalationLevel.SURGE, EscalationLevel.CRITICAL);
        }
    }

    private static Map<String, RegionEscalation> withoutUpdateTimes(final Map<String, RegionEscalation> figures) {
        figures.values().forEach(f -> f.setUpdatedAt(Instant.EPOCH));
        return figures;
    }

    private static Source source(final String story, final String outlet) {
        return Source.newBuilder().setStoryId(story).setReportId("r-" + story).setOutlet(outlet).build();
    }

    private static RegionEscalation lastValue(final TestOutputTopic<String, RegionEscalation> topic, final String region) {
        return topic.readKeyValuesToMap().get(region);
    }
}
