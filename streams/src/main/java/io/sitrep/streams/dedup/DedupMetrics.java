package io.sitrep.streams.dedup;

import io.sitrep.schemas.avro.DuplicateTier;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.apache.kafka.common.metrics.stats.Percentiles;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The dedup stage's own metrics, registered through the processor context so that they sit next
 * to the built-in Streams metrics (group {@code stream-dedup-metrics}): duplicates found per tier
 * ({@code duplicate-rate}/{@code duplicate-total}, tag {@code dedup-id=tier-<tier>}), stories opened
 * ({@code story-opened-rate}/{@code -total}), and the distribution of mentions per story, recorded
 * each time a story gains a mention ({@code mentions-per-story-avg}, {@code -max}, {@code -p50},
 * {@code -p90}, {@code -p99}). Registration is idempotent, so every task of a thread may call it.
 */
public final class DedupMetrics {
    static final String SCOPE = "dedup";
    private static final String GROUP = "stream-dedup-metrics";

    private final Map<DuplicateTier, Sensor> duplicates = new EnumMap<>(DuplicateTier.class);
    private final Sensor storiesOpened;
    private final Sensor mentionsPerStory;

    private DedupMetrics(final StreamsMetrics metrics) {
        for (final DuplicateTier tier : DuplicateTier.values()) {
            duplicates.put(tier, metrics.addRateTotalSensor(SCOPE, "tier-" + tier.name().toLowerCase(Locale.ROOT), "duplicate",
                    Sensor.RecordingLevel.INFO));
        }
        storiesOpened = metrics.addRateTotalSensor(SCOPE, "stories", "story-opened", Sensor.RecordingLevel.INFO);
        mentionsPerStory = metrics.addSensor("dedup-mentions-per-story", Sensor.RecordingLevel.INFO);
        mentionsPerStory.add(name("mentions-per-story-avg", "Mentions of a story, averaged over mention events"), new Avg());
        mentionsPerStory.add(name("mentions-per-story-max", "Most mentions of one story"), new Max());
        // 4 KB of buckets over 0..1000 mentions: a story carried by more outlets than that is off the scale
        mentionsPerStory.add(new Percentiles(4096, 1000, Percentiles.BucketSizing.LINEAR,
                new Percentile(name("mentions-per-story-p50", "Median mentions per story"), 50),
                new Percentile(name("mentions-per-story-p90", "90th percentile of mentions per story"), 90),
                new Percentile(name("mentions-per-story-p99", "99th percentile of mentions per story"), 99)));
    }

    public static DedupMetrics register(final StreamsMetrics metrics) {
        return new DedupMetrics(metrics);
    }

    private static MetricName name(final String name, final String description) {
        return new MetricName(name, GROUP, description, Map.of());
    }

    void duplicate(final DuplicateTier tier) {
        duplicates.get(tier).record();
    }

    void storyOpened() {
        storiesOpened.record();
    }

    void mentions(final int mentionsOfStory) {
        mentionsPerStory.record(mentionsOfStory);
    }
}
