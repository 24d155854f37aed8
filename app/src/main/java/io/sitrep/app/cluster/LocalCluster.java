package io.sitrep.app.cluster;

import io.sitrep.schemas.TopicPlan;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A production-shaped sitrep cluster on one machine, every part its own JVM started from the
 * project's jar: three KRaft nodes (broker + controller each, a controller quorum of three), the
 * schema registry, one ingest and N streams instances. Topics get replication factor 3 and
 * {@code min.insync.replicas=2}, so one broker may die without losing an acknowledged report.
 *
 * <p>Processes are children of this JVM: {@link #kill} is a real SIGKILL, {@link #restart} starts
 * the same command again on the same data, {@link #close} stops everything (SIGTERM, then SIGKILL).
 * Each process writes its output to {@code <dataDir>/logs/<name>.log}.
 *
 * <p>Ports: with a base port B, ingest listens on B, the registry on B+1, streams instances on
 * B+2.., Kafka on B+10..B+12 and the controllers on B+20..B+22. Base 0 picks free ports.
 */
public final class LocalCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    public static final int BROKERS = 3;
    private static final String MAIN_CLASS = "io.sitrep.app.SitrepCommand";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /**
     * How to start the cluster.
     *
     * @param dataDir    broker logs, streams state and process logs live here (kept between runs)
     * @param classPath  where the sitrep classes are: {@code app/target/sitrep.jar}
     * @param basePort   see the class comment; 0 for free ports
     * @param streams    number of streams instances
     * @param jvmFlags   flags of every child JVM (heap, JIT)
     * @param streamsKafkaProperties extra Kafka client settings of the streams instances
     */
    public record Options(Path dataDir, String classPath, int basePort, int streams, List<String> jvmFlags,
                          Map<String, String> streamsKafkaProperties) {
        /** Small heaps and the quick JIT only: seven JVMs share a laptop's (or CI's) cores. */
        public static final String LEAN_JVM_OPTIONS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
        public static final List<String> LEAN_JVM = jvmOptions(LEAN_JVM_OPTIONS);
        /**
         * A killed streams instance never leaves its group: with the default 45 s session timeout the
         * others would wait that long for its partitions. 6 s suits a local cluster.
         */
        public static final Map<String, String> FAST_FAILOVER = Map.of("session.timeout.ms", "6000",
                "heartbeat.interval.ms", "1500");

        /** Space-separated JVM flags as a list. */
        public static List<String> jvmOptions(final String flags) {
            return Arrays.stream(flags.trim().split("\\s+")).filter(f -> !f.isEmpty()).toList();
        }

        public Options {
            jvmFlags = List.copyOf(jvmFlags);
            streamsKafkaProperties = Map.copyOf(streamsKafkaProperties);
        }
    }

    private final Options options;
    private final Ports ports;
    private final Map<String, ChildProcess> processes = new LinkedHashMap<>();

    private record Ports(int ingest, int registry, List<Integer> streams, List<Integer> kafka, List<Integer> controllers) {
    }

    private LocalCluster(final Options options, final Ports ports) {
        this.options = options;
        this.ports = ports;
    }

    /** Starts every process and returns once each one reported that it is ready. */
    public static LocalCluster start(final Options options) throws IOException, InterruptedException {
        Files.createDirectories(options.dataDir().resolve("logs"));
        final LocalCluster cluster = new LocalCluster(options, ports(options.basePort(), options.streams()));
        try {
            cluster.startAll();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll() throws IOException, InterruptedException {
        final long started = System.nanoTime();
        final String clusterId = clusterId();
        final String voters = IntStream.range(0, BROKERS)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.controllers().get(i)).collect(Collectors.joining(","));
        for (int i = 0; i < BROKERS; i++) {
            add("broker-" + (i + 1), "sitrep broker " + (i + 1) + " ready", List.of("cluster", "broker",
                    "--node-id", String.valueOf(i + 1), "--kafka-port", String.valueOf(ports.kafka().get(i)),
                    "--controller-port", String.valueOf(ports.controllers().get(i)), "--quorum-voters", voters,
                    "--cluster-id", clusterId, "--data-dir", options.dataDir().resolve("kafka-" + (i + 1)).toString()));
        }
        startAndAwait(processes.keySet().stream().filter(n -> n.startsWith("broker-")).toList());
        add("registry", "sitrep registry serving", List.of("cluster", "registry", "--bootstrap-servers", bootstrapServers(),
                "--registry-port", String.valueOf(ports.registry())));
        startAndAwait(List.of("registry"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            TopicPlan.ensure(admin, TopicPlan.pipelineTopics(3, (short) BROKERS), Duration.ofSeconds(60));
        } catch (final TimeoutException e) {
            throw new IllegalStateException("Cannot create the pipeline's topics on " + bootstrapServers(), e);
        }
        add("ingest", "sitrep ingest listening", List.of("ingest", "--bootstrap-servers", bootstrapServers(),
                "--schema-registry-url", registryUrl(), "--auto-register-schemas", "--no-auth", "--rate", "0",
                "--http-port", String.valueOf(ports.ingest())));
        final List<String> starting = new ArrayList<>(List.of("ingest"));
        for (int i = 0; i < options.streams(); i++) {
            final List<String> args = new ArrayList<>(List.of("streams", "--bootstrap-servers", bootstrapServers(),
                    "--schema-registry-url", registryUrl(), "--auto-register-schemas",
                    "--state-dir", options.dataDir().resolve("streams-" + (i + 1)).toString(),
                    "--http-port", String.valueOf(ports.streams().get(i)), "--advertised-host", "127.0.0.1",
                    "--replication-factor", String.valueOf(BROKERS)));
            options.streamsKafkaProperties().forEach((k, v) -> args.addAll(List.of("--kafka-property", k + "=" + v)));
            // the query port opens while the state is restored; /readyz answers 200 once it has run
            add("streams-" + (i + 1), "sitrep streams started", URI.create(streamsUrl(i + 1) + "/readyz"), args);
            starting.add("streams-" + (i + 1));
        }
        startAndAwait(starting);
        log.info("Local cluster up in {} s: {}", (System.nanoTime() - started) / 1_000_000_000L, processes.keySet());
    }

    /** {@code host:port} of the three brokers, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return ports.kafka().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public String registryUrl() {
        return "http://127.0.0.1:" + ports.registry();
    }

    public String ingestUrl() {
        return "http://127.0.0.1:" + ports.ingest();
    }

    /** Query API of streams instance {@code n} (1-based). */
    public String streamsUrl(final int n) {
        return "http://127.0.0.1:" + ports.streams().get(n - 1);
    }

    /** The names of the processes, in start order: broker-1..3, registry, ingest, streams-1... */
    public List<String> names() {
        return List.copyOf(processes.keySet());
    }

    /** SIGKILL: no shutdown hook, no clean close, no leaving the consumer group. Returns the exit code (137). */
    public int kill(final String name) throws InterruptedException {
        return process(name).kill();
    }

    /** Starts a killed (or stopped) process again with the same command and data; returns once it is ready. */
    public void restart(final String name) throws IOException, InterruptedException {
        startAndAwait(List.of(name));
    }

    public boolean isAlive(final String name) {
        return process(name).isAlive();
    }

    /** Where process {@code name} writes its output. */
    public Path logOf(final String name) {
        return process(name).log();
    }

    /**
     * Stops every process: first the clients (streams, ingest, registry) with SIGTERM, so streams
     * instances commit and leave their group, then the brokers. SIGKILL for whatever has not
     * exited after 20 s (clients) or 10 s (brokers: the last ones lose their controller quorum
     * while shutting down and would wait for it; their logs recover on the next start).
     */
    @Override
    public void close() {
        final List<ChildProcess> clients = new ArrayList<>();
        final List<ChildProcess> brokers = new ArrayList<>();
        processes.forEach((name, p) -> (name.startsWith("broker-") ? brokers : clients).add(p));
        Collections.reverse(clients);
        clients.forEach(ChildProcess::terminate);
        clients.forEach(p -> p.awaitExit(Duration.ofSeconds(20)));
        brokers.forEach(ChildProcess::terminate);
        brokers.forEach(p -> p.awaitExit(Duration.ofSeconds(10)));
    }

    /** SIGKILL to every process at once, for tests that have seen what they needed. */
    public void killAll() {
        processes.values().forEach(p -> p.awaitExit(Duration.ZERO));
    }

    private void add(final String name, final String readyLine, final List<String> args) {
        add(name, readyLine, null, args);
    }

    private void add(final String name, final String readyLine, final URI readyUrl, final List<String> args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvmFlags());
        command.addAll(List.of("-cp", options.classPath(), MAIN_CLASS));
        command.addAll(args);
        processes.put(name, new ChildProcess(name, command, options.dataDir().resolve("logs").resolve(name + ".log"), readyLine,
                readyUrl));
    }

    private void startAndAwait(final List<String> names) throws IOException, InterruptedException {
        for (String name : names) {
            process(name).start();
        }
        for (String name : names) {
            process(name).awaitReady(START_TIMEOUT);
        }
    }

    private ChildProcess process(final String name) {
        final ChildProcess p = processes.get(name);
        if (p == null) {
            throw new IllegalArgumentException("No process " + name + " in this cluster; there are " + processes.keySet());
        }
        return p;
    }

    private String clusterId() throws IOException {
        // kept with the data: a restarted cluster must format no node with a different id
        final Path file = options.dataDir().resolve("cluster-id");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        final String id = Uuid.randomUuid().toString();
        Files.writeString(file, id, StandardCharsets.UTF_8);
        return id;
    }

    private static Ports ports(final int base, final int streams) {
        if (base == 0) {
            // all at once: ports probed one after the other can come back equal
            final List<Integer> free = io.sitrep.embedded.Ports.freeDistinct(2 + streams + 2 * BROKERS);
            return new Ports(free.get(0), free.get(1), List.copyOf(free.subList(2, 2 + streams)),
                    List.copyOf(free.subList(2 + streams, 2 + streams + BROKERS)), List.copyOf(free.subList(2 + streams + BROKERS, free.size())));
        }
        return new Ports(base, base + 1, IntStream.range(0, streams).mapToObj(i -> base + 2 + i).toList(),
                IntStream.range(0, BROKERS).mapToObj(i -> base + 10 + i).toList(),
                IntStream.range(0, BROKERS).mapToObj(i -> base + 20 + i).toList());
    }
}
