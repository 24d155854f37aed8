package io.sitrep.ops.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitrep.schemas.http.HttpAnswer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: the registry in the Prometheus text format (0.0.4). */
public final class MetricsHandler implements HttpHandler {
    public static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsHandler(final PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (HttpAnswer.allows(exchange, "GET", "HEAD")) {
                HttpAnswer.send(exchange, 200, CONTENT_TYPE, null, registry.scrape().getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
