package io.sitrep.embedded;

import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an in-process broker from flooding the application's log: at INFO a starting broker logs
 * hundreds of lines. Only loggers that the active log4j2 configuration leaves unconfigured are set
 * to WARN; an explicit level in the application's configuration always wins.
 */
final class BrokerLogging {
    private static final Logger log = LoggerFactory.getLogger(BrokerLogging.class);

    /** The broker's and its internal clients' logger hierarchies. */
    private static final List<String> BROKER_LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger");

    private BrokerLogging() {
    }

    static void quietUnlessConfigured() {
        try {
            if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
                return;
            }
            final Configuration config = context.getConfiguration();
            for (final String name : BROKER_LOGGERS) {
                if (!config.getLoggers().containsKey(name)) {
                    Configurator.setLevel(name, Level.WARN);
                }
            }
        } catch (final LinkageError e) {
            // log4j-core is not on the class path: another backend decides, nothing to do here
            log.debug("log4j-core not available, leaving broker log levels alone", e);
        }
    }
}
