package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SharedCounterTest {
    private static final Comparator<String> BY_NAME = Comparator.naturalOrder();

    @Test
    void shouldSelectTheReportsSharingTheMostThenFirstByTheTieOrderAsAFullSortDoesAndCountTheDistinctiveOnes() {
        final Random random = new Random(5);
        final SharedCounter<String> counter = new SharedCounter<>();
        final List<String> names = new ArrayList<>();
        final Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            final String name = "report-" + random.nextInt(1_000_000) + "-" + i;
            names.add(name);
            ids.put(name, counter.register(name));
        }
        for (int probe = 0; probe < 200; probe++) {
            counter.newProbe();
            final Map<String, Integer> expected = new HashMap<>();
            final Map<String, Integer> expectedDistinctive = new HashMap<>();
            // few distinct counts, so that the k-th place is usually a tie
            for (int hit = random.nextInt(400); hit > 0; hit--) {
                final String name = names.get(random.nextInt(names.size()));
                final boolean distinctive = random.nextInt(3) == 0;
                counter.count(ids.get(name), distinctive);
                expected.merge(name, 1, Integer::sum);
                expectedDistinctive.merge(name, distinctive ? 1 : 0, Integer::sum);
            }
            final int k = 1 + random.nextInt(40);
            final List<String> sorted = new ArrayList<>(expected.keySet());
            sorted.sort(Comparator.<String>comparingInt(expected::get).reversed().thenComparing(BY_NAME));
            final List<String> best = sorted.subList(0, Math.min(k, sorted.size()));
            assertThat(counter.mostShared(k, BY_NAME)).containsExactlyInAnyOrderElementsOf(best);
            for (final String name : best) {
                assertThat(counter.sharedOf(ids.get(name))).isEqualTo(expected.get(name));
                assertThat(counter.distinctiveOf(ids.get(name))).isEqualTo(expectedDistinctive.get(name));
            }
        }
    }

    @Test
    void shouldCountAgainWhenEveryRegisteredReportIsSeenInOneProbe() {
        // 1,024 reports fill the id table exactly; a probe that sees all of them, then counts one again,
        // writes past the last seen id: the list of seen ids must have room for that write
        final SharedCounter<String> counter = new SharedCounter<>();
        for (int i = 0; i < 1024; i++) {
            counter.register("report-" + i);
        }
        counter.newProbe();
        for (int id = 0; id < 1024; id++) {
            counter.count(id, false);
        }
        counter.count(7, true);
        assertThat(counter.sharedOf(7)).isEqualTo(2);
        assertThat(counter.distinctiveOf(7)).isEqualTo(1);
        assertThat(counter.mostShared(1, BY_NAME)).containsExactly("report-7");
    }

    @Test
    void shouldReuseTheIdOfAReleasedReportWithItsCountStartingAtZero() {
        final SharedCounter<String> counter = new SharedCounter<>();
        final int first = counter.register("first");
        counter.register("second");
        counter.newProbe();
        counter.count(first, true);
        counter.count(first, false);
        counter.release(first);
        final int third = counter.register("third");
        assertThat(third).isEqualTo(first);
        counter.newProbe();
        counter.count(third, false);
        assertThat(counter.sharedOf(third)).isEqualTo(1);
        assertThat(counter.distinctiveOf(third)).isZero();
        assertThat(counter.mostShared(5, BY_NAME)).containsExactly("third");
    }
}
