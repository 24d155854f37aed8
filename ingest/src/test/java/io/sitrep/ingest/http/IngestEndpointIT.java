package io.sitrep.ingest.http;

import static io.sitrep.ingest.support.IngestFixture.SCRAPER_A;
import static io.sitrep.ingest.support.IngestFixture.SCRAPER_B;
import static io.sitrep.ingest.support.IngestFixture.TOKEN_A;
import static io.sitrep.ingest.support.IngestFixture.uniqueId;
import static io.sitrep.ingest.support.ReportJson.aReport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.ingest.client.IngestClient;
import io.sitrep.ingest.cli.HttpLineSink;
import io.sitrep.ingest.cli.JsonlLoader;
import io.sitrep.ingest.cli.LoadProgress;
import io.sitrep.ingest.cli.LoadSummary;
import io.sitrep.ingest.client.ReportOutcome;
import io.sitrep.ingest.support.IngestFixture;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /v1/reports} over HTTP against the in-process broker: every status code, batches, dead letters. */
@Tag("integration")
@Timeout(180)
class IngestEndpointIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TWENTY_MIB = 20 * 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static IngestFixture fixture;
    private static IngestFixture.Server server;

    @BeforeAll
    static void start() throws Exception {
        fixture = IngestFixture.start(EmbeddedKafkaBroker.Options.defaults());
        server = fixture.server(IngestLimits.defaults().withMaxBatchLines(50).withMaxBatchBytes(256 * 1024)
                .withMaxBodyBytes(64 * 1024).withRateLimit(0, 1), IngestFixture.tokens());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldAnswer202AndStoreReportOnceWhenTokenMatchesScraper() throws Exception {
        final String id = uniqueId("single");
        final String report = aReport().with("scraperId", SCRAPER_A).with("scraperReportId", id).json();

        final HttpResponse<String> first = post(report, "application/json", TOKEN_A);
        final HttpResponse<String> resend = post(report, "application/json", TOKEN_A);

        assertThat(first.statusCode()).isEqualTo(202);
        final JsonNode body = JSON.readTree(first.body());
        assertThat(body.get("status").asText()).isEqualTo("accepted");
        assertThat(body.get("reportId").asText()).isEqualTo("s:" + SCRAPER_A + ":" + id);
        assertThat(resend.statusCode()).isEqualTo(202);
        final JsonNode again = JSON.readTree(resend.body());
        assertThat(again.get("reportId")).isEqualTo(body.get("reportId"));
        assertThat(again.get("offset")).as("a resend joins the stored record").isEqualTo(body.get("offset"));
        assertThat(raw(body.get("reportId").asText())).singleElement()
                .satisfies(r -> assertThat(r.value().getScraperId()).isEqualTo(SCRAPER_A));
    }

    @Test
    void shouldAnswer401WithChallengeWhenTokenIsMissingOrUnknown() throws Exception {
        final String id = uniqueId("unauth");
        final String report = aReport().with("scraperId", SCRAPER_A).with("scraperReportId", id).json();

        final HttpResponse<String> missing = post(report, "application/json", null);
        final HttpResponse<String> unknown = post(report, "application/json", "not-a-known-token");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(reason(missing)).isEqualTo("MISSING_TOKEN");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(reason(unknown)).isEqualTo("INVALID_TOKEN");
        assertThat(unknown.body()).doesNotContain("not-a-known-token");
        assertThat(raw("s:" + SCRAPER_A + ":" + id)).isEmpty();
    }

    @Test
    void shouldAnswer403AndDeadLetterWhenTokenIsNotBoundToScraper() throws Exception {
        final String id = uniqueId("forbidden");
        final String report = aReport().with("scraperId", SCRAPER_B).with("scraperReportId", id).json();

        final HttpResponse<String> answer = post(report, "application/json", TOKEN_A);

        final RejectedRecord r = refusedAndDeadLettered(answer, 403, "SCRAPER_NOT_ALLOWED", "s:" + SCRAPER_B + ":" + id);
        assertThat(r.getReasonCode()).isEqualTo("SCRAPER_NOT_ALLOWED");
        assertThat(r.getScraperId()).as("the authenticated sender").isEqualTo(SCRAPER_A);
        assertThat(r.getOriginalText()).isEqualTo(report);
    }

    @Test
    void shouldAnswer400AndDeadLetterWithReasonWhenReportIsInvalid() throws Exception {
        final String id = uniqueId("invalid");
        final String report = aReport().with("scraperId", SCRAPER_A).with("scraperReportId", id)
                .with("publishedAt", "2031-01-01T00:00:00Z").json();

        final HttpResponse<String> answer = post(report, "application/json", TOKEN_A);

        final RejectedRecord r = refusedAndDeadLettered(answer, 400, "TIME_IN_FUTURE", "s:" + SCRAPER_A + ":" + id);
        assertThat(r.getStage()).isEqualTo(Stage.INGEST);
        assertThat(r.getReasonCode()).isEqualTo("TIME_IN_FUTURE");
        assertThat(r.getScraperId()).isEqualTo(SCRAPER_A);
        assertThat(r.getOriginalText()).isEqualTo(report);
    }

    @Test
    void shouldAnswer413WhenBodyOrBatchIsTooLarge() throws Exception {
        final String big = aReport().with("scraperId", SCRAPER_A).with("body", "x".repeat(70 * 1024)).json();
        final String manyLines = (aReport().with("scraperId", SCRAPER_A).json() + "\n").repeat(51);

        final HttpResponse<String> tooBig = post(big, "application/json", TOKEN_A);
        final HttpResponse<String> tooMany = post(manyLines, "application/x-ndjson", TOKEN_A);

        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(reason(tooBig)).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(reason(tooMany)).isEqualTo("TOO_MANY_REPORTS");
    }

    @Test
    void shouldAnswer415WhenContentTypeIsNeitherJsonNorNdjson() throws Exception {
        final String report = aReport().with("scraperId", SCRAPER_A).json();

        final HttpResponse<String> answer = post(report, "text/csv", TOKEN_A);

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(reason(answer)).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(post(report, "application/x-ndjson; charset=latin1", TOKEN_A).statusCode()).isEqualTo(415);
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenScraperExceedsItsRate() throws Exception {
        final IngestFixture.Server limited = fixture.server(IngestLimits.defaults().withRateLimit(0.5, 2), IngestFixture.tokens());
        final String batch = aReport().with("scraperId", SCRAPER_A).with("scraperReportId", uniqueId("rate")).json() + "\n"
                + aReport().with("scraperId", SCRAPER_A).with("scraperReportId", uniqueId("rate")).json() + "\n";

        final HttpResponse<String> first = post(limited.endpoint(), batch, "application/x-ndjson", TOKEN_A);
        final HttpResponse<String> second = post(limited.endpoint(), batch, "application/x-ndjson", TOKEN_A);
        final HttpResponse<String> otherScraper = post(limited.endpoint(),
                aReport().with("scraperId", SCRAPER_B).with("scraperReportId", uniqueId("rate")).json(), "application/json",
                IngestFixture.TOKEN_B);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(reason(second)).isEqualTo("RATE_LIMITED");
        assertThat(second.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(s -> assertThat(s)
                .isBetween(1L, 5L));
        assertThat(otherScraper.statusCode()).as("buckets are per scraper").isEqualTo(202);
    }

    @Test
    void shouldStoreGoodLinesAndDeadLetterBadLinesWhenBatchIsMixed() throws Exception {
        final String good1 = uniqueId("mixed");
        final String bad = uniqueId("mixed");
        final String good2 = uniqueId("mixed");
        final String batch = aReport().with("scraperId", SCRAPER_A).with("scraperReportId", good1).json() + "\n"
                + aReport().with("scraperId", SCRAPER_A).with("scraperReportId", bad).without("headline").json() + "\n"
                + "\n"
                + "{not json\n"
                + aReport().with("scraperId", SCRAPER_A).with("scraperReportId", good2).json() + "\r\n";

        final HttpResponse<String> answer = post(batch, "application/x-ndjson", TOKEN_A);

        assertThat(answer.statusCode()).isEqualTo(207);
        final JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asText()).isEqualTo("partial");
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        assertThat(body.get("rejected").asInt()).isEqualTo(2);
        final JsonNode items = body.get("items");
        assertThat(items).hasSize(4);
        assertThat(items.get(0).get("line").asInt()).isEqualTo(1);
        assertThat(items.get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(items.get(1).get("reason").asText()).isEqualTo("MISSING_FIELD");
        assertThat(items.get(2).get("line").asInt()).as("blank line 3 is skipped, numbering is physical").isEqualTo(4);
        assertThat(items.get(2).get("reason").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(items.get(3).get("status").asText()).isEqualTo("accepted");

        assertThat(raw("s:" + SCRAPER_A + ":" + good1)).hasSize(1);
        assertThat(raw("s:" + SCRAPER_A + ":" + good2)).hasSize(1);
        assertThat(raw("s:" + SCRAPER_A + ":" + bad)).isEmpty();
        assertThat(rejected("s:" + SCRAPER_A + ":" + bad)).singleElement()
                .satisfies(r -> assertThat(r.value().getMessage()).startsWith("line 2: "));
    }

    @Test
    void shouldStoreNothingAndAnswer403WhenOneLineOfBatchNamesAnotherScraper() throws Exception {
        final String mine = uniqueId("batch403");
        final String theirs = uniqueId("batch403");
        final String batch = aReport().with("scraperId", SCRAPER_A).with("scraperReportId", mine).json() + "\n"
                + aReport().with("scraperId", SCRAPER_B).with("scraperReportId", theirs).json() + "\n";

        final HttpResponse<String> answer = post(batch, "application/x-ndjson", TOKEN_A);

        assertThat(answer.statusCode()).isEqualTo(403);
        final JsonNode items = JSON.readTree(answer.body()).get("items");
        assertThat(items.get(0).get("status").asText()).isEqualTo("not_processed");
        assertThat(items.get(1).get("reason").asText()).isEqualTo("SCRAPER_NOT_ALLOWED");
        assertThat(raw("s:" + SCRAPER_A + ":" + mine)).isEmpty();
        assertThat(rejected("s:" + SCRAPER_B + ":" + theirs)).hasSize(1);
    }

    @Test
    void shouldDeliverOutcomePerReportWhenClientSubmitsThroughBatches() throws Exception {
        final List<String> ids = List.of(uniqueId("client"), uniqueId("client"), uniqueId("client"));
        try (IngestClient client = IngestClient.builder(server.baseUrl()).token(TOKEN_A).build()) {
            final List<ReportOutcome> outcomes = client.send(List.of(
                    aReport().with("scraperId", SCRAPER_A).with("scraperReportId", ids.get(0)).json(),
                    aReport().with("scraperId", SCRAPER_A).with("scraperReportId", ids.get(1)).with("url", "ftp://x").json(),
                    aReport().with("scraperId", SCRAPER_A).with("scraperReportId", ids.get(2)).json()));

            assertThat(outcomes).extracting(ReportOutcome::status).containsExactly(ReportOutcome.Status.ACCEPTED,
                    ReportOutcome.Status.REJECTED, ReportOutcome.Status.ACCEPTED);
            assertThat(outcomes.get(0).reportId()).isEqualTo("s:" + SCRAPER_A + ":" + ids.get(0));
            assertThat(outcomes.get(1).reason()).isEqualTo("INVALID_URL");
        }
    }

    @Test
    void shouldLoadJsonlOverHttpAndListRejectedLinesWhenLoaderUsesEndpoint() throws Exception {
        final String good = uniqueId("load");
        final String jsonl = aReport().with("scraperId", SCRAPER_A).with("scraperReportId", good).json() + "\n"
                + "# a comment\n"
                + aReport().with("scraperId", SCRAPER_A).with("scraperReportId", uniqueId("load")).without("body").json() + "\n";
        final LoadSummary summary;
        try (IngestClient client = IngestClient.builder(server.baseUrl()).token(TOKEN_A).build()) {
            summary = new JsonlLoader(new HttpLineSink(client, 1 << 20), 100, 1 << 20, Duration.ofSeconds(60))
                    .load(new java.io.ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), "mem", LoadProgress.NONE);
        }

        assertThat(summary.read()).isEqualTo(2);
        assertThat(summary.sent()).isEqualTo(1);
        assertThat(summary.rejectedLines()).singleElement().satisfies(line -> {
            assertThat(line.lineNumber()).isEqualTo(3);
            assertThat(line.code()).isEqualTo("MISSING_FIELD");
        });
        assertThat(raw("s:" + SCRAPER_A + ":" + good)).hasSize(1);
    }

    @Test
    void shouldAnswer413BeforeTheBodyIsSentWhenClientExpectsContinue() throws Exception {
        try (Socket socket = new Socket(server.endpoint().getHost(), server.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(("POST " + server.endpoint().getPath() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + TOKEN_A + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + TWENTY_MIB + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // not one byte of the body sent: the final answer must come anyway
            final String answer = readUntil(socket.getInputStream(), "PAYLOAD_TOO_LARGE");
            assertThat(answer).contains("HTTP/1.1 413").contains("PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void shouldAnswer413NotResetWhenA20MiBBodyIsSentWhole() throws Exception {
        final HttpRequest request = HttpRequest.newBuilder(server.endpoint()).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN_A)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[TWENTY_MIB])).build();

        final HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(reason(answer)).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    /** Reads until {@code marker} was seen or the server closed; what was read. */
    private static String readUntil(final InputStream in, final String marker) throws IOException {
        final StringBuilder read = new StringBuilder();
        final byte[] buffer = new byte[4096];
        int n;
        while (!read.toString().contains(marker) && (n = in.read(buffer)) > 0) {
            read.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
        }
        return read.toString();
    }

    private static List<ConsumerRecord<String, RawReport>> raw(final String reportId) {
        return fixture.readToEnd(fixture.topics().reportsRaw(), r -> reportId.equals(r.key()));
    }

    private static List<ConsumerRecord<String, RejectedRecord>> rejected(final String reportId) {
        return fixture.readToEnd(fixture.topics().reportsRejected(), r -> reportId.equals(r.key()));
    }

    /** The answer refused the report with this status and reason; it is not on the raw topic; its one dead letter. */
    private static RejectedRecord refusedAndDeadLettered(final HttpResponse<String> answer, final int status, final String reason,
                                                         final String reportId) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(reason(answer)).isEqualTo(reason);
        assertThat(raw(reportId)).isEmpty();
        final List<ConsumerRecord<String, RejectedRecord>> rejected = rejected(reportId);
        assertThat(rejected).hasSize(1);
        return rejected.get(0).value();
    }

    private static String reason(final HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("reason").asText();
    }

    private static HttpResponse<String> post(final String body, final String contentType, final String token) throws Exception {
        return post(server.endpoint(), body, contentType, token);
    }

    static HttpResponse<String> post(final URI endpoint, final String body, final String contentType, final String token)
            throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
