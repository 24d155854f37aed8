package io.sitrep.app.bench;

import io.sitrep.app.EmbeddedPipeline;
import java.util.LinkedHashMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Sizes of the pipeline's state stores, read without knowing the topology: RocksDB's estimated
 * key count and live bytes (SST files + memtables) from the Kafka Streams state metrics, summed
 * over tasks and segments, and the bytes on disk below the state directory per store folder.
 */
final class StoreSizes {
    /** One store: estimated keys, RocksDB bytes (SST + memtables), bytes on disk. */
    record Size(long keys, long rocksBytes, long diskBytes) {
    }

    private StoreSizes() {
    }

    static Map<String, Size> read(final List<KafkaStreams> clients, final Path stateDir) {
        final Map<String, long[]> sums = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : clients.stream().flatMap(c -> c.metrics().entrySet().stream()).toList()) {
            final MetricName name = e.getKey();
            if (!"stream-state-metrics".equals(name.group())) {
                continue;
            }
            final String store = storeName(name.tags());
            if (store == null) {
                continue;
            }
            final int slot = switch (name.name()) {
                case "estimate-num-keys" -> 0;
                case "total-sst-files-size", "size-all-mem-tables" -> 1;
                default -> -1;
            };
            if (slot >= 0 && e.getValue().metricValue() instanceof Number n) {
                sums.computeIfAbsent(store, k -> new long[3])[slot] += n.longValue();
            }
        }
        diskBytes(stateDir, sums);
        final Map<String, Size> out = new TreeMap<>();
        sums.forEach((store, v) -> out.put(store, new Size(v[0], v[1], v[2])));
        return out;
    }

    private static String storeName(final Map<String, String> tags) {
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (t.getKey().endsWith("-state-id")) {
                return t.getValue();
            }
        }
        return null;
    }

    /**
     * Adds the size of every key-value store folder ({@code <task>/rocksdb/<store>}) and every
     * segmented (window) store folder ({@code <task>/<store>/<store>.<segment>}) below {@code stateDir}.
     */
    private static void diskBytes(final Path stateDir, final Map<String, long[]> sums) {
        if (stateDir == null || !Files.isDirectory(stateDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                final Path rel = stateDir.relativize(f);
                for (int i = 0; i + 1 < rel.getNameCount(); i++) {
                    final String here = rel.getName(i).toString();
                    final String next = rel.getName(i + 1).toString();
                    final boolean keyValue = "rocksdb".equals(here);
                    if (keyValue || next.matches(java.util.regex.Pattern.quote(here) + "\\.\\d+")) {
                        final String store = keyValue ? next : here;
                        try {
                            sums.computeIfAbsent(store, k -> new long[3])[2] += Files.size(f);
                        } catch (IOException e) {
                            // a file RocksDB just compacted away
                        }
                        return;
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // the state folder changed under us: the figures are a snapshot anyway
        }
    }

    static long dedupKeys(final EmbeddedPipeline pipeline) {
        // store names carry their topology's prefix (docs/ARCHITECTURE.md): the dedup stage's stores start with "dedup"
        return read(pipeline.streams().clients(), null).entrySet().stream()
                .filter(e -> e.getKey().startsWith("dedup")).mapToLong(e -> e.getValue().keys()).sum();
    }

    static Map<String, Object> asResults(final EmbeddedPipeline pipeline, final Path stateDir) {
        final Map<String, Object> out = new LinkedHashMap<>();
        read(pipeline.streams().clients(), stateDir).forEach((store, size) -> out.put(store,
                Map.of("estimatedKeys", size.keys(), "rocksdbKiB", size.rocksBytes() >> 10, "diskKiB", size.diskBytes() >> 10)));
        return out;
    }
}
