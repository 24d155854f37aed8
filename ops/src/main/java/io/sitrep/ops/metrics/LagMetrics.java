package io.sitrep.ops.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.sitrep.ops.lag.GroupVerdict;
import io.sitrep.ops.lag.LagSnapshot;
import io.sitrep.ops.lag.PartitionLag;
import io.sitrep.ops.lag.PartitionVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Publishes lag snapshots as Prometheus gauges named like kafka-lag-exporter's, so its Grafana
 * panels and alert rules carry over. Register it as a {@link io.sitrep.ops.lag.LagMonitor}
 * listener. Series of partitions or groups that vanish are removed at the next snapshot. Every
 * lag series also carries {@code cluster_name}, as kafka-lag-exporter's do (dashboards filter on
 * it): the Kafka cluster id the sample was read from.
 *
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><td>{@value #LAG}{group,topic,partition}</td><td>lag in records</td></tr>
 *   <tr><td>{@value #LAG_SECONDS}{group,topic,partition}</td><td>age of the oldest unconsumed record (absent when unknown)</td></tr>
 *   <tr><td>{@value #OFFSET}{group,topic,partition}</td><td>committed offset</td></tr>
 *   <tr><td>{@value #LATEST_OFFSET}{topic,partition}</td><td>last stable offset</td></tr>
 *   <tr><td>{@value #MAX_LAG}, {@value #MAX_LAG_SECONDS}, {@value #SUM_LAG}{group}</td><td>per group</td></tr>
 *   <tr><td>{@value #TOPIC_SUM_LAG}{group,topic}</td><td>per group and topic</td></tr>
 *   <tr><td>{@value #GROUP_STATUS}{group}, {@value #PARTITION_STATUS}{group,topic,partition}</td>
 *       <td>0 OK, 1 WARN, 2 ERR, 3 STOPPED</td></tr>
 *   <tr><td>{@value #GROUP_MEMBERS}{group}</td><td>active members (-1 unknown)</td></tr>
 * </table>
 */
public final class LagMetrics implements Consumer<LagSnapshot> {
    public static final String LAG = "kafka.consumergroup.group.lag";
    public static final String LAG_SECONDS = "kafka.consumergroup.group.lag.seconds";
    public static final String OFFSET = "kafka.consumergroup.group.offset";
    public static final String LATEST_OFFSET = "kafka.partition.latest.offset";
    public static final String MAX_LAG = "kafka.consumergroup.group.max.lag";
    public static final String MAX_LAG_SECONDS = "kafka.consumergroup.group.max.lag.seconds";
    public static final String SUM_LAG = "kafka.consumergroup.group.sum.lag";
    public static final String TOPIC_SUM_LAG = "kafka.consumergroup.group.topic.sum.lag";
    public static final String GROUP_STATUS = "sitrep.consumergroup.status";
    public static final String PARTITION_STATUS = "sitrep.consumergroup.partition.status";
    public static final String GROUP_MEMBERS = "sitrep.consumergroup.members";
    public static final String SAMPLE_ERRORS = "sitrep.lag.monitor.errors";
    public static final String LAST_SAMPLE = "sitrep.lag.monitor.last.sample.timestamp.seconds";
    /** The label kafka-lag-exporter puts on every lag series. */
    public static final String CLUSTER_NAME = "cluster_name";

    private final MultiGauge lag;
    private final MultiGauge lagSeconds;
    private final MultiGauge offset;
    private final MultiGauge latestOffset;
    private final MultiGauge partitionStatus;
    private final MultiGauge maxLag;
    private final MultiGauge maxLagSeconds;
    private final MultiGauge sumLag;
    private final MultiGauge topicSumLag;
    private final MultiGauge groupStatus;
    private final MultiGauge members;
    private final Counter errors;
    private final AtomicLong lastSampleMillis = new AtomicLong();

    public LagMetrics(final MeterRegistry registry) {
        lag = gauge(registry, LAG, "Consumer group lag in records (log end minus committed offset)", null);
        lagSeconds = gauge(registry, LAG_SECONDS,
                "Age of the oldest record the group has not consumed (record timestamp at the committed offset)", "seconds");
        offset = gauge(registry, OFFSET, "Committed offset of the group", null);
        latestOffset = gauge(registry, LATEST_OFFSET, "Last stable offset of the partition", null);
        partitionStatus = gauge(registry, PARTITION_STATUS, "Partition verdict: 0 OK, 1 WARN, 2 ERR, 3 STOPPED", null);
        maxLag = gauge(registry, MAX_LAG, "Largest partition lag of the group, in records", null);
        maxLagSeconds = gauge(registry, MAX_LAG_SECONDS, "Largest partition lag of the group, in seconds", "seconds");
        sumLag = gauge(registry, SUM_LAG, "Sum of the group's partition lags, in records", null);
        topicSumLag = gauge(registry, TOPIC_SUM_LAG, "Sum of the group's partition lags per topic, in records", null);
        groupStatus = gauge(registry, GROUP_STATUS, "Group verdict: 0 OK, 1 WARN, 2 ERR, 3 STOPPED", null);
        members = gauge(registry, GROUP_MEMBERS, "Active members of the group (-1 unknown)", null);
        errors = Counter.builder(SAMPLE_ERRORS).description("Lag samples that failed (broker unreachable, timeouts)")
                .register(registry);
        Gauge.builder(LAST_SAMPLE, lastSampleMillis, a -> a.get() / 1000.0)
                .description("When the last successful lag sample was taken (Unix time)").register(registry);
    }

    private static MultiGauge gauge(final MeterRegistry registry, final String name, final String description,
                                    final String unit) {
        final MultiGauge.Builder b = MultiGauge.builder(name).description(description);
        return (unit == null ? b : b.baseUnit(unit)).register(registry);
    }

    @Override
    public void accept(final LagSnapshot snapshot) {
        if (snapshot.error().isPresent()) {
            errors.increment();
            return;
        }
        lastSampleMillis.set(snapshot.at().toEpochMilli());
        final List<MultiGauge.Row<?>> lagRows = new ArrayList<>();
        final List<MultiGauge.Row<?>> secondsRows = new ArrayList<>();
        final List<MultiGauge.Row<?>> offsetRows = new ArrayList<>();
        final List<MultiGauge.Row<?>> statusRows = new ArrayList<>();
        final Map<String, MultiGauge.Row<?>> latestRows = new TreeMap<>();
        final List<MultiGauge.Row<?>> maxRows = new ArrayList<>();
        final List<MultiGauge.Row<?>> maxSecondsRows = new ArrayList<>();
        final List<MultiGauge.Row<?>> sumRows = new ArrayList<>();
        final List<MultiGauge.Row<?>> topicRows = new ArrayList<>();
        final List<MultiGauge.Row<?>> groupStatusRows = new ArrayList<>();
        final List<MultiGauge.Row<?>> memberRows = new ArrayList<>();
        final Tags clusterTags = Tags.of(CLUSTER_NAME, snapshot.clusterId());
        for (GroupVerdict g : snapshot.groups()) {
            final Tags groupTags = clusterTags.and("group", g.group());
            final Map<String, Long> byTopic = new TreeMap<>();
            for (PartitionVerdict v : g.partitions()) {
                final PartitionLag p = v.lag();
                final Tags tags = groupTags.and("topic", p.topic(), "partition", Integer.toString(p.partition()));
                lagRows.add(MultiGauge.Row.of(tags, p.lag()));
                if (p.lagSecondsKnown()) {
                    secondsRows.add(MultiGauge.Row.of(tags, p.lagSeconds()));
                }
                offsetRows.add(MultiGauge.Row.of(tags, p.committed()));
                statusRows.add(MultiGauge.Row.of(tags, v.status().code()));
                latestRows.put(p.topic() + "/" + p.partition(), MultiGauge.Row.of(
                        clusterTags.and("topic", p.topic(), "partition", Integer.toString(p.partition())), p.logEnd()));
                byTopic.merge(p.topic(), p.lag(), Long::sum);
            }
            maxRows.add(MultiGauge.Row.of(groupTags, g.maxLag()));
            if (g.maxLagSeconds() >= 0) {
                maxSecondsRows.add(MultiGauge.Row.of(groupTags, g.maxLagSeconds()));
            }
            sumRows.add(MultiGauge.Row.of(groupTags, g.sumLag()));
            byTopic.forEach((topic, sum) -> topicRows.add(MultiGauge.Row.of(groupTags.and("topic", topic), sum)));
            groupStatusRows.add(MultiGauge.Row.of(groupTags, g.status().code()));
            memberRows.add(MultiGauge.Row.of(groupTags, g.members()));
        }
        lag.register(lagRows, true);
        lagSeconds.register(secondsRows, true);
        offset.register(offsetRows, true);
        partitionStatus.register(statusRows, true);
        latestOffset.register(new ArrayList<>(latestRows.values()), true);
        maxLag.register(maxRows, true);
        maxLagSeconds.register(maxSecondsRows, true);
        sumLag.register(sumRows, true);
        topicSumLag.register(topicRows, true);
        groupStatus.register(groupStatusRows, true);
        members.register(memberRows, true);
    }
}
