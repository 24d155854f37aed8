package io.sitrep.schemas.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The plumbing the read-only endpoints (health, lag, metrics, dashboard) share: refuse other
 * methods with {@link JsonAnswer}'s 405, and send a ready body with its own content type.
 */
public final class HttpAnswer {
    private HttpAnswer() {
    }

    /** Whether the request's method is one of {@code allowed}; if not, the 405 has been sent. */
    public static boolean allows(final HttpExchange exchange, final String... allowed) throws IOException {
        if (Arrays.asList(allowed).contains(exchange.getRequestMethod())) {
            return true;
        }
        JsonAnswer.sendMethodNotAllowed(exchange, String.join(", ", allowed));
        return false;
    }

    /**
     * Sends {@code body} with {@code contentType} and, unless null, {@code cacheControl}; for HEAD
     * the headers alone.
     */
    public static void send(final HttpExchange exchange, final int status, final String contentType,
                            final String cacheControl, final byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (cacheControl != null) {
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        }
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
