package io.sitrep.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitrep.ops.lag.GroupVerdict;
import io.sitrep.ops.lag.LagSnapshot;
import io.sitrep.ops.lag.LagStatus;
import io.sitrep.ops.lag.PartitionLag;
import io.sitrep.ops.lag.PartitionVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LagMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LagMetrics metrics = new LagMetrics(registry);

    private static LagSnapshot snapshot(final PartitionVerdict... partitions) {
        return new LagSnapshot(Instant.parse("2026-03-01T10:00:00Z"), List.of(new GroupVerdict("sitrep-pipeline", "STABLE", 1,
                List.of(partitions), LagStatus.ERR, "why")), Optional.empty(), "kraft-prod-1");
    }

    private static PartitionVerdict partition(final int p, final long lag, final long lagMillis, final LagStatus status) {
        return new PartitionVerdict(new PartitionLag("sitrep-pipeline", "sitrep.reports.raw", p, 100, 100 + lag, lag, lagMillis),
                status, "why");
    }

    @Test
    void shouldPublishKafkaLagExporterNamesWithClusterGroupTopicPartitionLabels() {
        metrics.accept(snapshot(partition(0, 0, 0, LagStatus.OK), partition(1, 7, 12_500, LagStatus.ERR)));
        final String scrape = registry.scrape();
        final String cluster = "cluster_name=\"kraft-prod-1\",";
        final String labels = cluster + "group=\"sitrep-pipeline\",partition=\"1\",topic=\"sitrep.reports.raw\"";
        assertThat(scrape)
                .contains("kafka_consumergroup_group_lag{" + labels + "} 7.0")
                .contains("kafka_consumergroup_group_lag_seconds{" + labels + "} 12.5")
                .contains("kafka_consumergroup_group_offset{" + labels + "} 100.0")
                .contains("kafka_partition_latest_offset{" + cluster + "partition=\"1\",topic=\"sitrep.reports.raw\"} 107.0")
                .contains("sitrep_consumergroup_partition_status{" + labels + "} 2.0")
                .contains("kafka_consumergroup_group_max_lag{" + cluster + "group=\"sitrep-pipeline\"} 7.0")
                .contains("kafka_consumergroup_group_max_lag_seconds{" + cluster + "group=\"sitrep-pipeline\"} 12.5")
                .contains("kafka_consumergroup_group_sum_lag{" + cluster + "group=\"sitrep-pipeline\"} 7.0")
                .contains("kafka_consumergroup_group_topic_sum_lag{" + cluster + "group=\"sitrep-pipeline\",topic=\"sitrep.reports.raw\"} 7.0")
                .contains("sitrep_consumergroup_status{" + cluster + "group=\"sitrep-pipeline\"} 2.0")
                .contains("sitrep_consumergroup_members{" + cluster + "group=\"sitrep-pipeline\"} 1.0")
                .contains("sitrep_lag_monitor_last_sample_timestamp_seconds");
    }

    @Test
    void shouldDropSeriesOfVanishedPartitionsAndUnknownSeconds() {
        metrics.accept(snapshot(partition(0, 3, 1_000, LagStatus.OK), partition(1, 3, 1_000, LagStatus.OK)));
        metrics.accept(snapshot(partition(0, 3, PartitionLag.UNKNOWN, LagStatus.OK)));
        final String scrape = registry.scrape();
        assertThat(scrape).contains("kafka_consumergroup_group_lag{cluster_name=\"kraft-prod-1\",group=\"sitrep-pipeline\",partition=\"0\"")
                .doesNotContain("partition=\"1\"")
                .doesNotContain("kafka_consumergroup_group_lag_seconds{");
    }

    @Test
    void shouldCountFailedSamplesAndKeepLastValues() {
        metrics.accept(snapshot(partition(0, 3, 1_000, LagStatus.OK)));
        metrics.accept(new LagSnapshot(Instant.now(), List.of(), Optional.of("broker down")));
        assertThat(registry.scrape()).contains("sitrep_lag_monitor_errors_total 1.0")
                .contains("kafka_consumergroup_group_lag{cluster_name=\"kraft-prod-1\",group=\"sitrep-pipeline\",partition=\"0\"");
    }
}
