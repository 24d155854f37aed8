package io.sitrep.ingest.publish;

import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.RejectedRecords;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import java.time.Instant;

/**
 * The {@link RejectedRecord} that ingest writes for a refused report: stage {@link Stage#INGEST},
 * the reason code, a human message, what is known about the sender, and the original payload as
 * text. Sizes follow the one policy of {@link RejectedRecords} (original capped at
 * {@value #MAX_ORIGINAL_BYTES} UTF-8 bytes; bytes that are not UTF-8 kept as U+FFFD, since
 * {@code originalBytes} is reserved for records that came from Kafka). Pure functions.
 */
public final class Rejections {

    /** Cap on {@code originalText}: {@link RejectedRecords#MAX_ORIGINAL_BYTES}. */
    public static final int MAX_ORIGINAL_BYTES = RejectedRecords.MAX_ORIGINAL_BYTES;

    private Rejections() {
    }

    /**
     * The refusal of a report that failed validation: reason = first problem's code, message = all
     * problem messages.
     *
     * @param invalid    the validation outcome
     * @param original   the payload as received
     * @param rejectedAt when ingest refused it
     */
    public static RejectedRecord forInvalid(final ValidationResult.Invalid invalid, final byte[] original,
            final Instant rejectedAt) {
        return ingest(invalid.reason().name(), invalid.summary(), invalid.scraperId(), invalid.reportId(), original,
                rejectedAt);
    }

    /**
     * Any ingest refusal.
     *
     * @param reasonCode stable reason code
     * @param message    human description
     * @param scraperId  the sender, when known
     * @param reportId   the report id, when known
     * @param original   the payload (or the part of it that was read); may be {@code null}
     * @param rejectedAt when ingest refused it
     */
    public static RejectedRecord ingest(final String reasonCode, final String message, final String scraperId,
            final String reportId, final byte[] original, final Instant rejectedAt) {
        return ingest(reasonCode, message, scraperId, reportId, original, false, rejectedAt);
    }

    /** As {@link #ingest(String, String, String, String, byte[], Instant)}, for a payload already cut at a cap. */
    public static RejectedRecord ingest(final String reasonCode, final String message, final String scraperId,
            final String reportId, final byte[] original, final boolean cutBefore, final Instant rejectedAt) {
        return RejectedRecords.withText(RejectedRecords.envelope(Stage.INGEST, reasonCode, message, rejectedAt)
                .setScraperId(scraperId).setReportId(reportId), original, cutBefore).build();
    }
}
