package io.sitrep.ingest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a scripted stub: each request is answered by the next script step. */
@Timeout(30)
class IngestClientTest {

    private final Deque<Function<List<String>, Answer>> script = new ArrayDeque<>();
    private final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;
    private IngestClient client;

    private record Answer(int status, String body, Map<String, String> headers) {
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void shouldRetryOnlyUnavailableReportsAfterRetryAfterWhenBatchGets503() throws Exception {
        script.add(lines -> new Answer(503, "{\"status\":\"unavailable\",\"reason\":\"PUBLISH_TIMEOUT\",\"items\":["
                + "{\"line\":1,\"status\":\"unavailable\",\"reportId\":\"r1\"},"
                + "{\"line\":2,\"status\":\"rejected\",\"reason\":\"MISSING_FIELD\",\"message\":\"headline is required\"}]}",
                Map.of("Retry-After", "1")));
        script.add(lines -> acceptAll(lines));
        start(RetryPolicy.defaults());

        final List<ReportOutcome> outcomes = client.send(List.of("{\"a\":1}", "{\n\"b\":2\n}"));

        assertThat(outcomes).extracting(ReportOutcome::status)
                .containsExactly(ReportOutcome.Status.ACCEPTED, ReportOutcome.Status.REJECTED);
        assertThat(outcomes.get(1).reason()).isEqualTo("MISSING_FIELD");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).containsExactly("{\"a\":1}", "{ \"b\":2 }");
        assertThat(requests.get(1)).containsExactly("{\"a\":1}");
        assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
        assertThat(authorizations).containsOnly("Bearer t0ken");
    }

    @Test
    void shouldRetryWholeBatchWhenRateLimited() throws Exception {
        script.add(lines -> new Answer(429, "{\"status\":\"error\",\"reason\":\"RATE_LIMITED\"}", Map.of("Retry-After", "1")));
        script.add(lines -> acceptAll(lines));
        start(RetryPolicy.defaults());

        assertThat(client.send(List.of("{}", "{}"))).allMatch(ReportOutcome::isAccepted);
        assertThat(requests).hasSize(2);
    }

    @Test
    void shouldSplitBatchWhenServerAnswers413() throws Exception {
        script.add(lines -> new Answer(413, "{\"status\":\"error\",\"reason\":\"TOO_MANY_REPORTS\"}", Map.of()));
        script.add(lines -> acceptAll(lines));
        script.add(lines -> acceptAll(lines));
        start(RetryPolicy.defaults());

        assertThat(client.send(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"))).allMatch(ReportOutcome::isAccepted);
        assertThat(requests).extracting(List::size).containsExactly(3, 1, 2);
    }

    @Test
    void shouldFailWithoutRetryWhenUnauthorized() throws Exception {
        script.add(lines -> new Answer(401, "{\"status\":\"error\",\"reason\":\"INVALID_TOKEN\",\"message\":\"unknown\"}", Map.of()));
        start(RetryPolicy.defaults());

        final CompletableFuture<ReportOutcome> outcome = client.submit("{}");

        assertThatThrownBy(() -> outcome.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IngestException.class)
                .cause().satisfies(e -> {
                    assertThat(((IngestException) e).status()).isEqualTo(401);
                    assertThat(((IngestException) e).reason()).isEqualTo("INVALID_TOKEN");
                    assertThat(((IngestException) e).retryable()).isFalse();
                });
        assertThat(requests).hasSize(1);
    }

    @Test
    void shouldGiveUpWithRetryableExceptionWhenAttemptsRunOut() throws Exception {
        for (int i = 0; i < 3; i++) {
            script.add(lines -> new Answer(503, "not json", Map.of()));
        }
        start(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(10)));

        assertThatThrownBy(() -> client.send(List.of("{}"))).isInstanceOf(IngestException.class)
                .satisfies(e -> assertThat(((IngestException) e).retryable()).isTrue())
                .hasMessageContaining("3 attempts");
        assertThat(requests).hasSize(3);
    }

    @Test
    void shouldBatchSubmittedReportsAndCompleteEachFuture() throws Exception {
        for (int i = 0; i < 10; i++) {
            script.add(lines -> acceptAll(lines));
        }
        start(RetryPolicy.defaults());

        final List<CompletableFuture<ReportOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(client.submit("{\"n\":" + i + "}"));
        }
        client.flush();

        assertThat(futures).allSatisfy(f -> assertThat(f.join().isAccepted()).isTrue());
        assertThat(requests.stream().mapToInt(List::size).sum()).isEqualTo(50);
        assertThat(requests.size()).isLessThan(50);
    }

    @Test
    void shouldParseAnswersWhenJsonUsesEscapes() {
        final Object parsed = Json.parse("{\"a\":[1,2.5,true,null,\"x\\n\\u0041\\\"\"],\"b\":{}}");
        assertThat(parsed).isEqualTo(Map.of("a", java.util.Arrays.asList(1L, 2.5, true, null, "x\nA\""), "b", Map.of()));
        assertThatThrownBy(() -> Json.parse("{\"a\":}")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Answer acceptAll(final List<String> lines) {
        final StringBuilder items = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            items.append(i == 0 ? "" : ",").append("{\"line\":").append(i + 1).append(",\"status\":\"accepted\",\"reportId\":\"r")
                    .append(i + 1).append("\"}");
        }
        return new Answer(202, "{\"status\":\"accepted\",\"items\":[" + items + "]}", Map.of());
    }

    private void start(final RetryPolicy policy) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(IngestClient.PATH, this::handle);
        server.start();
        client = IngestClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .token("t0ken").retry(policy).linger(Duration.ofMillis(50)).build();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            arrivals.add(System.nanoTime());
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            final List<String> lines = List.of(body.split("\n"));
            requests.add(lines);
            final Function<List<String>, Answer> step;
            synchronized (script) {
                step = script.poll();
            }
            final Answer answer = step == null ? new Answer(500, "{}", Map.of()) : step.apply(lines);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            final byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
