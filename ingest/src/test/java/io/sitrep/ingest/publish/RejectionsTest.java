package io.sitrep.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.ingest.validate.Problem;
import io.sitrep.ingest.validate.ReasonCode;
import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionsTest {

    private static final Instant NOW = Instant.parse("2026-02-27T12:00:00Z");

    @Test
    void shouldCarryFirstCodeAllMessagesAndSenderWhenBuiltFromValidation() {
        final ValidationResult.Invalid invalid = new ValidationResult.Invalid(List.of(
                new Problem(ReasonCode.MISSING_FIELD, "headline", "headline is required"),
                new Problem(ReasonCode.INVALID_URL, "url", "url is not a URL")), "kabul-wire-1", "s:kabul-wire-1:7");

        final RejectedRecord rejected = Rejections.forInvalid(invalid, "{\"x\":1}".getBytes(StandardCharsets.UTF_8), NOW);

        assertThat(rejected.getStage()).isEqualTo(Stage.INGEST);
        assertThat(rejected.getReasonCode()).isEqualTo("MISSING_FIELD");
        assertThat(rejected.getMessage()).isEqualTo("headline is required; url is not a URL");
        assertThat(rejected.getScraperId()).isEqualTo("kabul-wire-1");
        assertThat(rejected.getReportId()).isEqualTo("s:kabul-wire-1:7");
        assertThat(rejected.getOriginalText()).isEqualTo("{\"x\":1}");
        assertThat(rejected.getOriginalTruncated()).isFalse();
        assertThat(rejected.getRejectedAt()).isEqualTo(NOW);
    }

    @Test
    void shouldCapOriginalAtCharacterBoundaryWhenLargerThan64KiB() {
        // 'خ' is two bytes in UTF-8 and the cap is even, so an odd prefix forces a boundary decision
        final String original = "x" + "خ".repeat(40_000);

        final RejectedRecord rejected = Rejections.ingest("TEXT_TOO_LARGE", "too large", null, null,
                original.getBytes(StandardCharsets.UTF_8), NOW);

        final byte[] kept = rejected.getOriginalText().getBytes(StandardCharsets.UTF_8);
        assertThat(kept.length).isLessThanOrEqualTo(Rejections.MAX_ORIGINAL_BYTES).isGreaterThan(Rejections.MAX_ORIGINAL_BYTES - 2);
        assertThat(original).startsWith(rejected.getOriginalText());
        assertThat(rejected.getOriginalTruncated()).isTrue();
    }

    @Test
    void shouldKeepInvalidUtf8AsReplacementCharactersWhenOriginalIsNotUtf8() {
        final RejectedRecord rejected = Rejections.ingest("INVALID_UTF8", "bad bytes", null, null,
                new byte[] {'{', (byte) 0xE9, '}'}, NOW);

        assertThat(rejected.getOriginalText()).isEqualTo("{\uFFFD}");
    }

    @Test
    void shouldLeaveOriginalEmptyWhenNoPayload() {
        final RejectedRecord rejected = Rejections.ingest("MALFORMED_JSON", "m", null, null, null, NOW);

        assertThat(rejected.getOriginalText()).isNull();
        assertThat(rejected.getOriginalTruncated()).isFalse();
    }
}
