package io.sitrep.streams.dedup;

import io.sitrep.streams.flow.CommitWhenIdle;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.streams.StageTopology;
import io.sitrep.schemas.avro.DuplicateTier;
import io.sitrep.schemas.avro.Mention;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.schemas.avro.dedup.IndexedReport;
import io.sitrep.schemas.id.CanonicalUrl;
import io.sitrep.schemas.serde.AvroSerde;
import io.sitrep.streams.dedup.domain.DedupIndex;
import io.sitrep.streams.dedup.domain.NearCopyRules;
import io.sitrep.streams.dedup.domain.TextEvidence;
import io.sitrep.streams.text.TextNormalizer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Dedup: raw reports → one {@link UniqueReport} per story (topic {@code sitrep.reports.unique}) and
 * one {@link Mention} per copy of a story ({@code sitrep.reports.mentions}), both keyed by story
 * id. No copy is dropped silently: it is counted against its story, whose outlet count keeps
 * rising.
 *
 * <p>Two steps. {@code dedup-prepare}, partitioned like the raw topic, does the per-report work:
 * canonical URL, normalised-body hash, the words of the stripped body as hashes, its figures.
 * Then one repartition hop (one partition, one constant key) brings every report to
 * {@code dedup-index}, one task that places it ({@link DedupIndex}: same URL, same body, or a
 * near copy by {@link NearCopyRules}) and indexes it in the same step. So a report costs two
 * internal records (the hop and one changelog write) and waits for nothing; the placement does not
 * depend on which partition or thread handled a report, and a copy that arrives before its
 * original is grouped with it all the same. The cost is a ceiling: the index runs on one thread
 * (measured in docs/PERFORMANCE.md; design and trade-offs in docs/adr/near-copy-dedup.md).
 *
 * <p>State: one window store whose retention is the horizon (default 7 days), one record per
 * report; a copy later than that opens a new story.
 */
public final class DedupTopology implements StageTopology {
    public static final String PLACED_STORE = "dedup-placed-reports-store";
    public static final String TO_INDEX_REPARTITION = "dedup-to-index";
    /**
     * Header of a {@link Mention} that a merge of stories re-emitted for a report already placed: how
     * often the report was re-pointed (a 4-byte big-endian int). A reader keeps, per report, the
     * placement with the highest revision (absent = 0; a mention wins over the story it opened).
     */
    public static final String REVISION_HEADER = "sitrep-dedup-revision";
    /** The one key of the hop to the index: every report meets every other there. */
    static final String INDEX_KEY = "dedup-index";

    private final TopicSpecs topics;
    private final Duration horizon;
    private final NearCopyRules rules;
    private final Map<DuplicateTier, LongAdder> duplicates = new EnumMap<>(DuplicateTier.class);

    /** @param horizon how long reports are remembered (default 7 days); a copy later than that opens a new story */
    public DedupTopology(final TopicSpecs topics, final Duration horizon) {
        this(topics, horizon, NearCopyRules.defaults());
    }

    public DedupTopology(final TopicSpecs topics, final Duration horizon, final NearCopyRules rules) {
        this.topics = topics;
        this.horizon = horizon;
        this.rules = rules;
        for (final DuplicateTier tier : DuplicateTier.values()) {
            duplicates.put(tier, new LongAdder());
        }
    }

    @Override
    public void addTo(final StreamsBuilder builder) {
        final Serde<String> keys = Serdes.String();
        final Serde<IndexedReport> indexed = AvroSerde.forValues(topics.registry(), IndexedReport.class);
        // window size = retention = horizon: a report is kept exactly as long as dedup must remember it;
        // duplicates retained: the store is an append-only log of placements, read whole at start
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(PLACED_STORE, horizon, horizon, true), keys, indexed));

        final KStream<String, RawReport> raw = builder.stream(topics.reportsRaw().name(),
                Consumed.with(topics.reportsRaw().keySerde(), topics.reportsRaw().valueSerde()).withName("dedup-source"));

        final Map<String, KStream<String, SpecificRecord>> placed = raw
                .processValues(CommitWhenIdle::new, Named.as("dedup-commit-when-idle"))
                .mapValues(this::prepare, Named.as("dedup-prepare"))
                .selectKey((reportId, report) -> INDEX_KEY, Named.as("dedup-key-to-index"))
                .repartition(Repartitioned.with(keys, indexed).withName(TO_INDEX_REPARTITION).withNumberOfPartitions(1))
                .processValues(CommitWhenIdle::new, Named.as("dedup-index-commit-when-idle"))
                .process(() -> new DedupIndexProcessor(PLACED_STORE, horizon, rules, this::countDuplicate),
                        Named.as("dedup-index"), PLACED_STORE)
                .split(Named.as("dedup-placed-"))
                .branch((storyId, out) -> out instanceof UniqueReport, Branched.as("story"))
                .defaultBranch(Branched.as("copy"));

        placed.get("dedup-placed-story")
                .mapValues(out -> (UniqueReport) out, Named.as("dedup-to-unique"))
                .to(topics.reportsUnique().name(),
                        Produced.with(topics.reportsUnique().keySerde(), topics.reportsUnique().valueSerde()).withName("dedup-sink"));
        placed.get("dedup-placed-copy")
                .mapValues(out -> (Mention) out, Named.as("dedup-to-mention"))
                .to(topics.reportsMentions().name(),
                        Produced.with(topics.reportsMentions().keySerde(), topics.reportsMentions().valueSerde())
                                .withName("dedup-mentions-sink"));
    }

    /** Copies found by this instance since start, all tiers. */
    public long duplicatesDropped() {
        return duplicates.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Copies found by this instance since start, by tier. */
    public long duplicatesFound(final DuplicateTier tier) {
        return duplicates.get(tier).sum();
    }

    private void countDuplicate(final DuplicateTier tier) {
        duplicates.get(tier).increment();
    }

    /** The per-report work, done before the hop so that the one index task does only the lookups. */
    IndexedReport prepare(final RawReport report) {
        final String canonicalUrl = report.getUrl() == null ? null : CanonicalUrl.canonicalize(report.getUrl()).orElse(null);
        // boilerplate is stripped once for the body hash, the words and the figures
        final String stripped = TextNormalizer.stripBoilerplate(report.getBody());
        final TextEvidence.Parsed text = TextEvidence.parse(stripped);
        return IndexedReport.newBuilder()
                .setReportId(report.getReportId())
                .setTime(0)
                .setOutlet(report.getSourceOutlet() == null ? "" : report.getSourceOutlet())
                .setCanonicalUrl(canonicalUrl)
                // = normalizeBody(body): the stripped form is already NFKC, collapsed and trimmed; only case is left
                .setBodyHash(TextNormalizer.sha256Hex(stripped.toLowerCase(Locale.ROOT)))
                .setWords(DedupIndexProcessor.wordsToBytes(text.words()))
                .setWordBytes(DedupIndexProcessor.WORD_BYTES)
                .setFigures(text.figures())
                .setFigureAt(Arrays.stream(text.figureAt()).boxed().toList())
                .setReport(report)
                .build();
    }
}
