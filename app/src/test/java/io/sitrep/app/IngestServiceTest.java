package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.ingest.auth.ScraperTokens;
import io.sitrep.ingest.http.IngestLimits;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import io.sitrep.schemas.serde.SerdeOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ingest as an operator sees it, without a broker (nothing listens on the bootstrap address):
 * its meters in the process's {@code /metrics}, and readiness that fails once shutdown began.
 */
@Timeout(60)
class IngestServiceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NO_BROKER = "127.0.0.1:1";

    @Test
    void shouldServeIngestCountersInTheProcessMetricsAndFailReadinessOnShutdown() throws Exception {
        final TopicSpecs topics = TopicSpecs.create(new InMemorySchemaRegistryClient(), SerdeOptions.defaults());
        final IngestLimits limits = IngestLimits.defaults().withAckDeadline(Duration.ofMillis(300)).withRateLimit(0, 1);
        try (OpsService ops = OpsService.forIngest(NO_BROKER, Map.of(), "http://127.0.0.1:1", null);
             IngestService ingest = IngestService.create(NO_BROKER, topics, code -> true, Map.of(), limits,
                     ScraperTokens.disabled(), ops.registry());
             HttpFront http = HttpFront.bind(0)) {
            ingest.mountOn(http);
            ops.mountOn(http);
            http.start();

            final HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(http.baseUrl() + "/v1/reports"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            final String metrics = get(http, "/metrics").body();

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(metrics).containsPattern("sitrep_ingest_reports_total\\{[^}]*outcome=\"rejected\"[^}]*\\} 1\\.0")
                    .containsPattern("sitrep_ingest_requests_total\\{[^}]*status=\"400\"[^}]*\\} 1\\.0")
                    .contains("sitrep_ingest_request_seconds_bucket");
            assertThat(ops.shutdownCheck().ok()).isTrue();

            ops.beginShutdown();

            final HttpResponse<String> ready = get(http, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("{\"name\":\"shutdown\",\"ok\":false");
        }
    }

    private static HttpResponse<String> get(final HttpFront http, final String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(http.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldFailReadinessFirstThenWaitForRequestsInProgressWhenDraining() throws Exception {
        final SlowHandler slowHandler = new SlowHandler();
        try (OpsService ops = OpsService.forIngest(NO_BROKER, Map.of(), "http://127.0.0.1:1", null);
             HttpFront http = HttpFront.bind(0)) {
            http.mount("/slow", "a request waiting for its acknowledgement", slowHandler);
            ops.mountOn(http);
            http.start();
            final CompletableFuture<HttpResponse<Void>> slow = HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(http.baseUrl() + "/slow")).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(slowHandler.awaitEntered()).isTrue();

            final CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
                try {
                    return ops.drain(http, Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ops.shutdownCheck().ok() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            final HttpResponse<String> ready = get(http, "/readyz");

            assertThat(ready.body()).as("readiness fails while the request is still in progress")
                    .contains("{\"name\":\"shutdown\",\"ok\":false");
            assertThat(drained).isNotDone();
            slowHandler.release();
            assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        }
    }
}
