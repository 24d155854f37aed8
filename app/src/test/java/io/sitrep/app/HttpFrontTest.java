package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HttpFrontTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldWaitForRequestsInProgressWhenDraining() throws Exception {
        final SlowHandler slowHandler = new SlowHandler();
        try (HttpFront http = HttpFront.bind(0)) {
            http.mount("/slow", "waits for the test", slowHandler);
            http.start();
            final CompletableFuture<HttpResponse<Void>> answer = HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(http.baseUrl() + "/slow")).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(slowHandler.awaitEntered()).isTrue();

            assertThat(http.drain(Duration.ofMillis(100))).as("a request is still in progress").isFalse();
            slowHandler.release();

            assertThat(http.drain(Duration.ofSeconds(10))).isTrue();
            assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void shouldAnswerUnknownPathsWithTheOneErrorShape() throws Exception {
        try (HttpFront http = HttpFront.bind(0)) {
            http.mount("/known", "a path", exchange -> exchange.close());
            http.start();

            final HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(http.baseUrl() + "/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).contains("\"status\":\"error\"", "\"reason\":\"NOT_FOUND\"", "\"message\":", "\"/known\"");
        }
    }
}
