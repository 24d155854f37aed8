package io.sitrep.app.bench;

import io.sitrep.app.SitrepCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/**
 * More instances of the pipeline's Kafka Streams application, each in a JVM of its own
 * ({@code sitrep streams} on the bench's embedded broker, same application id), so that the bench
 * can compare one process with several: the instances share the work through the consumer group,
 * as a deployment with several replicas does. Their CPU and ERROR lines are read from outside
 * (the operating system's account of each process, and each process's log file).
 */
final class StreamsProcesses implements AutoCloseable {
    /** Heap of each extra instance: the streams role alone, without broker or load generator. */
    private static final String CHILD_HEAP = "-Xmx512m";
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    private StreamsProcesses() {
    }

    /**
     * Starts {@code count} instances of {@code threads} threads each and waits until the group has
     * {@code expectedMembers} members in a stable state (every thread of every instance, the
     * caller's own included), so that the work is shared before anything is measured.
     */
    static StreamsProcesses start(final int count, final int threads, final String bootstrapServers, final String registryUrl,
                                  final String applicationId, final int partitions, final Duration dedupHorizon,
                                  final Map<String, String> streamsProperties, final Path dataDir, final int expectedMembers,
                                  final Duration timeout) throws Exception {
        final StreamsProcesses started = new StreamsProcesses();
        try {
            for (int i = 1; i <= count; i++) {
                final Path dir = Files.createDirectories(dataDir.resolve("instance-" + i));
                final Path log = dir.resolve("streams.log");
                final List<String> command = new ArrayList<>(List.of(javaBinary(), CHILD_HEAP, "-cp", System.getProperty("java.class.path"),
                        SitrepCommand.class.getName(), "streams", "--bootstrap-servers", bootstrapServers,
                        "--schema-registry-url", registryUrl, "--auto-register-schemas", "--application-id", applicationId,
                        "--threads", String.valueOf(threads), "--partitions", String.valueOf(partitions),
                        "--dedup-horizon", dedupHorizon.toString(), "--state-dir", dir.resolve("state").toString(),
                        "--http-port", "0"));
                streamsProperties.forEach((k, v) -> command.addAll(List.of("--kafka-property", k + "=" + v)));
                started.processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start());
                started.logs.add(log);
            }
            started.awaitMembers(bootstrapServers, applicationId, expectedMembers, timeout);
            return started;
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    private void awaitMembers(final String bootstrapServers, final String group, final int expected, final Duration timeout)
            throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (System.nanoTime() < deadline) {
                for (Process p : processes) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("a streams instance exited with " + p.exitValue() + "; see " + logs);
                    }
                }
                final ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
                        .get(group);
                if (d.groupState() == GroupState.STABLE && d.members().size() == expected) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException("the group " + group + " did not reach " + expected + " stable members within " + timeout);
    }

    /** CPU seconds the instances used so far (the operating system's account), 0 where it has none. */
    double cpuSeconds() {
        return processes.stream().mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
    }

    /** CPU seconds the instances' JIT compiler threads used so far (0 where {@code /proc} is absent). */
    double compilerSeconds() {
        return processes.stream().mapToDouble(p -> ThreadCpu.compilerSeconds(Map.of(), ThreadCpu.sample(p.pid()))).sum();
    }

    /** ERROR lines in the instances' logs so far. */
    long errorLines() throws IOException {
        long n = 0;
        for (Path log : logs) {
            try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                n += lines.filter(l -> l.contains(" ERROR ")).count();
            }
        }
        return n;
    }

    @Override
    public void close() throws InterruptedException {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
