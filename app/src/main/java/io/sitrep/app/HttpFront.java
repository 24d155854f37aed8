package io.sitrep.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.sitrep.embedded.Ports;
import io.sitrep.schemas.http.JsonAnswer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The one HTTP port of a sitrep process (default 8080): ingest, queries and health share it, each
 * mounted under its own path. Unknown paths answer 404 with the project's JSON error, listing
 * what exists ({@code endpoints}). On shutdown, {@link #drain} waits for requests in progress.
 */
public final class HttpFront implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, String> described = new LinkedHashMap<>();
    private final InFlight inFlight = new InFlight();

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
        server.createContext(path, handler).getFilters().add(inFlight);
        described.put(path, description);
        return this;
    }

    /**
     * Waits until no request is in progress, at most {@code deadline}, while still accepting new
     * ones (a load balancer keeps sending for a moment after readiness failed); {@link #close()}
     * then stops. Returns whether every request finished.
     */
    public boolean drain(final Duration deadline) throws InterruptedException {
        return inFlight.awaitIdle(deadline);
    }

    /** Requests being handled now. */
    int inFlight() {
        return inFlight.count();
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
            final ObjectNode body = JsonAnswer.error("error", "NOT_FOUND", "no endpoint at " + exchange.getRequestURI().getPath());
            described.keySet().forEach(body.putArray("endpoints")::add);
            JsonAnswer.send(exchange, 404, body);
        }
    }

    /** Counts the requests in progress, so that shutdown can wait for them. */
    private static final class InFlight extends Filter {
        private int count;

        @Override
        public void doFilter(final HttpExchange exchange, final Chain chain) throws IOException {
            synchronized (this) {
                count++;
            }
            try {
                chain.doFilter(exchange);
            } finally {
                synchronized (this) {
                    count--;
                    notifyAll();
                }
            }
        }

        synchronized int count() {
            return count;
        }

        synchronized boolean awaitIdle(final Duration deadline) throws InterruptedException {
            final long end = System.nanoTime() + deadline.toNanos();
            while (count > 0) {
                final long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        @Override
        public String description() {
            return "requests in progress";
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
