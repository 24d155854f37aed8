package io.sitrep.app.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Records the Kafka Streams application wrote, per topic (outputs, repartition topics, changelogs
 * and the clock topic alike), from its producers' {@code record-send-total} less their
 * {@code record-retry-total}: data records only, not transaction markers, and a batch sent again
 * after a retriable error (under transactions v2 the first batch of a transaction to a partition
 * can be answered CONCURRENT_TRANSACTIONS while the previous commit's markers are written) counted
 * once. The producer's sender counts every batch of every request it sends in {@code record-send-total},
 * retries included. (A smoke run of the bench once counted 360 unique reports sent in a phase whose
 * twin, on the same reports, sent 283, with exact counts: round 23; that retries were all of the
 * difference is likely, not shown.)
 */
final class RecordsWritten {
    private RecordsWritten() {
    }

    /** Records written so far, per topic, summed over the application's producers (sends less retries). */
    static Map<String, Long> byTopic(final List<KafkaStreams> clients) {
        final Map<String, Long> sent = new HashMap<>();
        for (final KafkaStreams streams : clients) {
            for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
                final MetricName name = e.getKey();
                if (!"producer-topic-metrics".equals(name.group()) || !(e.getValue().metricValue() instanceof Number n)) {
                    continue;
                }
                if ("record-send-total".equals(name.name())) {
                    sent.merge(name.tags().get("topic"), n.longValue(), Long::sum);
                } else if ("record-retry-total".equals(name.name())) {
                    sent.merge(name.tags().get("topic"), -n.longValue(), Long::sum);
                }
            }
        }
        return sent;
    }

    /**
     * Records per produce request of each stream thread's producer, averaged over the producer's
     * metric window (the last 30-60 s): how well the producers batch, since each request carries
     * at most one batch per partition.
     */
    static Map<String, Double> perProduceRequest(final List<KafkaStreams> clients) {
        final Map<String, Double> m = new TreeMap<>();
        for (int i = 0; i < clients.size(); i++) {
            for (Map.Entry<MetricName, ? extends Metric> e : clients.get(i).metrics().entrySet()) {
                final MetricName name = e.getKey();
                final String client = name.tags().getOrDefault("client-id", "");
                if ("producer-metrics".equals(name.group()) && "records-per-request-avg".equals(name.name())
                        && e.getValue().metricValue() instanceof Double v && !v.isNaN()) {
                    m.put(threadKey(i, clients.size(), client), Math.round(v * 10) / 10.0);
                }
            }
        }
        return m;
    }

    /**
     * How the bench names a stream thread (or its producer) in its figures: {@code client-2/StreamThread-1} for
     * {@code name} "…-StreamThread-1" of the second of several clients, {@code StreamThread-1} for a lone client.
     */
    static String threadKey(final int index, final int clients, final String name) {
        return clientPrefix(index, clients) + name.substring(name.lastIndexOf("StreamThread"));
    }

    /** {@code client-2/} for the second of several clients of one instance, nothing for a lone client. */
    static String clientPrefix(final int index, final int clients) {
        return clients > 1 ? "client-" + (index + 1) + "/" : "";
    }

    /** {@code after - before} per key (topic, request type), sorted by key, keys without change left out. */
    static Map<String, Long> delta(final Map<String, Long> before, final Map<String, Long> after) {
        final Map<String, Long> d = new TreeMap<>();
        after.forEach((topic, n) -> {
            final long diff = n - before.getOrDefault(topic, 0L);
            if (diff > 0) {
                d.put(topic, diff);
            }
        });
        return d;
    }
}
