package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The registry could not answer a schema lookup right now: not reachable, a timeout, a 5xx, a 408
 * or a 429. The record itself may be perfectly valid; asking again later is the remedy, not the
 * dead-letter topic. It is still a {@link SerializationException}, so callers that only know that
 * type (a producer's {@code send}, ingest's 503) behave as before; Kafka Streams' error handlers
 * tell it apart and pause instead of rejecting the record.
 */
public final class SchemaRegistryUnavailableException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryUnavailableException(final String message, final SchemaRegistryException cause) {
        super(message, cause);
    }

    /**
     * Whether {@code e} says "not now" rather than "no": status 0 with an I/O cause (refused, reset,
     * timed out), 408, 429 or any 5xx. A 404 for an unknown id, or an answer that does not parse,
     * is a definite answer about the record and stays a plain {@link SerializationException}.
     */
    public static boolean isTransient(final SchemaRegistryException e) {
        final int status = e.httpStatus();
        return status >= 500 || status == 408 || status == 429 || status == 0 && e.getCause() instanceof IOException;
    }

    /** True when {@code error} or one of its causes is this exception. */
    public static boolean isCauseOf(final Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException) {
                return true;
            }
            if (t.getCause() == t) {
                return false;
            }
        }
        return false;
    }

    /** The exception a serde throws for a failed lookup: this one when transient, a plain one otherwise. */
    static SerializationException of(final String message, final SchemaRegistryException e) {
        return isTransient(e) ? new SchemaRegistryUnavailableException(message, e) : new SerializationException(message, e);
    }
}
