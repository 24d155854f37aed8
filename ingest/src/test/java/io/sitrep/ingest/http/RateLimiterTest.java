package io.sitrep.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(10, 20, now::get);

    @Test
    void shouldAllowBurstThenAskToWaitWhenBucketIsEmpty() {
        assertThat(limiter.tryAcquire("a", 20)).isZero();
        assertThat(limiter.tryAcquire("a", 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(limiter.tryAcquire("b", 20)).as("buckets are per scraper").isZero();

        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(limiter.tryAcquire("a", 1)).isZero();
    }

    @Test
    void shouldLetBatchLargerThanBurstThroughOnlyWhenBucketIsFull() {
        assertThat(limiter.tryAcquire("a", 50)).isZero();
        assertThat(limiter.tryAcquire("a", 1)).as("debt of 30 plus one token at 10/s").isEqualTo(Duration.ofMillis(3_100));
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(limiter.tryAcquire("a", 50)).as("bucket at 20 = full").isZero();
    }
}
