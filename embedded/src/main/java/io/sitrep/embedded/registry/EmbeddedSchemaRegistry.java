package io.sitrep.embedded.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sitrep.embedded.PortInUseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Schema Registry speaking Confluent's REST API, served by the JDK's HTTP server on
 * {@code 127.0.0.1} and stored in the compacted topic {@code _schemas} of a Kafka cluster, in
 * Confluent's record layout. Confluent's serializers and clients (Java, JS, kafkajs, Karapace's
 * and Redpanda's tools) work against it unchanged.
 *
 * <p>Endpoints: {@code POST /subjects/{s}/versions} (register; idempotent; {@code references}
 * accepted), {@code POST /subjects/{s}} (lookup), {@code GET /schemas/ids/{id}[/schema|/versions|/subjects]},
 * {@code GET /schemas/types}, {@code GET /subjects}, {@code GET /subjects/{s}/versions},
 * {@code GET /subjects/{s}/versions/{n|latest|-1}[/schema]}, {@code DELETE /subjects/{s}[/versions/{v}][?permanent=true]},
 * {@code POST /compatibility/subjects/{s}/versions[/{v}][?verbose=true]}, {@code GET|PUT /config},
 * {@code GET|PUT|DELETE /config/{s}}, {@code GET /mode}, {@code GET /}. Answers and error codes
 * follow Confluent's (40401 subject, 40402 version, 40403 schema not found, 40404/40406 soft-deleted,
 * 40405/40407 not soft-deleted first, 40408 no subject config, 409 incompatible, 42201 invalid
 * schema, 42202 invalid version, 42203 invalid level, 42206 referenced, 50001 store error).
 *
 * <p>Guarantees: ids survive restarts (state is rebuilt from {@code _schemas} before serving); an id
 * is answered only after its record is committed on all in-sync replicas; the same Avro schema
 * (compared in parsed, canonical form, with its references) always gets the same global id; a
 * registration must pass the subject's compatibility level (default BACKWARD), checked with
 * Avro's own checker. Several instances may serve one cluster: writes are serialized by Kafka
 * transactional fencing (see {@link FencedSchemaWriter}), so two instances never hand out one id for
 * different schemas, and every instance answers what any instance has committed.
 *
 * <p>Not supported: non-Avro schemas, contexts, modes other than READWRITE, import of given ids.
 * Optional HTTP basic authentication and HTTPS (server certificate only).
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    /** The compacted topic that holds the registered schemas. */
    public static final String TOPIC = SchemasTopic.NAME;

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
        return start(bootstrapServers, port, Options.defaults());
    }

    /**
     * Settings beyond the port.
     *
     * @param users           user → password for HTTP basic authentication; empty: no authentication
     * @param transactionalId shared by every instance writing the same {@code _schemas} topic
     * @param tls             HTTPS with this context's server certificate; null: plain HTTP
     */
    public record Options(Map<String, String> users, String transactionalId, SSLContext tls) {
        public Options {
            users = Map.copyOf(users);
            java.util.Objects.requireNonNull(transactionalId, "transactionalId");
        }

        /** Plain HTTP. */
        public Options(final Map<String, String> users, final String transactionalId) {
            this(users, transactionalId, null);
        }

        public static Options defaults() {
            return new Options(Map.of(), FencedSchemaWriter.DEFAULT_TRANSACTIONAL_ID);
        }

        /** Require HTTP basic authentication with these users and passwords. */
        public Options withUsers(final Map<String, String> credentials) {
            return new Options(credentials, transactionalId, tls);
        }

        /** Serve HTTPS with the server certificate of this context (its key managers). */
        public Options withTls(final SSLContext context) {
            return new Options(users, transactionalId, context);
        }
    }

    /**
     * As {@link #start(String, int)}, with authentication and the writer's transactional id.
     *
     * @throws PortInUseException when the port is taken
     */
    public static EmbeddedSchemaRegistry start(final String bootstrapServers, final int port, final Options options) {
        final long startNanos = System.nanoTime();
        // Bind first: a taken port is the likeliest failure and needs no Kafka round trip to report.
        final HttpServer server;
        try {
            final InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(HOST), port);
            if (options.tls() == null) {
                server = HttpServer.create(address, 0);
            } else {
                final HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(options.tls()));
                server = https;
            }
        } catch (final BindException e) {
            throw new PortInUseException(port, "schema registry", "choose another with --registry-port", e);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot open the schema registry's port " + port, e);
        }
        final SchemaStore store;
        try {
            store = SchemaStore.open(bootstrapServers, options.transactionalId());
        } catch (final RuntimeException e) {
            server.stop(0);
            throw e;
        }
        final ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, new NamedDaemonThreads());
        server.createContext("/", new RegistryHandler(store, options.users()));
        server.setExecutor(executor);
        server.start();
        final EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(server, executor, store);
        log.info("Schema registry serving {} ({} schemas, {} subjects read from {}) in {} ms", registry.url(),
                store.schemaCount(), store.subjectCount(), SchemasTopic.NAME,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return registry;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081} ({@code https://} with TLS), for {@code schema.registry.url}. */
    public String url() {
        return (server instanceof HttpsServer ? "https://" : "http://") + HOST + ":" + port();
    }

    /** The port served (the one chosen when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Writes this instance committed, and how often another instance fenced it (for tests and metrics). */
    public long[] writeStats() {
        return store.writeStats();
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
