package io.sitrep.ops.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sitrep.schemas.http.JsonAnswer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /healthz} (liveness: the process answers, always 200) and {@code /readyz} (readiness:
 * 200 only when every check passes, else 503), each with a JSON body that says why:
 * <pre>{"ready":false,"checks":[{"name":"kafka","ok":true,"detail":"broker reachable, 1 node(s)"},
 *  {"name":"streams","ok":false,"detail":"state REBALANCING"}]}</pre>
 */
public final class HealthHandler implements HttpHandler {
    public static final String LIVENESS_PATH = "/healthz";
    public static final String READINESS_PATH = "/readyz";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ReadinessCheck> checks;

    private HealthHandler(final List<ReadinessCheck> checks) {
        this.checks = checks;
    }

    public static HealthHandler liveness() {
        return new HealthHandler(null);
    }

    public static HealthHandler readiness(final List<ReadinessCheck> checks) {
        return new HealthHandler(List.copyOf(checks));
    }

    /** Runs every check (readiness) and returns the body; {@code ready} is false if one failed. */
    public ObjectNode report() {
        final ObjectNode body = JSON.createObjectNode();
        if (checks == null) {
            body.put("status", "ok");
            body.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
            return body;
        }
        final List<CheckResult> results = new ArrayList<>();
        for (ReadinessCheck check : checks) {
            results.add(check.check());
        }
        body.put("ready", results.stream().allMatch(CheckResult::ok));
        final ArrayNode list = body.putArray("checks");
        for (CheckResult r : results) {
            list.addObject().put("name", r.name()).put("ok", r.ok()).put("detail", r.detail());
        }
        return body;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                JsonAnswer.sendMethodNotAllowed(exchange, "GET, HEAD");
                return;
            }
            final ObjectNode report = report();
            final int status = checks == null || report.path("ready").asBoolean() ? 200 : 503;
            final byte[] body = JSON.writeValueAsString(report).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
