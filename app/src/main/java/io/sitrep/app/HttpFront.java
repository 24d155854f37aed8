package io.sitrep.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.sitrep.embedded.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The one HTTP port of a sitrep process (default 8080): ingest, queries and health share it, each
 * mounted under its own path. Unknown paths answer 404 with a JSON body listing what exists.
 */
public final class HttpFront implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, String> described = new LinkedHashMap<>();

    private HttpFront(final HttpServer server, final ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds the port (0 = any free one); fails with a clear message when it is taken. */
    public static HttpFront bind(final int port) throws IOException {
        Ports.checkFree(port, "HTTP (ingest, queries)", "--http-port");
        final HttpServer server = HttpServer.create(new InetSocketAddress(port), 128);
        // ingest requests wait for broker acks, so handlers get their own pool rather than the dispatcher thread
        final ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
            final Thread t = new Thread(r, "sitrep-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        final HttpFront front = new HttpFront(server, executor);
        server.createContext("/", front::notFound);
        return front;
    }

    public HttpFront mount(final String path, final String description, final HttpHandler handler) {
        server.createContext(path, handler);
        described.put(path, description);
        return this;
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://localhost:" + port();
    }

    /** Mounted paths and what they do, for the start-up banner. */
    public Map<String, String> endpoints() {
        return Map.copyOf(described);
    }

    private void notFound(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final StringBuilder json = new StringBuilder("{\"error\":\"not_found\",\"message\":\"No endpoint at ")
                    .append(exchange.getRequestURI().getPath().replace("\"", "")).append("\",\"endpoints\":[");
            String sep = "";
            for (String path : described.keySet()) {
                json.append(sep).append('"').append(path).append('"');
                sep = ",";
            }
            json.append("]}");
            final byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
