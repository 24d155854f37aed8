package io.sitrep.streams.error;

import java.util.Map;
import org.apache.kafka.common.Configurable;

/** What both dead-letter handlers share: their settings, and the pause when the registry is down. */
abstract class DeadLetterHandler implements Configurable {
    DeadLetterConfig config;

    @Override
    public void configure(final Map<String, ?> configs) {
        config = DeadLetterConfig.from(configs);
    }

    /**
     * True when the schema registry not answering caused {@code exception}: then the thread has
     * paused ({@link RegistryOutage}), and the record is no defect of its own and must not be rejected.
     */
    final boolean pausedForOutage(final String what, final Exception exception) {
        if (!RegistryOutage.isCauseOf(exception)) {
            return false;
        }
        config.outage().pause(what, exception);
        return true;
    }
}
