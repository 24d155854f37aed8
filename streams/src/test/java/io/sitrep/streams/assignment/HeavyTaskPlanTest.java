package io.sitrep.streams.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class HeavyTaskPlanTest {
    /** The pipeline's shape: prepare 0_x, the index 1_0, attribution 2_x and 3_x, escalation 5_x. */
    private static final SortedSet<String> TASKS = new TreeSet<>(Set.of("0_0", "0_1", "0_2", "1_0", "2_0", "2_1", "2_2",
            "3_0", "3_1", "3_2", "5_0", "5_1", "5_2"));
    private static final Set<String> INDEX = Set.of("1_0");

    private static SortedMap<String, HeavyTaskPlan.Instance<String>> instances(final Object... threadsAndPrevious) {
        final SortedMap<String, HeavyTaskPlan.Instance<String>> out = new TreeMap<>();
        for (int i = 0; i < threadsAndPrevious.length; i += 2) {
            @SuppressWarnings("unchecked")
            final Set<String> previous = (Set<String>) threadsAndPrevious[i + 1];
            out.put("instance-" + (char) ('a' + i / 2), new HeavyTaskPlan.Instance<>((Integer) threadsAndPrevious[i], previous));
        }
        return out;
    }

    private static void assertEveryTaskOnce(final SortedMap<String, SortedSet<String>> plan) {
        final SortedSet<String> all = new TreeSet<>();
        plan.values().forEach(tasks -> tasks.forEach(t -> assertThat(all.add(t)).as("task %s assigned twice", t).isTrue()));
        assertThat(all).isEqualTo(TASKS);
    }

    @Test
    void shouldRunEverythingOnALoneInstance() {
        final var plan = new HeavyTaskPlan<>(instances(2, Set.of())).assign(TASKS, INDEX);
        assertThat(plan.get("instance-a")).isEqualTo(TASKS);
    }

    @Test
    void shouldGiveTheIndexAnInstanceOfItsOwnAndKeepItWhereItRan() {
        // b ran everything; a joins: the index stays on b, every other task moves to a
        final var plan = new HeavyTaskPlan<>(instances(1, Set.of(), 1, TASKS)).assign(TASKS, INDEX);
        assertEveryTaskOnce(plan);
        assertThat(plan.get("instance-b")).containsExactly("1_0");
        assertThat(plan.get("instance-a")).hasSize(12).doesNotContain("1_0");
    }

    @Test
    void shouldSpreadTheOtherTasksByThreadsAndLeaveThemWhereTheyRanWhenThereIsRoom() {
        final Set<String> ranOnC = Set.of("2_0", "3_0", "5_0");
        final var plan = new HeavyTaskPlan<>(instances(1, Set.of("1_0"), 1, Set.of(), 3, ranOnC)).assign(TASKS, INDEX);
        assertEveryTaskOnce(plan);
        assertThat(plan.get("instance-a")).containsExactly("1_0");
        // 12 tasks over 1 + 3 threads: 3 and 9
        assertThat(plan.get("instance-b")).hasSize(3);
        assertThat(plan.get("instance-c")).hasSize(9).containsAll(ranOnC);
    }

    /** The dedup stage's prepare tasks, which feed the index. */
    private static final Set<String> PREPARE = Set.of("0_0", "0_1", "0_2");

    @Test
    void shouldLeaveTheIndexAloneOnItsThreadWhenItsInstanceHasNoOtherThread() {
        // two instances of one thread (the default on two cores): b ran everything and keeps the index
        // alone; the prepare tasks that feed it go to a with the later stages (round 29)
        final var plan = new HeavyTaskPlan<>(instances(1, Set.of(), 1, TASKS)).assign(TASKS, INDEX, PREPARE);
        assertEveryTaskOnce(plan);
        assertThat(plan.get("instance-b")).containsExactly("1_0");
        assertThat(plan.get("instance-a")).hasSize(12).containsAll(PREPARE);
    }

    @Test
    void shouldLeaveTheIndexAloneWhenNoTaskRanAnywhere() {
        // a pipeline's first rebalance with its second instance: neither reports a task it ran
        final var plan = new HeavyTaskPlan<>(instances(1, Set.of(), 1, Set.of())).assign(TASKS, INDEX, PREPARE);
        assertEveryTaskOnce(plan);
        final String indexInstance = plan.get("instance-a").contains("1_0") ? "instance-a" : "instance-b";
        final String other = indexInstance.equals("instance-a") ? "instance-b" : "instance-a";
        assertThat(plan.get(indexInstance)).containsExactly("1_0");
        assertThat(plan.get(other)).hasSize(12).containsAll(PREPARE);
    }

    @Test
    void shouldPutThePrepareTasksOnTheIndexInstanceWhenItHasAThreadToSpare() {
        // the index's instance has a second thread, which takes the prepare tasks there
        final var plan = new HeavyTaskPlan<>(instances(2, Set.of("1_0"), 1, Set.of())).assign(TASKS, INDEX, PREPARE);
        assertEveryTaskOnce(plan);
        assertThat(plan.get("instance-a")).containsExactly("0_0", "0_1", "0_2", "1_0");
        assertThat(plan.get("instance-b")).hasSize(9);
    }

    @Test
    void shouldPutThePrepareTasksOnlyWhereAHeavyTaskLeavesAThreadToSpare() {
        // two heavy tasks: a's second thread takes the prepare tasks, b's one thread keeps its task alone
        final var plan = new HeavyTaskPlan<>(instances(2, Set.of("1_0"), 1, Set.of("3_0"), 1, Set.of()))
                .assign(TASKS, Set.of("1_0", "3_0"), PREPARE);
        assertEveryTaskOnce(plan);
        assertThat(plan.get("instance-a")).containsExactly("0_0", "0_1", "0_2", "1_0");
        assertThat(plan.get("instance-b")).containsExactly("3_0");
        assertThat(plan.get("instance-c")).hasSize(8).doesNotContainAnyElementsOf(PREPARE);
    }

    @Test
    void shouldSpreadThePrepareTasksWithTheRestWhenTheRestHasMoreThreads() {
        final var plan = new HeavyTaskPlan<>(instances(1, Set.of("1_0"), 1, Set.of(), 1, Set.of())).assign(TASKS, INDEX, PREPARE);
        assertEveryTaskOnce(plan);
        assertThat(plan.get("instance-a")).containsExactly("1_0");
        assertThat(plan.get("instance-b")).hasSize(6);
        assertThat(plan.get("instance-c")).hasSize(6);
    }

    @Test
    void shouldPutANewIndexWhereTheFewestTasksRan() {
        final var plan = new HeavyTaskPlan<>(instances(1, Set.of("0_0", "0_1"), 1, Set.of())).assign(TASKS, INDEX);
        assertEveryTaskOnce(plan);
        assertThat(plan.get("instance-b")).containsExactly("1_0");
    }
}
