package io.sitrep.ingest.cli;

import io.sitrep.ingest.intake.Outcome;
import io.sitrep.ingest.intake.Payload;
import io.sitrep.ingest.intake.ReportIntake;
import io.sitrep.ingest.intake.Sender;
import io.sitrep.ingest.metrics.IngestMetrics;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Writes each line straight to Kafka through the same {@link ReportIntake} as the HTTP endpoint
 * (validation, ids, refusals to the rejected topic with the line in the message), without
 * waiting: the loader bounds what is in flight. The file is trusted: any scraper id is accepted.
 */
public final class KafkaLineSink implements LineSink {

    private final ReportIntake intake;

    /** @param maxLineBytes the loader's line cap, for the message of a cut line */
    public KafkaLineSink(final ReportValidator validator, final ReportPublisher publisher, final Clock clock, final int maxLineBytes) {
        this(new ReportIntake(validator, publisher, clock, new IngestMetrics(), maxLineBytes, JsonlLoader.DEFAULT_ACK_TIMEOUT));
    }

    /** Lines go through {@code intake}. */
    public KafkaLineSink(final ReportIntake intake) {
        this.intake = Objects.requireNonNull(intake, "intake");
    }

    @Override
    public CompletableFuture<LineResult> submit(final String source, final int lineNumber, final byte[] bytes,
            final boolean truncated) {
        return intake.submit(new Payload("line " + lineNumber + " of " + source, lineNumber, bytes, truncated), Sender.ANYONE)
                .thenApply(KafkaLineSink::result);
    }

    private static LineResult result(final Outcome outcome) {
        return switch (outcome.kind()) {
            case ACCEPTED -> LineResult.STORED;
            case REJECTED, FORBIDDEN -> LineResult.rejected(outcome.reason(), outcome.message());
            default -> LineResult.failed(outcome.reason(), outcome.message());
        };
    }
}
