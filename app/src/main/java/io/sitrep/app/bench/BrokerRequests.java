package io.sitrep.app.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the embedded broker was asked in a phase: requests per type and error answers per type
 * and error, read from the broker's own request metrics (JMX, {@code kafka.network:type=RequestMetrics}),
 * plus the retries of the application's producers. A slow run that makes the broker work harder
 * shows here which requests it answered more often.
 */
final class BrokerRequests {
    private static final String REQUESTS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,*";
    private static final String ERRORS = "kafka.network:type=RequestMetrics,name=ErrorsPerSec,*";
    private static final String RETRIES = "producer retries";

    private BrokerRequests() {
    }

    /** Counts so far: {@code Produce}, {@code Fetch}, …, and {@code Produce/CONCURRENT_TRANSACTIONS}, … for errors. */
    static Map<String, Long> snapshot(final List<KafkaStreams> clients) {
        final Map<String, Long> counts = new HashMap<>();
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName name : server.queryNames(new ObjectName(REQUESTS), null)) {
                counts.merge(name.getKeyProperty("request"), count(server, name), Long::sum);
            }
            for (ObjectName name : server.queryNames(new ObjectName(ERRORS), null)) {
                final String error = name.getKeyProperty("error");
                if (error != null && !"NONE".equals(error)) {
                    counts.merge(name.getKeyProperty("request") + "/" + error, count(server, name), Long::sum);
                }
            }
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("cannot read the broker's request metrics", e);
        }
        for (final KafkaStreams streams : clients) {
            for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
                if ("producer-metrics".equals(e.getKey().group()) && "record-retry-total".equals(e.getKey().name())
                        && e.getValue().metricValue() instanceof Number n) {
                    counts.merge(RETRIES, Math.round(n.doubleValue()), Long::sum);
                }
            }
        }
        return counts;
    }

    private static long count(final MBeanServer server, final ObjectName name) throws javax.management.JMException {
        return server.getAttribute(name, "Count") instanceof Number n ? n.longValue() : 0;
    }
}
