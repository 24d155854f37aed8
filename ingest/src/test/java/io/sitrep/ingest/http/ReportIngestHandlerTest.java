package io.sitrep.ingest.http;

import static io.sitrep.ingest.support.ReportJson.aReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.support.RecordingProducer;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReportIngestHandlerTest {

    private static final Instant NOW = Instant.parse("2026-02-27T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RecordingProducer<RawReport> reports = new RecordingProducer<>(false);
    private RecordingProducer<RejectedRecord> rejections = new RecordingProducer<>(true);
    private HttpServer server;
    private ExecutorService executor;
    private URI endpoint;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Test
    void shouldAnswer202OnlyAfterBrokerAcknowledgedWhenReportIsValid() throws Exception {
        startWithDefaults();

        final CompletableFuture<HttpResponse<String>> response = sendAsync(post(aReport().json()));
        final ProducerRecord<String, RawReport> sent = reports.awaitSend();

        assertThat(sent.topic()).isEqualTo(Topics.REPORTS_RAW);
        assertThat(sent.key()).isEqualTo("s:kabul-wire-1:kw-000123");
        // the record is in the producer but not acknowledged: no answer may arrive yet
        assertThatThrownBy(() -> response.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        assertThat(reports.completeNext()).isTrue();
        final HttpResponse<String> answer = response.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        final JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asText()).isEqualTo("accepted");
        assertThat(body.get("reportId").asText()).isEqualTo("s:kabul-wire-1:kw-000123");
        assertThat(body.get("topic").asText()).isEqualTo(Topics.REPORTS_RAW);
        assertThat(body.get("partition").isInt()).isTrue();
        assertThat(body.get("offset").asLong()).isZero();
        assertThat(rejections.history()).isEmpty();
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenSendFails() throws Exception {
        startWithDefaults();

        final CompletableFuture<HttpResponse<String>> response = sendAsync(post(aReport().json()));
        reports.awaitSend();
        reports.errorNext(new NotEnoughReplicasException("isr too small"));

        final HttpResponse<String> answer = response.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("5");
        final JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asText()).isEqualTo("unavailable");
        assertThat(body.get("reason").asText()).isEqualTo("PUBLISH_FAILED");
        assertThat(body.get("reportId").asText()).isEqualTo("s:kabul-wire-1:kw-000123");
    }

    @Test
    void shouldAnswer503WhenAcknowledgementMissesDeadline() throws Exception {
        start(Duration.ofMillis(200), ReportIngestHandler.DEFAULT_MAX_BODY_BYTES);

        final HttpResponse<String> answer = send(post(aReport().json()));

        assertAnswer(answer, 503, "PUBLISH_TIMEOUT");
        assertThat(answer.headers().firstValue("Retry-After")).contains("5");
    }

    @Test
    void shouldAnswer400AndWriteRejectionWhenReportIsInvalid() throws Exception {
        startWithDefaults();

        final HttpResponse<String> answer = send(post(aReport().without("headline").with("url", "nope").json()));

        assertThat(answer.statusCode()).isEqualTo(400);
        final JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asText()).isEqualTo("rejected");
        assertThat(body.get("reason").asText()).isEqualTo("INVALID_URL");
        assertThat(body.get("message").asText()).contains("url").contains("headline");
        assertThat(body.get("problems")).hasSize(2);
        assertThat(body.get("problems").get(1).get("code").asText()).isEqualTo("MISSING_FIELD");
        assertThat(body.get("problems").get(1).get("field").asText()).isEqualTo("headline");
        assertThat(body.get("problems").get(1).get("message").asText()).contains("headline");

        assertThat(reports.history()).isEmpty();
        assertThat(rejections.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(Topics.REPORTS_REJECTED);
            assertThat(record.key()).isEqualTo("s:kabul-wire-1:kw-000123");
            assertThat(record.value().getStage()).isEqualTo(Stage.INGEST);
            assertThat(record.value().getReasonCode()).isEqualTo("INVALID_URL");
            assertThat(record.value().getScraperId()).isEqualTo("kabul-wire-1");
            assertThat(record.value().getOriginalText()).isEqualTo(aReport().without("headline").with("url", "nope").json());
            assertThat(record.value().getOriginalTruncated()).isFalse();
            assertThat(record.value().getRejectedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void shouldStillAnswer400WhenRejectedTopicWriteFails() throws Exception {
        rejections = new RecordingProducer<>(true);
        rejections.sendException = new KafkaException("broker down");
        startWithDefaults();

        final HttpResponse<String> answer = send(post("[1,2]"));

        assertAnswer(answer, 400, "NOT_AN_OBJECT");
    }

    @Test
    void shouldAnswer405WithAllowHeaderWhenMethodIsNotPost() throws Exception {
        startWithDefaults();

        final HttpResponse<String> answer = send(HttpRequest.newBuilder(endpoint).GET().build());

        assertAnswer(answer, 405, "METHOD_NOT_ALLOWED");
        assertThat(answer.headers().firstValue("Allow")).contains("POST");
    }

    @Test
    void shouldAnswer415WhenContentTypeIsNotJsonOrNotUtf8() throws Exception {
        startWithDefaults();

        assertThat(send(post(aReport().json(), "text/plain")).statusCode()).isEqualTo(415);
        assertThat(send(post(aReport().json(), "application/json; charset=ISO-8859-1")).statusCode()).isEqualTo(415);
        assertThat(reports.history()).isEmpty();
        assertThat(rejections.history()).isEmpty();
    }

    @Test
    void shouldAcceptCharsetParameterWhenItIsUtf8() throws Exception {
        startWithDefaults();

        final CompletableFuture<HttpResponse<String>> response =
                sendAsync(post(aReport().json(), "Application/JSON; charset=\"UTF-8\""));
        reports.awaitSend();
        reports.completeNext();

        assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldAnswer413WhenBodyExceedsCap() throws Exception {
        start(ReportIngestHandler.DEFAULT_ACK_DEADLINE, 1024);

        final HttpResponse<String> answer = send(post(aReport().with("body", "x".repeat(2000)).json()));

        assertAnswer(answer, 413, "PAYLOAD_TOO_LARGE");
        assertThat(reports.history()).isEmpty();
    }

    @Test
    void shouldAnswer404WhenPathIsBelowEndpoint() throws Exception {
        startWithDefaults();

        final HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(ReportIngestHandler.PATH + "/42"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(aReport().json())).build();

        assertThat(send(request).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldCountOutcomesWhenRequestsAreAnswered() throws Exception {
        final ReportIngestHandler handler = start(Duration.ofMillis(200), ReportIngestHandler.DEFAULT_MAX_BODY_BYTES);

        send(post("{}"));
        send(post(aReport().json()));

        assertThat(handler.metrics().reportCounts())
                .containsEntry("outcome=\"rejected\",reason=\"MISSING_FIELD\",scraper=\"\"", 1L)
                .containsEntry("outcome=\"unavailable\",reason=\"PUBLISH_TIMEOUT\",scraper=\"kabul-wire-1\"", 1L);
    }

    private ReportIngestHandler start(final Duration ackDeadline, final int maxBodyBytes) throws IOException {
        final ReportValidator validator = new ReportValidator(clock, region -> region.startsWith("AF-"));
        final ReportIngestHandler handler = new ReportIngestHandler(validator, new ReportPublisher(reports, rejections), clock,
                maxBodyBytes, ackDeadline);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext(ReportIngestHandler.PATH, handler);
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + ReportIngestHandler.PATH);
        return handler;
    }

    private ReportIngestHandler startWithDefaults() throws IOException {
        return start(ReportIngestHandler.DEFAULT_ACK_DEADLINE, ReportIngestHandler.DEFAULT_MAX_BODY_BYTES);
    }

    private HttpResponse<String> send(final HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(final HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's status and the reason code of its JSON body. */
    private static void assertAnswer(final HttpResponse<String> answer, final int status, final String reason) throws IOException {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(JSON.readTree(answer.body()).get("reason").asText()).isEqualTo(reason);
    }

    private HttpRequest post(final String json) {
        return post(json, "application/json");
    }

    private HttpRequest post(final String json, final String contentType) {
        return HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
    }
}
