package io.sitrep.streams.escalation;

import io.sitrep.streams.testing.TopologyTests;
import static io.sitrep.streams.testing.Reports.anEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EscalationLevel;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.streams.escalation.domain.DayCount;
import io.sitrep.streams.escalation.domain.EscalationCalculator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted five weeks: Khyber Pakhtunkhwa with steady clashes and then a surge, Khost with
 * scattered strikes, Kabul with one strike and then silence. Fed day by day through the topology,
 * the level of every region on every day must equal what the escalation rules give for the events
 * up to that day, and a few facts are checked by hand.
 */
class EscalationScenarioTest {
    private static final LocalDate START = LocalDate.of(2026, 2, 1);
    private static final int DAYS = 35;

    @TempDir
    Path stateDir;

    /** Events per region per day offset. */
    private static Map<String, Map<Integer, Integer>> scenario() {
        final Map<String, Map<Integer, Integer>> s = new LinkedHashMap<>();
        final Map<Integer, Integer> kp = new TreeMap<>();
        for (int d = 0; d < 28; d += 7) {
            kp.put(d + 2, 1);
        }
        for (int d = 28; d < 35; d++) {
            kp.put(d, d % 2 == 0 ? 2 : 1);
        }
        s.put("PK-KP", kp);
        s.put("AF-KHO", new TreeMap<>(Map.of(3, 1, 12, 1, 13, 1, 25, 1)));
        s.put("AF-KAB", new TreeMap<>(Map.of(5, 1)));
        return s;
    }

    @Test
    void shouldGiveTheRulesLevelForEveryRegionOnEveryDay() {
        final TopicSpecs topics = TopologyTests.topics();
        final Map<String, Map<Integer, Integer>> scenario = scenario();
        final Map<String, NavigableMap<LocalDate, DayCount>> seen = new TreeMap<>();
        final Map<String, List<EscalationLevel>> levelsByRegion = new TreeMap<>();
        try (TopologyTestDriver driver = TopologyTests.driver(stateDir, topics, new EscalationTopology(topics))) {
            final TestInputTopic<String, AttributedEvent> events = TopologyTests.input(driver, topics.eventsAttributed());
            final KeyValueStore<String, RegionEscalation> latest = driver.getKeyValueStore(EscalationTopology.LATEST_STORE);
            // a marker region with an event every day keeps the clock moving, as the news of other provinces would
            final String clockRegion = "PK-BA";
            for (int d = 0; d < DAYS; d++) {
                final LocalDate day = START.plusDays(d);
                final List<AttributedEvent> today = new ArrayList<>();
                today.add(anEvent("clock-" + d, clockRegion, day, EventType.ARMED_CLASH));
                for (var region : scenario.entrySet()) {
                    for (int k = 0; k < region.getValue().getOrDefault(d, 0); k++) {
                        today.add(anEvent(region.getKey() + "-" + d + "-" + k, region.getKey(), day, EventType.AIR_DRONE_STRIKE));
                    }
                }
                for (AttributedEvent e : today) {
                    events.pipeInput(e.getEventId(), e, Instant.parse("2026-11-01T00:00:00Z").plus(Duration.ofDays(d)));
                    seen.computeIfAbsent(e.getRegionCode(), r -> new TreeMap<>())
                            .merge(day, new DayCount(1, 0), (a, b) -> new DayCount(a.events() + 1, 0));
                }
                driver.advanceWallClockTime(Duration.ofSeconds(2));

                for (String region : scenario.keySet()) {
                    final RegionEscalation figures = latest.get(region);
                    if (figures == null) {
                        continue;
                    }
                    assertThat(figures.getAsOf()).as(region + " on " + day).isEqualTo(day);
                    final var expected = EscalationCalculator.compute(seen.get(region), day);
                    assertThat(figures.getLevel()).as(region + " on " + day).isEqualTo(expected.level());
                    assertThat(figures.getC7()).as(region + " C7 on " + day).isEqualTo(expected.c7());
                    levelsByRegion.computeIfAbsent(region, r -> new ArrayList<>()).add(figures.getLevel());
                }
            }
        }
        // facts checked by hand
        final List<EscalationLevel> kabul = levelsByRegion.get("AF-KAB");
        assertThat(kabul.subList(0, 7)).containsOnly(EscalationLevel.ACTIVE);   // Feb 6–12: the strike is inside C7
        assertThat(kabul.subList(7, kabul.size())).containsOnly(EscalationLevel.QUIET); // from Feb 13: decayed, no news
        final List<EscalationLevel> kp = levelsByRegion.get("PK-KP");
        assertThat(kp.get(kp.size() - 1)).isIn(EscalationLevel.SURGE, EscalationLevel.CRITICAL); // 10 events in the last week vs 1 a week
        assertThat(kp.subList(0, 26)).doesNotContain(EscalationLevel.SURGE, EscalationLevel.CRITICAL);
    }
}
