package io.sitrep.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What to do when a stream thread dies: replace it, or shut the client down into ERROR so the
 * process exits and is restarted with backoff.
 *
 * <ul>
 *   <li>A <b>transient</b> cause is always replaced: a {@link SerializationException} (a bad record
 *       never kills a thread, the error handlers dead-letter it; a serde fails the thread only
 *       when the schema registry does not answer, and the new thread retries the same records
 *       from the last commit) or a Kafka {@link RetriableException}.</li>
 *   <li>Any other cause is replaced at most {@value #REPLACEMENTS} times within {@link #WINDOW};
 *       the next one shuts the client down: replacing threads that die of the same error again
 *       and again only hides it.</li>
 * </ul>
 */
final class ThreadDeathPolicy {
    static final int REPLACEMENTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final Deque<Instant> replaced = new ArrayDeque<>();

    synchronized StreamThreadExceptionResponse onDeath(final Throwable cause, final Instant now) {
        if (isTransient(cause)) {
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        while (!replaced.isEmpty() && replaced.peekFirst().isBefore(now.minus(WINDOW))) {
            replaced.removeFirst();
        }
        if (replaced.size() >= REPLACEMENTS) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replaced.addLast(now);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    static boolean isTransient(final Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SerializationException || t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }
}
