package io.sitrep.embedded.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.sitrep.embedded.PortInUseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Schema Registry that speaks the subset of Confluent's REST API that serdes use, served by the
 * JDK's HTTP server on {@code 127.0.0.1} and stored in the compacted topic {@code _schemas} of a
 * Kafka cluster, in Confluent's record layout.
 *
 * <p>Endpoints: {@code POST /subjects/{s}/versions} (register), {@code POST /subjects/{s}} (lookup),
 * {@code GET /schemas/ids/{id}[/schema]}, {@code GET /schemas/types}, {@code GET /subjects},
 * {@code GET /subjects/{s}/versions}, {@code GET /subjects/{s}/versions/{n|latest|-1}[/schema]},
 * {@code POST /compatibility/subjects/{s}/versions/{v}}, {@code GET /config},
 * {@code GET /config/{s}}, {@code GET /}. Answers and error codes follow Confluent's
 * (40401 subject, 40402 version, 40403 schema not found, 42201 invalid schema, 42202 invalid
 * version, 409 incompatible).
 *
 * <p>Guarantees: ids survive restarts (state is rebuilt from {@code _schemas} before serving); an id
 * is answered only after its record is acknowledged by all in-sync replicas; the same Avro schema
 * (compared in parsed, canonical form) always gets the same global id; registrations are BACKWARD
 * compatibility checked against the subject's latest version, as Confluent's default does.
 *
 * <p>Not supported: non-Avro schemas, references, deletes, changing the compatibility level,
 * modes, contexts, authentication, TLS. Several registries writing to one {@code _schemas} at the
 * same time are not coordinated (no leader election); use one writer per cluster.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private static final String HOST = "127.0.0.1";
    /** Schema traffic is tiny (serdes cache ids); a few threads keep a slow request from blocking others. */
    private static final int HTTP_THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SchemaStore store;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedSchemaRegistry(final HttpServer server, final ExecutorService executor, final SchemaStore store) {
        this.server = server;
        this.executor = executor;
        this.store = store;
    }

    /**
     * Reads {@code _schemas} (creating it if missing) on the cluster at {@code bootstrapServers}
     * and starts serving on {@code port} (0 picks a free one).
     *
     * @throws PortInUseException when the port is taken
     */
    public static EmbeddedSchemaRegistry start(final String bootstrapServers, final int port) {
        final long startNanos = System.nanoTime();
        // Bind first: a taken port is the likeliest failure and needs no Kafka round trip to report.
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 0);
        } catch (final BindException e) {
            throw new PortInUseException(port, "schema registry", "choose another with --registry-port", e);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot open the schema registry's port " + port, e);
        }
        final SchemaStore store;
        try {
            store = SchemaStore.open(bootstrapServers);
        } catch (final RuntimeException e) {
            server.stop(0);
            throw e;
        }
        final ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, new NamedDaemonThreads());
        server.createContext("/", new RegistryHandler(store));
        server.setExecutor(executor);
        server.start();
        final EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(server, executor, store);
        log.info("Schema registry serving {} ({} schemas, {} subjects read from {}) in {} ms", registry.url(),
                store.schemaCount(), store.subjectCount(), SchemaStore.TOPIC,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return registry;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}, for {@code schema.registry.url}. */
    public String url() {
        return "http://" + HOST + ":" + port();
    }

    /** The port served (the one chosen when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving and closes the Kafka clients. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Schema registry request threads still busy after 5 s; interrupting them");
                executor.shutdownNow();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        } finally {
            store.close();
        }
        log.info("Schema registry on port {} stopped", server.getAddress().getPort());
    }

    /** Daemon threads: a registry left open must not keep the JVM alive. */
    private static final class NamedDaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(final Runnable task) {
            final Thread thread = new Thread(task, "schema-registry-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
