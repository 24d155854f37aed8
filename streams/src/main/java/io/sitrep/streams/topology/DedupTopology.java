package io.sitrep.streams.topology;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.schemas.id.CanonicalUrl;
import io.sitrep.streams.domain.TextNormalizer;
import io.sitrep.streams.processor.FirstSeenFilter;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Dedup, exact tier (T0): raw reports → the first copy of each story.
 *
 * <p>A report is a copy when its canonical URL or the SHA-256 of its normalised body was seen
 * within the horizon. The two checks run one after the other, each after a repartition by its
 * own key, so every copy of a URL (or body) meets in one task and the stage still partitions:
 * nothing funnels all reports through one partition. Scraper resends (same URL) stop at the
 * first check; syndicated copies of one wire text under other URLs stop at the second.
 * Copies are not forwarded; they are counted ({@link #duplicatesDropped()}).
 */
public final class DedupTopology {
    public static final String URL_STORE = "dedup-seen-url-store";
    public static final String BODY_STORE = "dedup-seen-body-store";
    public static final String BY_URL_REPARTITION = "dedup-by-url";
    public static final String BY_BODY_REPARTITION = "dedup-by-body";

    private final TopicSpecs topics;
    private final Duration horizon;
    private final LongAdder duplicates = new LongAdder();

    /** @param horizon how long a URL or body is remembered (default 7 days); copies later than that count again */
    public DedupTopology(final TopicSpecs topics, final Duration horizon) {
        this.topics = topics;
        this.horizon = horizon;
    }

    public Topology build(final Properties streamsProps) {
        final StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        return builder.build(streamsProps);
    }

    /** Adds this stage's nodes to a builder shared with the other stages. */
    public void addTo(final StreamsBuilder builder) {
        final Serde<String> keys = Serdes.String();
        final Serde<UniqueReport> uniques = topics.reportsUnique().valueSerde();
        // window size = retention = horizon: one key's sightings live exactly as long as we must remember them
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(URL_STORE, horizon, horizon, false), keys, Serdes.Long()));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(BODY_STORE, horizon, horizon, false), keys, Serdes.Long()));

        final KStream<String, RawReport> raw = builder.stream(topics.reportsRaw().name(),
                Consumed.with(topics.reportsRaw().keySerde(), topics.reportsRaw().valueSerde()).withName("dedup-source"));

        raw.mapValues(DedupTopology::toUnique, Named.as("dedup-fingerprint"))
                .selectKey((reportId, unique) -> urlKey(unique), Named.as("dedup-key-by-url"))
                .repartition(Repartitioned.with(keys, uniques).withName(BY_URL_REPARTITION))
                .processValues(() -> new FirstSeenFilter<>(URL_STORE, horizon, duplicates::increment),
                        Named.as("dedup-drop-seen-url"), URL_STORE)
                .selectKey((url, unique) -> unique.getBodyHash(), Named.as("dedup-key-by-body"))
                .repartition(Repartitioned.with(keys, uniques).withName(BY_BODY_REPARTITION))
                .processValues(() -> new FirstSeenFilter<>(BODY_STORE, horizon, duplicates::increment),
                        Named.as("dedup-drop-seen-body"), BODY_STORE)
                .selectKey((hash, unique) -> unique.getStoryId(), Named.as("dedup-key-by-story"))
                .to(topics.reportsUnique().name(), Produced.with(keys, uniques).withName("dedup-sink"));
    }

    /** Copies dropped by this instance since start (both checks). */
    public long duplicatesDropped() {
        return duplicates.sum();
    }

    static UniqueReport toUnique(final RawReport report) {
        final String canonicalUrl = report.getUrl() == null ? null : CanonicalUrl.canonicalize(report.getUrl()).orElse(null);
        return UniqueReport.newBuilder()
                .setStoryId(report.getReportId())
                .setCanonicalUrl(canonicalUrl)
                .setBodyHash(TextNormalizer.sha256Hex(TextNormalizer.normalizeBody(report.getBody())))
                .setOutletCount(1)
                .setReport(report)
                .build();
    }

    /** Reports without a URL (field notes) are keyed by their id, so a resend is still caught. */
    private static String urlKey(final UniqueReport unique) {
        return unique.getCanonicalUrl() != null ? unique.getCanonicalUrl() : "report:" + unique.getReport().getReportId();
    }
}
