package io.sitrep.streams.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistryOutageTest {

    @Test
    void shouldPauseLongerAfterEachFailureUpToTheCap() {
        final RegistryOutage outage = new RegistryOutage();
        final RuntimeException down = new IllegalStateException("registry down");

        final Duration first = outage.pause("test", down);
        final Duration second = outage.pause("test", down);

        assertThat(first).isBetween(RegistryOutage.FIRST_PAUSE.dividedBy(2), RegistryOutage.FIRST_PAUSE);
        assertThat(second).isBetween(RegistryOutage.FIRST_PAUSE, RegistryOutage.FIRST_PAUSE.multipliedBy(2));
        assertThat(outage.pauses()).isEqualTo(2);
    }
}
