package io.sitrep.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's HTTP behaviour that the embedded registry cannot provoke (auth headers, 5xx, non-JSON
 * errors), against a scripted stub server.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpSchemaRegistryClientTest {
    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Stub\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");

    /** Status and body of each answer, in order; the last one repeats. */
    private final List<String[]> script = new CopyOnWriteArrayList<>();
    private final List<HttpExchangeSeen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer stub;

    private record HttpExchangeSeen(String method, String path, String authorization, String contentType, String body) {
    }

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        stub.createContext("/", this::answer);
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    @Test
    void shouldSendBasicAuthAndRegistryMediaTypeWhenUserInfoGiven() {
        script.add(new String[] {"200", "{\"id\":7}"});
        final HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(url(), "alice:s3cret");

        assertThat(client.register("topic-value", SCHEMA)).isEqualTo(7);
        assertThat(client.register("topic-value", SCHEMA)).as("cached").isEqualTo(7);

        assertThat(seen).hasSize(1);
        final HttpExchangeSeen request = seen.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/subjects/topic-value/versions");
        assertThat(request.authorization()).isEqualTo("Basic YWxpY2U6czNjcmV0");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.body()).isEqualTo("{\"schema\":" + quoted(SCHEMA.toString()) + "}");
    }

    @Test
    void shouldRetryWhenRegistryAnswers5xx() {
        script.add(new String[] {"503", "{\"error_code\":50003,\"message\":\"leader election\"}"});
        script.add(new String[] {"200", "{\"schema\":" + quoted(SCHEMA.toString()) + "}"});
        final HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(url(), null, Duration.ofSeconds(5), 2);

        assertThat(client.getById(3)).isEqualTo(SCHEMA);
        assertThat(calls).hasValue(2);
    }

    @Test
    void shouldReportStatusAndCodeWhenRetriesRunOut() {
        script.add(new String[] {"500", "{\"error_code\":50001,\"message\":\"store error\"}"});
        final HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(url(), null, Duration.ofSeconds(5), 1);

        assertThatThrownBy(() -> client.getById(3))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.STORE_ERROR);
                })
                .hasMessage("store error");
        assertThat(calls).hasValue(2);
    }

    @Test
    void shouldKeepStatusWhenErrorBodyIsNotJson() {
        script.add(new String[] {"404", "<html>nginx</html>"});
        final HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(url());

        assertThatThrownBy(() -> client.latest("s"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isZero();
                })
                .hasMessageContaining("HTTP 404").hasMessageContaining("nginx");
        assertThat(calls).as("4xx is not retried").hasValue(1);
    }

    @Test
    void shouldSendBearerTokenFromSupplierWhenConfigured() {
        script.add(new String[] {"200", "{\"schema\":" + quoted(SCHEMA.toString()) + "}"});
        final AtomicInteger refreshes = new AtomicInteger();
        final HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(url())
                .bearerToken(() -> "token-" + refreshes.incrementAndGet()).cacheCapacity(1).build();

        client.getById(1);
        client.getById(2);

        assertThat(seen).extracting(HttpExchangeSeen::authorization).containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void shouldTakeBasicAuthFromConfluentSettingsWhenBuiltFromConfigs() {
        script.add(new String[] {"200", "{\"id\":3}"});
        final HttpSchemaRegistryClient client = HttpSchemaRegistryClient.fromConfigs(Map.of(
                "schema.registry.url", url(), "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "alice:s3cret"));

        client.register("s", SCHEMA);

        assertThat(seen.get(0).authorization()).isEqualTo("Basic YWxpY2U6czNjcmV0");
    }

    @Test
    void shouldAskAgainWhenCachedIdWasEvicted() {
        script.add(new String[] {"200", "{\"schema\":" + quoted(SCHEMA.toString()) + "}"});
        final HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(url()).cacheCapacity(2).build();

        client.getById(1);
        client.getById(2);
        client.getById(1);
        assertThat(calls).as("ids 1 and 2 fit in the cache").hasValue(2);
        client.getById(3);
        client.getById(2);

        assertThat(calls).as("3 evicted the least recently used id, 2").hasValue(4);
    }

    @Test
    void shouldRetryWhenRateLimited() {
        script.add(new String[] {"429", "{\"error_code\":42901,\"message\":\"rate limited\"}"});
        script.add(new String[] {"200", "{\"subject\":\"s\",\"version\":1,\"id\":4,\"schema\":" + quoted(SCHEMA.toString()) + "}"});
        final HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(url()).retries(1).build();

        assertThat(client.latest("s").id()).isEqualTo(4);
        assertThat(calls).hasValue(2);
    }

    private void answer(final HttpExchange exchange) throws IOException {
        final int call = calls.getAndIncrement();
        seen.add(new HttpExchangeSeen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        final String[] reply = script.get(Math.min(call, script.size() - 1));
        final byte[] body = reply[1].getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(Integer.parseInt(reply[0]), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    }

    private String url() {
        return "http://127.0.0.1:" + stub.getAddress().getPort();
    }

    private static String quoted(final String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
