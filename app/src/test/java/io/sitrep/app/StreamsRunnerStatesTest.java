package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/** The instance's state from its clients' (one Kafka Streams client per stream thread). */
class StreamsRunnerStatesTest {

    @Test
    void shouldBeRunningOnlyWhenEveryClientIs() {
        assertThat(StreamsRunner.combined(State.RUNNING, State.RUNNING)).isEqualTo(State.RUNNING);
        assertThat(StreamsRunner.combined(State.RUNNING, State.REBALANCING)).isEqualTo(State.REBALANCING);
        assertThat(StreamsRunner.combined(State.CREATED, State.RUNNING)).isEqualTo(State.CREATED);
        assertThat(StreamsRunner.combined(State.RUNNING)).isEqualTo(State.RUNNING);
    }

    @Test
    void shouldBeInErrorAsSoonAsOneClientIs() {
        assertThat(StreamsRunner.combined(State.RUNNING, State.ERROR)).isEqualTo(State.ERROR);
        assertThat(StreamsRunner.combined(State.PENDING_ERROR, State.REBALANCING)).isEqualTo(State.PENDING_ERROR);
        assertThat(StreamsRunner.combined(State.NOT_RUNNING, State.ERROR)).isEqualTo(State.ERROR);
    }

    @Test
    void shouldBeShuttingDownWhileAnyClientIsAndNoneFailed() {
        assertThat(StreamsRunner.combined(State.PENDING_SHUTDOWN, State.RUNNING)).isEqualTo(State.PENDING_SHUTDOWN);
        assertThat(StreamsRunner.combined(State.NOT_RUNNING, State.PENDING_SHUTDOWN)).isEqualTo(State.NOT_RUNNING);
    }
}
