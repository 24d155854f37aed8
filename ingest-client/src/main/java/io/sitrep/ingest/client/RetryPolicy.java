package io.sitrep.ingest.client;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how long the client waits before resending after a 503, a 429, a 502/504 or a network
 * error: exponential backoff from {@code initialBackoff} doubling up to {@code maxBackoff}, with
 * full jitter, but never less than the server's {@code Retry-After} (capped at {@code maxBackoff}
 * as well, so a misconfigured server cannot park the scraper for hours). Gives up once
 * {@code giveUpAfter} has passed since the first attempt or after {@code maxAttempts}.
 *
 * @param maxAttempts    attempts in all, the first included (at least 1)
 * @param initialBackoff first wait
 * @param maxBackoff     longest single wait
 * @param giveUpAfter    overall budget per batch
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter) {

    /** Checks the values. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    }

    /** 20 attempts, 200 ms doubling to 30 s, give up after 5 minutes. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(20, Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    /** One attempt, no retries. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The wait before attempt {@code attempt + 1}.
     *
     * @param attempt    attempts made so far (1 after the first)
     * @param retryAfter what the server asked for, or {@code null}
     * @param random     a value in [0, 1) for the jitter
     */
    Duration backoff(final int attempt, final Duration retryAfter, final double random) {
        final long exp = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        final long ceiling = Math.min(maxBackoff.toMillis(), Math.max(0, exp));
        final long jittered = (long) (ceiling * random);
        final long floor = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), maxBackoff.toMillis());
        return Duration.ofMillis(Math.max(jittered, floor));
    }
}
