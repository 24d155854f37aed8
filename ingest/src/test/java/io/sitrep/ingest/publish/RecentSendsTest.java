package io.sitrep.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RecentSendsTest {

    private final AtomicLong now = new AtomicLong();
    private final RecentSends sends = new RecentSends(Duration.ofMinutes(1), 3, now::get);
    private final AtomicInteger sent = new AtomicInteger();
    private CompletableFuture<RecordMetadata> pending;

    private CompletableFuture<RecordMetadata> send() {
        sent.incrementAndGet();
        pending = new CompletableFuture<>();
        return pending;
    }

    @Test
    void shouldJoinPendingAndRecentSendWhenSameIdIsResent() {
        final CompletableFuture<RecordMetadata> first = sends.sendOnce("r1", this::send);
        final CompletableFuture<RecordMetadata> whilePending = sends.sendOnce("r1", this::send);
        pending.complete(new RecordMetadata(new TopicPartition("t", 0), 42, 0, 0, 0, 0));

        assertThat(sent).hasValue(1);
        assertThat(whilePending.join().offset()).isEqualTo(42);
        assertThat(sends.sendOnce("r1", this::send).join().offset()).isEqualTo(42);
        assertThat(first.join().offset()).isEqualTo(42);
        assertThat(sends.joined()).isEqualTo(2);
    }

    @Test
    void shouldSendAgainWhenEarlierSendFailedOrExpired() {
        sends.sendOnce("r1", this::send);
        pending.completeExceptionally(new IllegalStateException("broker down"));
        sends.sendOnce("r1", this::send);
        pending.complete(new RecordMetadata(new TopicPartition("t", 0), 1, 0, 0, 0, 0));
        assertThat(sent).hasValue(2);

        now.addAndGet(Duration.ofMinutes(2).toNanos());
        sends.sendOnce("r1", this::send);
        assertThat(sent).hasValue(3);
    }

    @Test
    void shouldStayWithinBoundWhenManyIdsAreSent() {
        for (int i = 0; i < 10; i++) {
            sends.sendOnce("r" + i, this::send);
            pending.complete(new RecordMetadata(new TopicPartition("t", 0), i, 0, 0, 0, 0));
        }
        assertThat(sends.size()).isLessThanOrEqualTo(3);
    }
}
