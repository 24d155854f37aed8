package io.sitrep.streams.error;

import io.sitrep.schemas.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stream thread does when the schema registry cannot answer (unreachable, timeout, 5xx):
 * the record is valid, so it must not go to the rejected topic. The handler waits here (doubling,
 * jittered, 1 s up to 30 s) and then fails the thread; the application replaces it
 * ({@code REPLACE_THREAD}) and the new thread reads again from the last committed offset, with
 * exactly-once aborting whatever the failed one had written. So processing pauses and retries the
 * same records until the registry is back; nothing is skipped. One instance per Kafka Streams
 * client, shared by its threads through the streams config.
 *
 * <p>The wait stays well below {@code max.poll.interval.ms} (5 min for Kafka Streams), so the
 * group does not evict the member while it waits.
 */
public final class RegistryOutage {
    private static final Logger log = LoggerFactory.getLogger(RegistryOutage.class);
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    /** After this long without a failure the next outage starts again from the first pause. */
    private static final Duration RESET_AFTER = Duration.ofMinutes(2);

    private long nextPauseMillis = FIRST_PAUSE.toMillis();
    private long lastFailureNanos;
    private long pauses;

    /** True when {@code error} means the registry could not answer, not that the record is bad. */
    public static boolean isCauseOf(final Throwable error) {
        return SchemaRegistryUnavailableException.isCauseOf(error);
    }

    /** Waits before the caller fails the thread; returns how long it waited. */
    public Duration pause(final String where, final Throwable error) {
        final long millis = nextPause();
        log.warn("Schema registry unavailable while {}; pausing {} ms, then retrying from the last commit. error=[{}]",
                where, millis, error.getMessage());
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Duration.ofMillis(millis);
    }

    /** How many pauses this client has taken so far. */
    public synchronized long pauses() {
        return pauses;
    }

    private synchronized long nextPause() {
        final long now = System.nanoTime();
        if (pauses > 0 && now - lastFailureNanos > RESET_AFTER.toNanos()) {
            nextPauseMillis = FIRST_PAUSE.toMillis();
        }
        lastFailureNanos = now;
        pauses++;
        final long base = nextPauseMillis;
        nextPauseMillis = Math.min(base * 2, MAX_PAUSE.toMillis());
        // jitter on the upper half: instances that lost the registry together do not retry in lockstep
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }
}
