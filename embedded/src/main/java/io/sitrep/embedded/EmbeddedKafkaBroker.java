package io.sitrep.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller, node id 1) running
 * inside this JVM, listening on {@code 127.0.0.1} only.
 *
 * <p>Guarantees: {@link #start(Options)} returns only once the broker answers an Admin
 * {@code describeCluster}; it fails fast, before starting anything, when a requested port is
 * already taken. A persistent data directory is formatted only when it holds no
 * {@code meta.properties}, so restarting on the same directory keeps every topic and record.
 * {@link #close()} is idempotent and deletes the data directory only when it was temporary.
 *
 * <p>One node of a multi-node cluster (each in its own JVM, as {@code sitrep cluster up} runs it):
 * set {@code node.id}, {@code controller.quorum.voters} and the replication settings with
 * {@link Options#withBrokerProperty}, and the same {@link #CLUSTER_ID_PROPERTY} on every node.
 *
 * <p>Not guaranteed: by default one node only (replication factor is 1 everywhere), security
 * (PLAINTEXT only), and compatibility across Kafka versions: this uses Kafka's internal
 * {@code KafkaRaftServer} and {@code Formatter}, so the Kafka version is pinned.
 *
 * <p>The broker's threads are not daemon threads: always close it in a {@code finally} block (or a
 * shutdown hook), or the JVM will not exit.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /** KRaft node id of the single node; fixed so that a kept data directory matches on restart. */
    public static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Not a Kafka setting: the cluster id to format a new data directory with. Nodes of one
     * multi-node cluster ({@code node.id} and {@code controller.quorum.voters} set through
     * {@link Options#withBrokerProperty}) must share it; without it a random one is used.
     */
    public static final String CLUSTER_ID_PROPERTY = "sitrep.cluster.id";

    private final KafkaRaftServer server;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * How to start the broker. Build with {@link #defaults()} and the {@code with...} methods.
     *
     * @param port             PLAINTEXT listener port; 0 picks a free one
     * @param controllerPort   KRaft controller listener port; 0 picks a free one
     * @param dataDir          where logs and metadata live and survive restarts; {@code null} for a
     *                         temporary directory deleted on close
     * @param brokerProperties extra broker settings; they override the single-node defaults
     */
    public record Options(int port, int controllerPort, Path dataDir, Map<String, String> brokerProperties) {
        public Options {
            checkPort(port, "port");
            checkPort(controllerPort, "controllerPort");
            brokerProperties = Map.copyOf(Objects.requireNonNull(brokerProperties, "brokerProperties"));
        }

        /** Free ports, a temporary data directory, no extra properties. */
        public static Options defaults() {
            return new Options(0, 0, null, Map.of());
        }

        public Options withPort(final int newPort) {
            return new Options(newPort, controllerPort, dataDir, brokerProperties);
        }

        public Options withControllerPort(final int newControllerPort) {
            return new Options(port, newControllerPort, dataDir, brokerProperties);
        }

        /** A persistent data directory ({@code null} = temporary). */
        public Options withDataDir(final Path newDataDir) {
            return new Options(port, controllerPort, newDataDir, brokerProperties);
        }

        public Options withBrokerProperty(final String key, final String value) {
            final Map<String, String> props = new LinkedHashMap<>(brokerProperties);
            props.put(key, value);
            return new Options(port, controllerPort, dataDir, props);
        }

        private static void checkPort(final int value, final String name) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + value);
            }
        }
    }

    private EmbeddedKafkaBroker(final KafkaRaftServer server, final int port, final int controllerPort,
                                final Path dataDir, final boolean temporaryDataDir) {
        this.server = server;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.temporaryDataDir = temporaryDataDir;
    }

    /**
     * Starts a broker and waits until it serves requests.
     *
     * @throws PortInUseException when {@code options.port()} or {@code options.controllerPort()} is taken
     * @throws IllegalStateException when the broker does not start or become ready in time
     */
    public static EmbeddedKafkaBroker start(final Options options) {
        // Check requested ports before touching the disk: a clash is the most common start failure
        // and deserves a message that names the port and the flag to change it.
        final int port = Ports.checkFree(options.port(), "Kafka broker", "choose another with --kafka-port");
        final int controllerPort = Ports.checkFreeOtherThan(options.controllerPort(), port, "Kafka controller",
                "choose another controller port");
        if (port == controllerPort) {
            throw new IllegalArgumentException("Kafka broker and controller ports must differ, both are " + port);
        }

        final boolean temporary = options.dataDir() == null;
        final Path dataDir;
        try {
            dataDir = temporary ? Files.createTempDirectory("sitrep-kafka-") : Files.createDirectories(options.dataDir());
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka data directory " + options.dataDir(), e);
        }

        BrokerLogging.quietUnlessConfigured();
        final long startNanos = System.nanoTime();
        KafkaRaftServer server = null;
        try {
            final Properties props = brokerProperties(port, controllerPort, dataDir, options);
            final Object clusterId = props.remove(CLUSTER_ID_PROPERTY);
            final KafkaConfig config = KafkaConfig.fromProps(props, false);
            formatIfNeeded(dataDir, config.nodeId(), clusterId == null ? Uuid.randomUuid().toString() : clusterId.toString());
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            final EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, port, controllerPort, dataDir, temporary);
            broker.awaitReady();
            log.info("Kafka broker ready on {} (controller port {}, data dir {}{}) in {} ms",
                    broker.bootstrapServers(), controllerPort, dataDir, temporary ? ", temporary" : "",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            return broker;
        } catch (final RuntimeException | Error e) {
            stopQuietly(server, e);
            if (temporary) {
                deleteDir(dataDir, e);
            }
            throw e;
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The PLAINTEXT listener's port (the one chosen when 0 was asked for). */
    public int port() {
        return port;
    }

    /** The KRaft controller listener's port. */
    public int controllerPort() {
        return controllerPort;
    }

    /** Where the broker keeps its logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and waits for its threads; deletes a temporary data directory. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final long startNanos = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        if (temporaryDataDir) {
            deleteDir(dataDir, null);
        }
        log.info("Kafka broker on port {} stopped in {} ms", port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /** {@code log.cleaner.dedupe.buffer.size} of the embedded broker (Kafka's default: 128 MiB of heap). */
    static final long CLEANER_DEDUPE_BUFFER_BYTES = 16L << 20;

    private static Properties brokerProperties(final int port, final int controllerPort, final Path dataDir,
                                               final Options options) {
        final Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDir.toAbsolutePath().toString());
        props.put("metadata.log.dir", dataDir.toAbsolutePath().toString());
        // One node: every internal topic must make do with one replica, or it is never created.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        // No other members can be on their way: do not make the first consumer group wait 3 s.
        props.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created deliberately, with their own partitions and retention.
        props.put("auto.create.topics.enable", "false");
        // The log cleaner's offset map is allocated on this process's heap when the broker starts:
        // 128 MiB by default, an eighth of the 1 GiB that `sitrep bench` runs in, held for nothing.
        // 16 MiB hold about 700,000 keys per cleaning pass; the compacted topics of one pipeline
        // (changelogs, offsets, schemas) have far fewer, and a larger backlog takes more passes.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(CLEANER_DEDUPE_BUFFER_BYTES));
        props.putAll(options.brokerProperties());
        return props;
    }

    private static void formatIfNeeded(final Path dataDir, final int nodeId, final String clusterId) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            log.info("Kafka data directory {} is already formatted; keeping its data", dataDir);
            return;
        }
        final ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        final Formatter formatter = new Formatter()
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .addDirectory(dataDir.toAbsolutePath().toString())
                .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setUnstableFeatureVersionsEnabled(false)
                .setIgnoreFormatted(false)
                // static quorum (controller.quorum.voters): the voter set is not written to the log,
                // so the controller port may change between restarts
                .setHasDynamicQuorum(false)
                // the Formatter reports to System.out by default; keep stdout for the application
                .setPrintStream(new PrintStream(formatterOutput, true, StandardCharsets.UTF_8));
        try {
            formatter.run();
        } catch (final Exception e) {
            throw new IllegalStateException("Cannot format the Kafka data directory " + dataDir, e);
        }
        log.info("Formatted Kafka data directory {} with metadata.version {}", dataDir, MetadataVersion.LATEST_PRODUCTION);
        log.debug("Formatter output: {}", formatterOutput.toString(StandardCharsets.UTF_8).trim());
    }

    private void awaitReady() {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                try {
                    final int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes().get(5, TimeUnit.SECONDS).size();
                    if (nodes > 0) {
                        return;
                    }
                } catch (final ExecutionException | TimeoutException e) {
                    // not serving yet: try again until the deadline
                    last = e;
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
                }
            }
        }
        throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " not ready after " + READY_TIMEOUT, last);
    }

    private static void stopQuietly(final KafkaRaftServer server, final Throwable cause) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (final RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void deleteDir(final Path dir, final Throwable cause) {
        try {
            Utils.delete(dir.toFile());
        } catch (final IOException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                log.warn("Could not delete the temporary Kafka data directory {}", dir, e);
            }
        }
    }
}
