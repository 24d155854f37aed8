package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.ops.health.CheckResult;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamsHealthTest {
    private static final TopicPartition CHANGELOG = new TopicPartition("sitrep-pipeline-dedup-store-changelog", 2);

    @Test
    void shouldReportRestoreProgressAndStayNotReadyWhileRestoringBeforeFirstRunning() {
        final StreamsHealth health = new StreamsHealth();
        health.stateChanged(State.REBALANCING);
        health.onRestoreStart(CHANGELOG, "dedup-store", 100, 4_100);
        health.onBatchRestored(CHANGELOG, "dedup-store", 1_100, 1_000);

        final CheckResult ready = health.readiness();
        assertThat(ready.ok()).isFalse();
        assertThat(ready.detail()).isEqualTo("state REBALANCING: restoring state, 1000 of 4000 records (25%), "
                + "1 store partition(s) in progress");
        assertThat(health.remainingRestoreRecords()).isEqualTo(3_000);
        assertThat(health.liveness().ok()).as("a long restore is alive").isTrue();

        health.onRestoreEnd(CHANGELOG, "dedup-store", 4_000);
        assertThat(health.remainingRestoreRecords()).isZero();
        assertThat(health.progress()).isEqualTo(new StreamsHealth.RestoreProgress(4_000, 4_000, 0));
    }

    @Test
    void shouldStayReadyThroughRebalancesOnceItHasBeenRunning() {
        final StreamsHealth health = new StreamsHealth();
        health.stateChanged(State.REBALANCING);
        assertThat(health.readiness().ok()).isFalse();
        health.stateChanged(State.RUNNING);
        assertThat(health.readiness()).isEqualTo(CheckResult.ok("streams", "state RUNNING"));
        health.stateChanged(State.REBALANCING);
        assertThat(health.readiness().ok()).isTrue();
        assertThat(health.readiness().detail()).startsWith("state REBALANCING (was RUNNING");
    }

    @Test
    void shouldForgetARestoreSuspendedBecauseTheTaskMovedAway() {
        final StreamsHealth health = new StreamsHealth();
        health.onRestoreStart(CHANGELOG, "dedup-store", 0, 500);
        health.onRestoreSuspended(CHANGELOG, "dedup-store", 200);
        assertThat(health.progress()).isEqualTo(StreamsHealth.RestoreProgress.NONE);
    }

    @ParameterizedTest
    @EnumSource(State.class)
    void shouldFailLivenessOnlyInErrorStates(final State state) {
        final boolean error = state == State.ERROR || state == State.PENDING_ERROR;
        assertThat(StreamsHealth.liveness(state).ok()).isEqualTo(!error);
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"CREATED", "PENDING_SHUTDOWN", "NOT_RUNNING", "PENDING_ERROR", "ERROR"})
    void shouldNotBeReadyWhenNotProcessingWhateverHappenedBefore(final State state) {
        assertThat(StreamsHealth.readiness(state, true, StreamsHealth.RestoreProgress.NONE).ok()).isFalse();
    }
}
