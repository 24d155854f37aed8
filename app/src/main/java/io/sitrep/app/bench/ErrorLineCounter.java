package io.sitrep.app.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Counts the ERROR lines logged during a run (by sitrep, Kafka Streams, the clients and the
 * in-process broker alike): a normal run must log none, so the bench fails a run that did.
 */
final class ErrorLineCounter extends AbstractAppender implements AutoCloseable {
    private final AtomicLong count = new AtomicLong();
    private final AtomicReference<String> first = new AtomicReference<>();
    private final LoggerContext context;

    private ErrorLineCounter(final LoggerContext context) {
        super("sitrep-bench-errors", null, null, true, Property.EMPTY_ARRAY);
        this.context = context;
    }

    /** Attaches a counter to the root logger (every logger here is additive). */
    static ErrorLineCounter install() {
        final LoggerContext context = (LoggerContext) LogManager.getContext(false);
        final ErrorLineCounter counter = new ErrorLineCounter(context);
        counter.start();
        context.getConfiguration().getRootLogger().addAppender(counter, Level.ERROR, null);
        context.updateLoggers();
        return counter;
    }

    @Override
    public void append(final LogEvent event) {
        if (event.getLevel().isMoreSpecificThan(Level.ERROR)) {
            count.incrementAndGet();
            first.compareAndSet(null, event.getLoggerName() + ": " + event.getMessage().getFormattedMessage());
        }
    }

    long count() {
        return count.get();
    }

    /** The first ERROR line's logger and message, or null. */
    String first() {
        return first.get();
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
