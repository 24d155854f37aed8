package io.sitrep.ingest.http;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per scraper: {@code reportsPerSecond} sustained, {@code burst} at once. A
 * request costs one permit per report it carries.
 *
 * <p>A request larger than the burst is let in when the bucket is full and leaves it in debt, so
 * a batch of any allowed size can pass and the scraper then waits for the debt to be repaid.
 * Otherwise a big batch could never get through while small ones keep the bucket low.
 *
 * <p>Buckets are never evicted: their number is bounded by the number of scraper ids in the token
 * file (or one, {@code "*"}, when authentication is disabled). Thread-safe.
 */
public final class RateLimiter {

    private final double permitsPerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param reportsPerSecond sustained rate per scraper; {@code <= 0} disables limiting
     * @param burst            bucket size in reports, at least 1
     * @param nanoTime         monotonic clock ({@code System::nanoTime}; a fake in tests)
     */
    public RateLimiter(final double reportsPerSecond, final int burst, final LongSupplier nanoTime) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
        this.permitsPerNano = reportsPerSecond / 1e9;
        this.burst = burst;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** A limiter that lets everything through. */
    public static RateLimiter unlimited() {
        return new RateLimiter(0, 1, System::nanoTime);
    }

    /** Whether a rate is enforced at all. */
    public boolean enabled() {
        return permitsPerNano > 0;
    }

    /**
     * Takes {@code permits} from {@code scraper}'s bucket if it has them (or is full).
     *
     * @return {@link Duration#ZERO} when taken; otherwise how long until the request would pass
     */
    public Duration tryAcquire(final String scraper, final int permits) {
        if (!enabled()) {
            return Duration.ZERO;
        }
        final Bucket bucket = buckets.computeIfAbsent(scraper, s -> new Bucket(burst, nanoTime.getAsLong()));
        synchronized (bucket) {
            final long now = nanoTime.getAsLong();
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedNanos) * permitsPerNano);
            bucket.updatedNanos = now;
            final double needed = Math.min(permits, burst);
            if (bucket.tokens >= needed) {
                bucket.tokens -= permits;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((needed - bucket.tokens) / permitsPerNano));
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(final double tokens, final long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }
}
