package io.sitrep.streams.topology;

import static io.sitrep.streams.topology.Reports.anEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EscalationLevel;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.RegionDailyCount;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EscalationTopologyTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final LocalDate MAR_1 = LocalDate.of(2026, 3, 1);

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, AttributedEvent> events;
    private TestOutputTopic<String, RegionDailyCount> daily;
    private TestOutputTopic<String, RegionEscalation> latest;

    @BeforeEach
    void setUp() {
        final var topics = TopicSpecs.create(new InMemorySchemaRegistryClient());
        final var props = TopologyTests.props(stateDir, topics.registry());
        driver = new TopologyTestDriver(new EscalationTopology(topics).build(props), props);
        events = driver.createInputTopic(Topics.EVENTS_ATTRIBUTED, Serdes.String().serializer(),
                topics.eventsAttributed().valueSerde().serializer());
        daily = driver.createOutputTopic(Topics.ESCALATION_DAILY, Serdes.String().deserializer(),
                topics.escalationDaily().valueSerde().deserializer());
        latest = driver.createOutputTopic(Topics.ESCALATION_LATEST, Serdes.String().deserializer(),
                topics.escalationLatest().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
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
}
