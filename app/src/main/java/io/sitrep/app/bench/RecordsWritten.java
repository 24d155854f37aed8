package io.sitrep.app.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Records the Kafka Streams application wrote, per topic (outputs, repartition topics, changelogs
 * and the clock topic alike), from its producers' {@code record-send-total}: data records only,
 * not transaction markers.
 */
final class RecordsWritten {
    private RecordsWritten() {
    }

    /** Records sent so far, per topic, summed over the application's producers. */
    static Map<String, Long> byTopic(final KafkaStreams streams) {
        final Map<String, Long> sent = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            final MetricName name = e.getKey();
            if ("producer-topic-metrics".equals(name.group()) && "record-send-total".equals(name.name())
                    && e.getValue().metricValue() instanceof Number n) {
                sent.merge(name.tags().get("topic"), n.longValue(), Long::sum);
            }
        }
        return sent;
    }

    /** {@code after - before} per topic, sorted by topic, topics without records left out. */
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
