package io.sitrep.ops.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sitrep.schemas.http.HttpAnswer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /healthz} (liveness: 200 while the process answers and its liveness checks pass, e.g.
 * Kafka Streams not in ERROR; else 503 so the orchestrator restarts it) and {@code /readyz}
 * (readiness: 200 only when every required check passes, else 503), each with a JSON body that
 * says why:
 * <pre>{"ready":false,"checks":[{"name":"kafka","ok":true,"detail":"broker reachable, 1 node(s)"},
 *  {"name":"streams","ok":false,"detail":"restoring state: 1200 of 5000 records (24%) …"},
 *  {"name":"schemaRegistry","ok":false,"required":false,"detail":"registry not reachable: …"}]}</pre>
 * A check that is not {@linkplain CheckResult#required() required} is listed with
 * {@code "required":false} and never fails the probe.
 */
public final class HealthHandler implements HttpHandler {
    public static final String LIVENESS_PATH = "/healthz";
    public static final String READINESS_PATH = "/readyz";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ReadinessCheck> checks;
    private final boolean liveness;

    private HealthHandler(final List<ReadinessCheck> checks, final boolean liveness) {
        this.checks = List.copyOf(checks);
        this.liveness = liveness;
    }

    /** Liveness without checks: 200 as long as the process answers. */
    public static HealthHandler liveness() {
        return liveness(List.of());
    }

    /** Liveness that fails (503) when one of {@code checks} fails: the process cannot recover by itself. */
    public static HealthHandler liveness(final List<ReadinessCheck> checks) {
        return new HealthHandler(checks, true);
    }

    public static HealthHandler readiness(final List<ReadinessCheck> checks) {
        return new HealthHandler(checks, false);
    }

    /** Runs every check and returns the body; {@code ready} (or {@code status}) says whether the probe passes. */
    public ObjectNode report() {
        final ObjectNode body = JSON.createObjectNode();
        final List<CheckResult> results = new ArrayList<>();
        for (ReadinessCheck check : checks) {
            results.add(check.check());
        }
        final boolean passes = results.stream().allMatch(CheckResult::passes);
        if (liveness) {
            body.put("status", passes ? "ok" : "failing");
            body.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        } else {
            body.put("ready", passes);
        }
        if (!liveness || !results.isEmpty()) {
            final ArrayNode list = body.putArray("checks");
            for (CheckResult r : results) {
                final ObjectNode item = list.addObject().put("name", r.name()).put("ok", r.ok());
                if (!r.required()) {
                    item.put("required", false);
                }
                item.put("detail", r.detail());
            }
        }
        return body;
    }

    /** Whether a report of this handler means the probe passes. */
    private boolean passes(final ObjectNode report) {
        return liveness ? "ok".equals(report.path("status").asText()) : report.path("ready").asBoolean();
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (HttpAnswer.allows(exchange, "GET", "HEAD")) {
                final ObjectNode report = report();
                final byte[] body = JSON.writeValueAsString(report).getBytes(StandardCharsets.UTF_8);
                HttpAnswer.send(exchange, passes(report) ? 200 : 503, "application/json", "no-store", body);
            }
        }
    }
}
