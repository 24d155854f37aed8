package io.sitrep.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Where each stream thread's wall time went in a phase: its CPU, and the time it spent blocked on
 * Kafka (Kafka Streams' {@code blocked-time-ns-total}: waiting in the consumer's poll, the producer's
 * flush and the transaction calls), with the transaction commits and flushes of its producer apart.
 * A thread neither on the CPU nor blocked was ready but not running (the machine was saturated) or
 * stopped with every other thread for a garbage-collection pause.
 */
final class StreamThreadTime {
    /** Cumulative nanoseconds per thread and measure, as read at one moment. */
    private final Map<String, Map<String, Long>> nanos;

    private StreamThreadTime(final Map<String, Map<String, Long>> nanos) {
        this.nanos = nanos;
    }

    private static final Map<String, String> PRODUCER_MEASURES = Map.of(
            "txn-commit-time-ns-total", "txnCommit",
            "flush-time-ns-total", "flush",
            "txn-send-offsets-time-ns-total", "txnSendOffsets");

    /** The stream threads of {@code clients} now. */
    static StreamThreadTime sample(final List<KafkaStreams> clients) {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final Map<String, Long> cpuByName = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("StreamThread")) {
                cpuByName.put(t.getName(), threads.getThreadCpuTime(t.getId()));
            }
        }
        final Map<String, Map<String, Long>> out = new TreeMap<>();
        for (int i = 0; i < clients.size(); i++) {
            final Map<String, Long> blockedByThread = new HashMap<>();
            final Map<String, Map<String, Long>> producerByThread = new HashMap<>();
            for (Map.Entry<MetricName, ? extends Metric> e : clients.get(i).metrics().entrySet()) {
                final MetricName name = e.getKey();
                if (!(e.getValue().metricValue() instanceof Number n)) {
                    continue;
                }
                if ("stream-thread-metrics".equals(name.group()) && "blocked-time-ns-total".equals(name.name())) {
                    blockedByThread.put(name.tags().get("thread-id"), n.longValue());
                } else if ("producer-metrics".equals(name.group()) && PRODUCER_MEASURES.containsKey(name.name())) {
                    final String client = name.tags().getOrDefault("client-id", "");
                    producerByThread.computeIfAbsent(client.replaceAll("-producer$", ""), k -> new HashMap<>())
                            .put(PRODUCER_MEASURES.get(name.name()), n.longValue());
                }
            }
            for (var thread : clients.get(i).metadataForLocalThreads()) {
                final String full = thread.threadName();
                final Map<String, Long> m = new LinkedHashMap<>();
                m.put("cpu", cpuByName.getOrDefault(full, 0L));
                m.put("blocked", blockedByThread.getOrDefault(full, 0L));
                m.putAll(producerByThread.getOrDefault(full, Map.of()));
                out.put(RecordsWritten.threadKey(i, clients.size(), full), m);
            }
        }
        return new StreamThreadTime(out);
    }

    /** Nanoseconds of {@code measure} ("cpu", "blocked", "txnCommit", …) of {@code thread} at this sample; 0 when absent. */
    long nanos(final String thread, final String measure) {
        return nanos.getOrDefault(thread, Map.of()).getOrDefault(measure, 0L);
    }

    /** Seconds per thread and measure between {@code before} and this sample, with the phase's wall seconds. */
    Map<String, Object> secondsSince(final StreamThreadTime before, final double wallSeconds) {
        final Map<String, Object> out = new TreeMap<>();
        nanos.forEach((thread, now) -> {
            final Map<String, Long> then = before.nanos.getOrDefault(thread, Map.of());
            final Map<String, Object> m = new LinkedHashMap<>();
            now.forEach((measure, n) -> m.put(measure, BenchRun.round((n - then.getOrDefault(measure, 0L)) / 1e9, 2)));
            final double cpu = (double) m.get("cpu");
            final double blocked = (double) m.get("blocked");
            // neither computing nor waiting on Kafka: runnable but waiting for a core, or stopped for a GC pause
            m.put("other", BenchRun.round(Math.max(0, wallSeconds - cpu - blocked), 2));
            out.put(thread, m);
        });
        return out;
    }
}
