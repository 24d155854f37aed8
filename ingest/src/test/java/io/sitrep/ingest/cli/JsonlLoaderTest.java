package io.sitrep.ingest.cli;

import static io.sitrep.ingest.support.ReportJson.aReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.support.RecordingProducer;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class JsonlLoaderTest {

    private static final Instant NOW = Instant.parse("2026-02-27T12:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ReportValidator validator = new ReportValidator(clock, region -> true);

    @Test
    void shouldSendValidLinesAndRejectInvalidOnesWhenLoadingFile(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("reports.jsonl");
        Files.writeString(file, String.join("\n",
                "# sample corpus, day 1",
                aReport().with("scraperReportId", "a").json(),
                "",
                "   ",
                aReport().with("scraperReportId", "b").without("headline").json(),
                "  # indented comment",
                "{not json",
                aReport().with("scraperReportId", "c").json() + "\r",
                aReport().with("scraperReportId", "d").json()), StandardCharsets.UTF_8);
        final RecordingProducer<RawReport> reports = new RecordingProducer<>(true);
        final RecordingProducer<RejectedRecord> rejections = new RecordingProducer<>(true);
        final List<int[]> progress = new ArrayList<>();

        final LoadSummary summary = new JsonlLoader(validator, new ReportPublisher(reports, rejections), clock)
                .load(file, (read, sent, rejected, failed) -> progress.add(new int[] {read, sent, rejected, failed}));

        assertThat(summary.read()).isEqualTo(5);
        assertThat(summary.sent()).isEqualTo(3);
        assertThat(summary.rejected()).isEqualTo(2);
        assertThat(summary.failed()).isZero();
        assertThat(summary.clean()).isFalse();
        assertThat(summary.rejectedLines()).extracting(LoadSummary.RejectedLine::lineNumber, LoadSummary.RejectedLine::code)
                .containsExactly(tuple(5, "MISSING_FIELD"),
                        tuple(7, "MALFORMED_JSON"));
        assertThat(reports.history()).extracting(r -> r.key())
                .containsExactly("s:kabul-wire-1:a", "s:kabul-wire-1:c", "s:kabul-wire-1:d");
        assertThat(rejections.history()).hasSize(2).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo(Topics.REPORTS_REJECTED);
            assertThat(r.value().getStage()).isEqualTo(Stage.INGEST);
        });
        assertThat(rejections.history().get(0).value().getMessage()).startsWith("line 5 of reports.jsonl: ");
        assertThat(rejections.history().get(0).key()).isEqualTo("s:kabul-wire-1:b");
        assertThat(progress).last().isEqualTo(new int[] {5, 3, 2, 0});
    }

    @Test
    void shouldReturnOnlyAfterEveryAckWhenSendsCompleteLater() throws Exception {
        final RecordingProducer<RawReport> reports = new RecordingProducer<>(false);
        final JsonlLoader loader = new JsonlLoader(validator, new ReportPublisher(reports, new RecordingProducer<>(true)),
                clock, 2, JsonlLoader.DEFAULT_MAX_LINE_BYTES, Duration.ofSeconds(10));
        final String jsonl = aReport().with("scraperReportId", "a").json() + "\n"
                + aReport().with("scraperReportId", "b").json() + "\n"
                + aReport().with("scraperReportId", "c").json() + "\n";

        final CompletableFuture<LoadSummary> load = CompletableFuture.supplyAsync(() -> {
            try {
                return loader.load(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), "mem", LoadProgress.NONE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reports.awaitSend();
        reports.awaitSend();
        // two in flight is the bound: the third line waits for a slot, and the load is not done
        assertThat(load).isNotDone();
        reports.completeNext();
        reports.awaitSend();
        reports.errorNext(new TimeoutException("expired"));
        assertThat(load).isNotDone();
        reports.completeNext();

        final LoadSummary summary = load.get(10, TimeUnit.SECONDS);
        assertThat(summary.read()).isEqualTo(3);
        assertThat(summary.sent()).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.failedLines()).singleElement().satisfies(line -> {
            assertThat(line.lineNumber()).isEqualTo(2);
            assertThat(line.code()).isEqualTo("PUBLISH_FAILED");
        });
    }

    @Test
    void shouldCountUnacknowledgedAsFailedWhenAckTimeoutPasses() throws Exception {
        final RecordingProducer<RawReport> reports = new RecordingProducer<>(false);
        final JsonlLoader loader = new JsonlLoader(validator, new ReportPublisher(reports, new RecordingProducer<>(true)),
                clock, 10, JsonlLoader.DEFAULT_MAX_LINE_BYTES, Duration.ofMillis(200));

        final LoadSummary summary = loader.load(new ByteArrayInputStream(aReport().bytes()), "mem", LoadProgress.NONE);

        assertThat(summary.sent()).isZero();
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.failedLines()).extracting(LoadSummary.RejectedLine::code).containsExactly("PUBLISH_TIMEOUT");
    }

    @Test
    void shouldRejectLineWithoutBufferingItWhenLineExceedsCap() throws Exception {
        final RecordingProducer<RejectedRecord> rejections = new RecordingProducer<>(true);
        final JsonlLoader loader = new JsonlLoader(validator, new ReportPublisher(new RecordingProducer<>(true), rejections),
                clock, 10, 1024, Duration.ofSeconds(5));
        final String jsonl = aReport().with("body", "x".repeat(5000)).json() + "\n" + aReport().json() + "\n";

        final LoadSummary summary = loader.load(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), "mem",
                LoadProgress.NONE);

        assertThat(summary.sent()).isEqualTo(1);
        assertThat(summary.rejectedLines()).extracting(LoadSummary.RejectedLine::code).containsExactly("TEXT_TOO_LARGE");
        assertThat(rejections.history()).singleElement().satisfies(r -> {
            assertThat(r.value().getOriginalText()).hasSize(1024);
            assertThat(r.value().getReasonCode()).isEqualTo("TEXT_TOO_LARGE");
        });
    }

    @Test
    void shouldRejectWithInvalidUtf8WhenLineIsNotUtf8() throws Exception {
        final byte[] latin1 = (aReport().with("headline", "Kabul café").json() + "\n").getBytes(StandardCharsets.ISO_8859_1);
        final JsonlLoader loader = new JsonlLoader(validator,
                new ReportPublisher(new RecordingProducer<>(true), new RecordingProducer<>(true)), clock);

        final LoadSummary summary = loader.load(new ByteArrayInputStream(latin1), "mem", LoadProgress.NONE);

        assertThat(summary.rejectedLines()).extracting(LoadSummary.RejectedLine::code).containsExactly("INVALID_UTF8");
    }

    @Test
    void shouldReportCleanWhenFileHasOnlyValidReportsAndComments() throws Exception {
        final String jsonl = "#only a comment\n" + aReport().json() + "\n\n";
        final JsonlLoader loader = new JsonlLoader(validator,
                new ReportPublisher(new RecordingProducer<>(true), new RecordingProducer<>(true)), clock);

        final LoadSummary summary = loader.load(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), "mem",
                LoadProgress.NONE);

        assertThat(summary.clean()).isTrue();
        assertThat(summary.read()).isEqualTo(1);
        assertThat(summary.sent()).isEqualTo(1);
    }
}
