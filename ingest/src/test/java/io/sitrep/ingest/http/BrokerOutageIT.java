package io.sitrep.ingest.http;

import static io.sitrep.ingest.support.IngestFixture.SCRAPER_A;
import static io.sitrep.ingest.support.IngestFixture.TOKEN_A;
import static io.sitrep.ingest.support.IngestFixture.uniqueId;
import static io.sitrep.ingest.support.ReportJson.aReport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.ingest.client.IngestClient;
import io.sitrep.ingest.client.ReportOutcome;
import io.sitrep.ingest.client.RetryPolicy;
import io.sitrep.ingest.support.IngestFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away while scrapers post: ingest must answer 503 with Retry-After and report
 * nothing as stored, and once the broker is back the client's retries must store every report
 * exactly once in {@code sitrep.reports.raw}.
 */
@Tag("integration")
@Timeout(240)
class BrokerOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    private static IngestFixture fixture;
    private static IngestFixture.Server server;

    @BeforeAll
    static void start() throws Exception {
        // a persistent data dir and fixed ports (chosen at first start) so the broker can come back as itself
        fixture = IngestFixture.start(EmbeddedKafkaBroker.Options.defaults().withDataDir(dataDir.resolve("kafka")));
        server = fixture.server(IngestLimits.defaults().withAckDeadline(Duration.ofSeconds(2))
                .withRetryAfter(Duration.ofSeconds(1)).withRateLimit(0, 1), IngestFixture.tokens());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldAnswer503WithoutPartialAcceptanceAndStoreExactlyOnceAfterClientRetriesWhenBrokerComesBack()
            throws Exception {
        // Given: ingest works (schemas registered, producer connected)
        final String warmUp = aReport().with("scraperId", SCRAPER_A).with("scraperReportId", uniqueId("warm")).json();
        assertThat(IngestEndpointIT.post(server.endpoint(), warmUp, "application/json", TOKEN_A).statusCode()).isEqualTo(202);
        final List<String> reports = new ArrayList<>();
        final List<String> reportIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            final String id = uniqueId("outage-" + i);
            reports.add(aReport().with("scraperId", SCRAPER_A).with("scraperReportId", id).json());
            reportIds.add("s:" + SCRAPER_A + ":" + id);
        }
        final String single = aReport().with("scraperId", SCRAPER_A).with("scraperReportId", uniqueId("outage-single")).json();

        // When: the broker stops, a batch and a single report are posted
        fixture.stopBroker();
        final HttpResponse<String> batchAnswer = IngestEndpointIT.post(server.endpoint(), String.join("\n", reports),
                "application/x-ndjson", TOKEN_A);
        final HttpResponse<String> singleAnswer = IngestEndpointIT.post(server.endpoint(), single, "application/json", TOKEN_A);

        // Then: 503 with Retry-After, and no report of the batch is said to be stored
        assertThat(batchAnswer.statusCode()).isEqualTo(503);
        assertThat(batchAnswer.headers().firstValue("Retry-After")).contains("1");
        final JsonNode body = JSON.readTree(batchAnswer.body());
        assertThat(body.get("status").asText()).isEqualTo("unavailable");
        assertThat(body.get("reason").asText()).isIn("PUBLISH_TIMEOUT", "PUBLISH_FAILED");
        assertThat(body.get("accepted").asInt()).isZero();
        assertThat(body.get("items")).hasSize(20).allSatisfy(item -> assertThat(item.get("status").asText()).isEqualTo("unavailable"));
        assertThat(singleAnswer.statusCode()).isEqualTo(503);
        assertThat(singleAnswer.headers().firstValue("Retry-After")).contains("1");

        // When: the client sends the same reports (retrying on 503) and the broker comes back meanwhile
        final List<String> all = new ArrayList<>(reports);
        all.add(single);
        try (IngestClient client = IngestClient.builder(server.baseUrl()).token(TOKEN_A)
                .retry(new RetryPolicy(100, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(90))).build()) {
            final CompletableFuture<List<ReportOutcome>> outcomes = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.send(all);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            fixture.restartBroker();

            // Then: every report accepted, each stored exactly once
            assertThat(outcomes.get(120, TimeUnit.SECONDS)).hasSize(21).allMatch(ReportOutcome::isAccepted);
        }
        final Set<String> wanted = Set.copyOf(reportIds);
        final Map<String, Long> copies = fixture.readToEnd(fixture.topics().reportsRaw(), r -> wanted.contains(r.key()))
                .stream().collect(Collectors.groupingBy(r -> r.key(), Collectors.counting()));
        assertThat(copies).hasSize(20).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
        assertThat(fixture.readToEnd(fixture.topics().reportsRaw(), r -> r.value().getScraperReportId() != null
                && r.value().getScraperReportId().startsWith("outage-single"))).hasSize(1);
    }
}
