package io.sitrep.ops.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagEvaluatorTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final LagEvaluator evaluator = new LagEvaluator(Duration.ofSeconds(60), 3);

    private static GroupReading reading(final int secondsAfterT0, final int members, final long committed, final long end) {
        return new GroupReading("g", T0.plusSeconds(secondsAfterT0), members > 0 ? "STABLE" : "EMPTY", members,
                List.of(new PartitionLag("g", "t", 0, committed, end, Math.max(0, end - committed),
                        end > committed ? 5_000 : 0)));
    }

    private void assertVerdict(final GroupReading reading, final LagStatus status, final String... inReason) {
        final GroupVerdict v = evaluator.evaluate(reading);
        assertThat(v.status()).isEqualTo(status);
        assertThat(v.reason()).contains(inReason);
    }

    @Test
    void shouldBeOkWhenCaughtUpEvenWithoutMembersOrCommits() {
        for (int s = 0; s <= 120; s += 30) {
            final GroupVerdict v = evaluator.evaluate(reading(s, 0, 10, 10));
            assertThat(v.status()).isEqualTo(LagStatus.OK);
            assertThat(v.reason()).isEqualTo("caught up");
        }
    }

    @Test
    void shouldBeStoppedWhenRecordsWaitAndNoMemberIsLeft() {
        assertVerdict(reading(0, 0, 10, 15), LagStatus.STOPPED, "t-0", "no active members while 5 records wait", "5.0 s old");
    }

    @Test
    void shouldBeErrOnlyOnceCommittedOffsetStoodStillForTheWholeWindow() {
        assertThat(evaluator.evaluate(reading(0, 1, 10, 12)).status()).isEqualTo(LagStatus.OK);
        assertThat(evaluator.evaluate(reading(30, 1, 10, 12)).status()).as("half a window").isEqualTo(LagStatus.OK);
        assertVerdict(reading(60, 1, 10, 12), LagStatus.ERR, "committed offset 10 has not moved for 60 s while 2 records wait");
    }

    @Test
    void shouldRecoverFromErrWhenCommittedOffsetMovesAgain() {
        evaluator.evaluate(reading(0, 1, 10, 12));
        assertThat(evaluator.evaluate(reading(60, 1, 10, 12)).status()).isEqualTo(LagStatus.ERR);
        assertThat(evaluator.evaluate(reading(65, 1, 11, 12)).status()).isEqualTo(LagStatus.OK);
    }

    @Test
    void shouldWarnWhenLagGrowsAtEveryReadingWhileCommitting() {
        evaluator.evaluate(reading(0, 1, 10, 12));
        assertThat(evaluator.evaluate(reading(10, 1, 12, 16)).status()).as("two readings are not enough").isEqualTo(LagStatus.OK);
        assertVerdict(reading(20, 1, 14, 20), LagStatus.WARN, "lag grew from 2 to 6 records");
    }

    @Test
    void shouldNotWarnWhenLagShrankOnceInTheWindow() {
        evaluator.evaluate(reading(0, 1, 10, 12));
        evaluator.evaluate(reading(10, 1, 15, 16));
        assertThat(evaluator.evaluate(reading(20, 1, 16, 20)).status()).isEqualTo(LagStatus.OK);
    }

    @Test
    void shouldJudgeGrowthOnlyOverTheWindow() {
        evaluator.evaluate(reading(0, 1, 10, 30));   // a big backlog, long ago
        evaluator.evaluate(reading(100, 1, 29, 30)); // nearly drained
        evaluator.evaluate(reading(130, 1, 30, 32));
        evaluator.evaluate(reading(140, 1, 31, 34));
        assertThat(evaluator.evaluate(reading(150, 1, 32, 36)).status()).isEqualTo(LagStatus.WARN);
    }

    @Test
    void shouldStopGroupWithoutCommitsOrMembersAndWaitForStartingOne() {
        assertThat(evaluator.evaluate(new GroupReading("g", T0, "DEAD", 0, List.of())).status()).isEqualTo(LagStatus.STOPPED);
        assertThat(evaluator.evaluate(new GroupReading("g", T0, "STABLE", 2, List.of())).status()).isEqualTo(LagStatus.OK);
    }

    @Test
    void shouldTakeWorstPartitionAsGroupVerdict() {
        final GroupReading reading = new GroupReading("g", T0, "EMPTY", 0, List.of(
                new PartitionLag("g", "a", 0, 5, 5, 0, 0),
                new PartitionLag("g", "b", 1, 5, 9, 4, 2_000)));
        final GroupVerdict v = evaluator.evaluate(reading);
        assertThat(v.status()).isEqualTo(LagStatus.STOPPED);
        assertThat(v.sumLag()).isEqualTo(4);
        assertThat(v.maxLag()).isEqualTo(4);
        assertThat(v.maxLagSeconds()).isEqualTo(2.0);
        assertThat(v.partitions()).extracting(PartitionVerdict::status).containsExactly(LagStatus.OK, LagStatus.STOPPED);
    }

    @Test
    void shouldOrderStatusesFromBestToWorst() {
        assertThat(LagStatus.OK.worst(LagStatus.WARN)).isEqualTo(LagStatus.WARN);
        assertThat(LagStatus.STOPPED.worst(LagStatus.ERR)).isEqualTo(LagStatus.STOPPED);
        assertThat(LagStatus.values()).extracting(LagStatus::code).containsExactly(0, 1, 2, 3);
    }
}
