package io.sitrep.streams.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The holds on a mock consumer: which partitions the wrapped consumer has paused, and what Kafka Streams is shown. */
class DownstreamFirstConsumerTest {
    private static final TopicPartition RAW_0 = new TopicPartition("raw", 0);
    private static final TopicPartition RAW_1 = new TopicPartition("raw", 1);
    private static final TopicPartition INDEX = new TopicPartition("to-index", 0);
    private static final TopicPartition CLOCK = new TopicPartition("clock", 0);

    private MockConsumer<byte[], byte[]> mock;
    private DownstreamFirstConsumer consumer;

    @BeforeEach
    void assign() {
        mock = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        consumer = new DownstreamFirstConsumer(mock, new FlowOrder(List.of("raw", "to-index")));
        consumer.assign(List.of(RAW_0, RAW_1, INDEX, CLOCK));
        mock.updateBeginningOffsets(Map.of(RAW_0, 0L, RAW_1, 0L, INDEX, 0L, CLOCK, 0L));
        mock.updateEndOffsets(Map.of(RAW_0, 100L, RAW_1, 100L, INDEX, 0L, CLOCK, 0L));
    }

    private void indexBacklog(final long records) {
        mock.updateEndOffsets(Map.of(INDEX, consumer.position(INDEX) + records));
    }

    /** A first poll (positions), then a poll that sees {@code records} committed on the index's hop and not fetched yet. */
    private void pollWithIndexBacklog(final long records) {
        consumer.poll(Duration.ZERO);
        indexBacklog(records);
        consumer.poll(Duration.ZERO);
    }

    @Test
    void shouldTellCommitWhenIdleWhenAnInputIsABacklogBehind() {
        CommitWhenIdle.forgetThisThread();
        final CommitWhenIdle<String, String> stage = new CommitWhenIdle<>();
        final int[] commits = new int[1];
        @SuppressWarnings("unchecked")
        final org.apache.kafka.streams.processor.api.FixedKeyProcessorContext<String, String> context =
                (org.apache.kafka.streams.processor.api.FixedKeyProcessorContext<String, String>) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(), new Class<?>[] {org.apache.kafka.streams.processor.api.FixedKeyProcessorContext.class},
                        (proxy, method, args) -> {
                            commits[0] += "commit".equals(method.getName()) ? 1 : 0;
                            return null;
                        });
        stage.init(context);
        stage.process(org.apache.kafka.streams.processor.api.InternalFixedKeyRecordFactory.create(
                new org.apache.kafka.streams.processor.api.Record<>("k", "v", 1L)));
        final long idle = System.nanoTime() + CommitWhenIdle.IDLE.toNanos();
        // the raw partitions are 100 records behind: no backlog
        consumer.poll(Duration.ZERO);
        assertThat(stage.maybeAskForCommit(idle)).isFalse();
        pollWithIndexBacklog(CommitWhenIdle.BACKLOG_RECORDS);
        assertThat(stage.maybeAskForCommit(idle)).isTrue();
        assertThat(commits[0]).isEqualTo(1);
    }

    @Test
    void shouldFetchEverythingWhileTheIndexIsCaughtUp() {
        consumer.poll(Duration.ZERO);
        assertThat(mock.paused()).isEmpty();
        assertThat(consumer.held()).isEmpty();
    }

    @Test
    void shouldHoldTheRawReportsWhileTheIndexHasCommittedRecordsToFetchAndReleaseThemAfter() {
        pollWithIndexBacklog(5);
        assertThat(mock.paused()).containsExactlyInAnyOrder(RAW_0, RAW_1);
        assertThat(consumer.paused()).as("Kafka Streams sees only its own pauses").isEmpty();

        indexBacklog(0);
        consumer.poll(Duration.ZERO);
        assertThat(mock.paused()).isEmpty();
    }

    @Test
    void shouldKeepAPartitionThatKafkaStreamsPausedPausedWhenTheHoldEnds() {
        pollWithIndexBacklog(5);
        consumer.pause(List.of(RAW_0));
        assertThat(consumer.paused()).containsExactly(RAW_0);

        indexBacklog(0);
        consumer.poll(Duration.ZERO);
        assertThat(mock.paused()).containsExactly(RAW_0);
        consumer.resume(List.of(RAW_0));
        assertThat(mock.paused()).isEmpty();
    }

    @Test
    void shouldKeepAHeldPartitionPausedWhenKafkaStreamsResumesIt() {
        pollWithIndexBacklog(5);
        consumer.pause(List.of(RAW_1));
        consumer.resume(List.of(RAW_1));
        assertThat(mock.paused()).containsExactlyInAnyOrder(RAW_0, RAW_1);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void shouldNotLetAnInputThatKafkaStreamsPausedHoldTheOthers() {
        consumer.poll(Duration.ZERO);
        consumer.pause(List.of(INDEX)); // e.g. its task's buffer is full, or the task is restoring
        indexBacklog(5);
        consumer.poll(Duration.ZERO);
        assertThat(mock.paused()).containsExactly(INDEX);
    }

    @Test
    void shouldForgetHoldsOnPartitionsNoLongerAssigned() {
        pollWithIndexBacklog(5);
        assertThat(consumer.held()).containsExactlyInAnyOrder(RAW_0, RAW_1);
        consumer.assign(List.of(INDEX)); // the raw partitions went to another thread
        indexBacklog(0);
        // resuming a partition no longer assigned would throw in a real consumer
        consumer.poll(Duration.ZERO);
        assertThat(consumer.held()).isEmpty();
        assertThat(Set.copyOf(consumer.assignment())).containsExactly(INDEX);
    }
}
