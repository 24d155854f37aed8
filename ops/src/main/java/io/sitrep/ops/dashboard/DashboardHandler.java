package io.sitrep.ops.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sitrep.schemas.http.HttpAnswer;
import io.sitrep.schemas.http.JsonAnswer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the operators' dashboard ({@code index.html}, {@code dashboard.css}, {@code dashboard.js})
 * from the classpath under {@value #PATH}. The page is plain HTML/JS/CSS without a build step: it
 * polls {@code GET /v1/regions} and {@code GET /v1/lag} on the same origin.
 */
public final class DashboardHandler implements HttpHandler {
    public static final String PATH = "/dashboard";
    private static final String RESOURCES = "/io/sitrep/ops/dashboard/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8");

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!HttpAnswer.allows(exchange, "GET")) {
                return;
            }
            final String path = exchange.getRequestURI().getPath();
            if (path.equals(PATH)) {
                // relative links in the page need the trailing slash
                exchange.getResponseHeaders().set("Location", PATH + "/");
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            String name = path.substring(PATH.length() + 1);
            if (name.isEmpty()) {
                name = "index.html";
            }
            final String type = FILES.get(name);
            if (type == null) {
                JsonAnswer.sendError(exchange, 404, "NOT_FOUND", "no dashboard file " + name);
                return;
            }
            try (InputStream in = DashboardHandler.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) {
                    throw new IOException("dashboard resource missing from the classpath: " + RESOURCES + name);
                }
                HttpAnswer.send(exchange, 200, type, "no-cache", in.readAllBytes());
            }
        }
    }
}
