package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadDeathPolicyTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final ThreadDeathPolicy policy = new ThreadDeathPolicy();

    @Test
    void shouldShutDownOnTheFourthNonTransientDeathWithinTheWindow() {
        final Throwable fatal = new MissingSourceTopicException("Missing source topics");
        for (int i = 0; i < ThreadDeathPolicy.REPLACEMENTS; i++) {
            assertThat(policy.onDeath(fatal, T0.plusSeconds(i * 10L))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        assertThat(policy.onDeath(fatal, T0.plusSeconds(40))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void shouldForgetDeathsOlderThanTheWindow() {
        final Throwable fatal = new IllegalStateException("boom");
        for (int i = 0; i < ThreadDeathPolicy.REPLACEMENTS; i++) {
            policy.onDeath(fatal, T0);
        }
        assertThat(policy.onDeath(fatal, T0.plus(ThreadDeathPolicy.WINDOW).plusSeconds(1)))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldAlwaysReplaceThreadsThatDiedOfTheRegistryOrARetriableError() {
        final Throwable registryDown = new StreamsException(new SerializationException("registry not reachable"));
        final Throwable retriable = new StreamsException(new TimeoutException("metadata"));
        for (int i = 0; i < 20; i++) {
            assertThat(policy.onDeath(registryDown, T0.plusSeconds(i))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            assertThat(policy.onDeath(retriable, T0.plusSeconds(i))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
    }
}
