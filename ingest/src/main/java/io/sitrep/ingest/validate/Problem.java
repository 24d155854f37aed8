package io.sitrep.ingest.validate;

import java.util.Objects;

/**
 * One thing wrong with a report.
 *
 * @param code    stable reason code
 * @param field   JSON path of the offending field ({@code headline}, {@code hints.regionCode}), or
 *                {@code null} when the problem concerns the whole payload
 * @param message human sentence naming the field and what was expected; never contains the payload
 */
public record Problem(ReasonCode code, String field, String message) {

    /** Checks that code and message are present. */
    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
