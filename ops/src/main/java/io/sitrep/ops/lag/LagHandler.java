package io.sitrep.ops.lag;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sitrep.schemas.http.HttpAnswer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /v1/lag}: the latest lag snapshot as JSON ({@link LagJson}). Always 200 once mounted;
 * a failed sample shows in the {@code error} field and an unhealthy group in {@code status}, so
 * a dashboard can show both.
 */
public final class LagHandler implements HttpHandler {
    public static final String PATH = "/v1/lag";

    private final Supplier<LagSnapshot> latest;

    public LagHandler(final Supplier<LagSnapshot> latest) {
        this.latest = latest;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (HttpAnswer.allows(exchange, "GET")) {
                final byte[] body = LagJson.toString(latest.get()).getBytes(StandardCharsets.UTF_8);
                HttpAnswer.send(exchange, 200, "application/json", "no-store", body);
            }
        }
    }
}
