package io.sitrep.ingest.cli;

import io.sitrep.ingest.publish.Rejections;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReasonCode;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.avro.RejectedRecord;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates each line here and writes it straight to Kafka with the project's serde (the same
 * validator and publisher as the HTTP endpoint). Refused lines go to the rejected topic with the
 * line number in the message; a failed write there is logged, not fatal.
 */
public final class KafkaLineSink implements LineSink {

    private static final Logger log = LoggerFactory.getLogger(KafkaLineSink.class);

    private final ReportValidator validator;
    private final ReportPublisher publisher;
    private final Clock clock;
    private final int maxLineBytes;

    /**
     * @param maxLineBytes only for the message of a truncated line
     */
    public KafkaLineSink(final ReportValidator validator, final ReportPublisher publisher, final Clock clock, final int maxLineBytes) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public CompletableFuture<LineResult> submit(final String source, final int lineNumber, final byte[] bytes,
            final boolean truncated) {
        final String code;
        final String message;
        String scraperId = null;
        String reportId = null;
        if (truncated) {
            code = ReasonCode.TEXT_TOO_LARGE.name();
            message = "the line is longer than " + maxLineBytes + " bytes";
        } else {
            final ValidationResult result = validator.validate(bytes);
            if (result instanceof ValidationResult.Valid valid) {
                return publisher.publish(valid.report()).handle((metadata, error) -> error == null ? LineResult.STORED
                        : LineResult.failed("PUBLISH_FAILED", "send failed: " + describe(error)));
            }
            final ValidationResult.Invalid invalid = (ValidationResult.Invalid) result;
            code = invalid.reason().name();
            message = invalid.summary();
            scraperId = invalid.scraperId();
            reportId = invalid.reportId();
        }
        final RejectedRecord record = Rejections.ingest(code, "line " + lineNumber + " of " + source + ": " + message,
                scraperId, reportId, bytes, clock.instant());
        return publisher.reject(record).handle((metadata, error) -> {
            if (error != null) {
                log.debug("Could not write refusal of line {} to the rejected topic", lineNumber, error);
            }
            return LineResult.rejected(code, message);
        });
    }

    private static String describe(final Throwable error) {
        final Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
