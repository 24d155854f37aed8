package io.sitrep.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RejectedRecordsTest {
    private static final Instant NOW = Instant.parse("2026-02-27T12:00:00Z");

    @Test
    void shouldCapBytesAndTextAtTheSameSizeWhenOriginalsAreLarge() {
        final byte[] big = "y".repeat(RejectedRecords.MAX_ORIGINAL_BYTES + 10).getBytes(StandardCharsets.UTF_8);

        final RejectedRecord fromKafka = RejectedRecords.withBytes(RejectedRecords.envelope(Stage.DEDUP, "UNDECODABLE", "m", NOW), big).build();
        final RejectedRecord fromIngest = RejectedRecords.withText(RejectedRecords.envelope(Stage.INGEST, "TEXT_TOO_LARGE", "m", NOW), big, false)
                .build();

        assertThat(fromKafka.getOriginalBytes().remaining()).isEqualTo(RejectedRecords.MAX_ORIGINAL_BYTES);
        assertThat(fromKafka.getOriginalTruncated()).isTrue();
        assertThat(fromIngest.getOriginalText()).hasSize(RejectedRecords.MAX_ORIGINAL_BYTES);
        assertThat(fromIngest.getOriginalTruncated()).isTrue();
    }

    @Test
    void shouldKeepSmallOriginalsWholeAndSaySoWhenTheyFit() {
        final RejectedRecord r = RejectedRecords.withBytes(RejectedRecords.envelope(Stage.ATTRIBUTE, "X", "m", NOW),
                new byte[] {1, 2, 3}).build();

        assertThat(r.getOriginalBytes().remaining()).isEqualTo(3);
        assertThat(r.getOriginalTruncated()).isFalse();
        assertThat(r.getRejectedAt()).isEqualTo(NOW);
    }

    @Test
    void shouldMarkTextTruncatedWhenItWasCutBeforeReachingTheFactory() {
        final RejectedRecord r = RejectedRecords.withText(RejectedRecords.envelope(Stage.INGEST, "TEXT_TOO_LARGE", "m", NOW),
                "{\"a\":".getBytes(StandardCharsets.UTF_8), true).build();

        assertThat(r.getOriginalText()).isEqualTo("{\"a\":");
        assertThat(r.getOriginalTruncated()).isTrue();
    }

    @Test
    void shouldCapTheMessageWhenItIsVeryLong() {
        final RejectedRecord r = RejectedRecords.envelope(Stage.INGEST, "MISSING_FIELD", "p; ".repeat(5_000), NOW).build();

        assertThat(r.getMessage()).hasSize(RejectedRecords.MAX_MESSAGE_CHARS + 3).endsWith("...");
    }
}
