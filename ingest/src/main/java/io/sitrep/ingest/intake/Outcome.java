package io.sitrep.ingest.intake;

import io.sitrep.ingest.validate.Problem;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What became of one report.
 *
 * @param line      its line (0 for a single report)
 * @param kind      the outcome
 * @param reportId  the report id, when known
 * @param scraperId the sender's scraper id, when known (with a bound credential: the credential's)
 * @param reason    reason code of a refusal or failure, else {@code null}
 * @param message   human description of a refusal or failure (never the payload), else {@code null}
 * @param problems  validation problems of a {@link Kind#REJECTED} report
 * @param stored    where the report was stored ({@link Kind#ACCEPTED}), else {@code null}
 */
public record Outcome(int line, Kind kind, String reportId, String scraperId, String reason, String message,
        List<Problem> problems, RecordMetadata stored) {

    /** The outcomes of a report. */
    public enum Kind {
        /** Stored: the broker acknowledged it. */
        ACCEPTED,
        /** Invalid; final (resending it unchanged fails again). */
        REJECTED,
        /** The sender may not submit for the report's scraper; final. */
        FORBIDDEN,
        /** Not known to be stored (timeout, failed send, shutdown); resending is safe. */
        UNAVAILABLE,
        /** Valid but not sent, because another report of its batch was forbidden. */
        NOT_PROCESSED
    }

    /** Copies the problems. */
    public Outcome {
        problems = List.copyOf(problems);
    }

    /** Refused for good: rejected or forbidden. */
    public boolean refused() {
        return kind == Kind.REJECTED || kind == Kind.FORBIDDEN;
    }
}
