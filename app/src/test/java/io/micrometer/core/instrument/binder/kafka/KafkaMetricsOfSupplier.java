package io.micrometer.core.instrument.binder.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Test access to Micrometer's own Kafka binder for a plain metrics map (its constructor is
 * package-private), so metrics of a {@code TopologyTestDriver} get exactly the names that
 * {@link KafkaStreamsMetrics} gives a running instance's.
 */
public final class KafkaMetricsOfSupplier {
    private KafkaMetricsOfSupplier() {
    }

    /** Binds {@code metrics} to {@code registry}; close the result to stop refreshing them. */
    public static AutoCloseable bind(final MeterRegistry registry, final Supplier<Map<MetricName, ? extends Metric>> metrics) {
        final KafkaMetrics binder = new KafkaMetrics(metrics);
        binder.bindTo(registry);
        return binder;
    }
}
