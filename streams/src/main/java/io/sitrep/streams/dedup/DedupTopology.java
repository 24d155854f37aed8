package io.sitrep.streams.dedup;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.avro.DuplicateTier;
import io.sitrep.schemas.avro.Mention;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.schemas.avro.dedup.DedupMessage;
import io.sitrep.schemas.avro.dedup.DedupMessageKind;
import io.sitrep.schemas.avro.dedup.FingerprintPosting;
import io.sitrep.schemas.avro.dedup.ReportDedupState;
import io.sitrep.schemas.avro.dedup.StoryTallyState;
import io.sitrep.schemas.id.CanonicalUrl;
import io.sitrep.schemas.serde.AvroSerde;
import io.sitrep.streams.dedup.domain.Fingerprinter;
import io.sitrep.streams.dedup.domain.NearCopyRules;
import io.sitrep.streams.dedup.domain.ReportFigures;
import io.sitrep.streams.text.TextNormalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Dedup: raw reports → one {@link UniqueReport} per story (topic {@code sitrep.reports.unique}) and
 * one {@link Mention} per copy of a story ({@code sitrep.reports.mentions}). No copy is dropped
 * silently: it is counted against its story, whose outlet count keeps rising.
 *
 * <p>Three tiers, each after a repartition by its own key, so the stage partitions end to end
 * and nothing funnels all reports through one partition:
 * <ol>
 *   <li>T0 URL: same canonical URL within the horizon (scraper resends, AMP/mobile/tracking
 *       variants) — keyed by canonical URL;</li>
 *   <li>T0 body: same SHA-256 of the normalised body (identical wire copies under other URLs) —
 *       keyed by body hash;</li>
 *   <li>T1 near copy: winnowed 4-word-shingle fingerprints ({@link Fingerprinter}); the report
 *       fans out one probe per fingerprint bucket (keyed by bucket); each bucket answers with the
 *       reports before it in the assignment order that share its fingerprints, and indexes the
 *       report in the same step; the replies meet again keyed by report id, where containment and
 *       the figures veto decide ({@link NearCopyRules}). A report decided a near copy tells its
 *       buckets its story, so that later copies of it join that story.</li>
 * </ol>
 * An exact copy is sent to the decision step of the first report it copies, so it joins that
 * report's story even if that report turned out to be a near copy itself.
 *
 * <p>Consistency: checking and remembering is one atomic step per key in the exact tiers, so
 * resends never race. In T1 a report is indexed when it is probed, so a copy finds an original
 * that is still being decided. Reports are ordered by record time, then id, and a report can
 * only copy reports before it: copy links never form a cycle and the story a copy joins (the
 * earliest matching report's) does not depend on the order in which reports are processed, with
 * one exception: when a copy is probed in a bucket before a report that precedes it in the
 * order (both within the pipeline's latency, the later-stamped one first), that bucket's part of
 * the evidence is missed, which can only lose a copy, never merge two stories wrongly.
 *
 * <p>State: every store is a window store whose retention is the horizon (default 7 days), so
 * state is bounded by the reports of one horizon; a copy later than that opens a new story.
 */
public final class DedupTopology {
    public static final String URL_STORE = "dedup-url-first-report-store";
    public static final String BODY_STORE = "dedup-body-first-report-store";
    public static final String POSTINGS_STORE = "dedup-fingerprint-postings-store";
    public static final String BUCKET_REPORTS_STORE = "dedup-bucket-reports-store";
    public static final String REPORTS_STORE = "dedup-report-decisions-store";
    public static final String TALLY_STORE = "dedup-story-tally-store";
    public static final String SETTLING_STORE = "dedup-settling-reports-store";
    public static final String BY_URL_REPARTITION = "dedup-by-url";
    public static final String BY_BODY_REPARTITION = "dedup-by-body";
    public static final String PROBE_REPARTITION = "dedup-probe-by-bucket";
    public static final String STORY_UPDATE_REPARTITION = "dedup-story-updates-by-bucket";
    public static final String OPEN_REPARTITION = "dedup-open-by-report";
    public static final String REPLIES_REPARTITION = "dedup-replies-by-report";
    public static final String COPIES_REPARTITION = "dedup-copies-by-report";
    public static final String BY_STORY_REPARTITION = "dedup-mentions-by-story";

    private final TopicSpecs topics;
    private final Duration horizon;
    private final NearCopyRules rules;
    private final Fingerprinter fingerprinter;
    private final Map<DuplicateTier, LongAdder> duplicates = new EnumMap<>(DuplicateTier.class);

    /** @param horizon how long reports are remembered (default 7 days); a copy later than that opens a new story */
    public DedupTopology(final TopicSpecs topics, final Duration horizon) {
        this(topics, horizon, NearCopyRules.defaults());
    }

    public DedupTopology(final TopicSpecs topics, final Duration horizon, final NearCopyRules rules) {
        this.topics = topics;
        this.horizon = horizon;
        this.rules = rules;
        this.fingerprinter = rules.fingerprinter();
        for (final DuplicateTier tier : DuplicateTier.values()) {
            duplicates.put(tier, new LongAdder());
        }
    }

    public Topology build(final Properties streamsProps) {
        final StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        return builder.build(streamsProps);
    }

    /** Adds this stage's nodes to a builder shared with the other stages. */
    public void addTo(final StreamsBuilder builder) {
        final Serde<String> keys = Serdes.String();
        final Serde<DedupMessage> messages = AvroSerde.forValues(topics.registry(), DedupMessage.class);
        // window size = retention = horizon: an entry lives exactly as long as dedup must remember it
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(URL_STORE, horizon, horizon, false), keys, keys));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(BODY_STORE, horizon, horizon, false), keys, keys));
        // duplicates retained: a fingerprint's postings are all entries stored under it
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(POSTINGS_STORE, horizon, horizon, true), Serdes.Long(), keys));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(BUCKET_REPORTS_STORE, horizon, horizon, false), keys,
                AvroSerde.forValues(topics.registry(), FingerprintPosting.class)));
        // cached: a report's state is rewritten once per bucket reply, and the cache turns the
        // replies of one commit interval into one changelog write (postings cannot be cached:
        // a store that keeps duplicates is append-only)
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(REPORTS_STORE, horizon, horizon, false), keys,
                AvroSerde.forValues(topics.registry(), ReportDedupState.class)).withCachingEnabled());
        // only reports whose replies are in and that wait out the settle time: a few seconds' worth
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SETTLING_STORE), keys, keys));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(TALLY_STORE, horizon, horizon, false), keys,
                AvroSerde.forValues(topics.registry(), StoryTallyState.class)).withCachingEnabled());

        final KStream<String, RawReport> raw = builder.stream(topics.reportsRaw().name(),
                Consumed.with(topics.reportsRaw().keySerde(), topics.reportsRaw().valueSerde()).withName("dedup-source"));

        // T0, canonical URL: copies go on to the body tier too, which knows which report will decide
        final KStream<String, DedupMessage> afterUrl = raw
                .mapValues(DedupTopology::toMessage, Named.as("dedup-prepare"))
                .selectKey((reportId, msg) -> urlKey(msg), Named.as("dedup-key-by-url"))
                .repartition(Repartitioned.with(keys, messages).withName(BY_URL_REPARTITION))
                .processValues(() -> new ExactCopyRouter(URL_STORE, horizon, DuplicateTier.EXACT_URL, this::countDuplicate),
                        Named.as("dedup-exact-url"), URL_STORE);

        // T0, normalised body
        final Map<String, KStream<String, DedupMessage>> byBody = afterUrl
                .selectKey((url, msg) -> msg.getKind() == DedupMessageKind.DUPLICATE && msg.getFirstBodyHash() != null
                        ? msg.getFirstBodyHash() : msg.getBodyHash(), Named.as("dedup-key-by-body"))
                .repartition(Repartitioned.with(keys, messages).withName(BY_BODY_REPARTITION))
                .processValues(() -> new ExactCopyRouter(BODY_STORE, horizon, DuplicateTier.EXACT_BODY, this::countDuplicate),
                        Named.as("dedup-exact-body"), BODY_STORE)
                .split(Named.as("dedup-body-"))
                .branch((hash, msg) -> msg.getKind() == DedupMessageKind.DUPLICATE, Branched.as("copy"))
                .defaultBranch(Branched.as("new"));

        // T1: fan out to fingerprint buckets; the report itself goes ahead to wait for the replies
        final Map<String, KStream<String, DedupMessage>> fanned = byBody.get("dedup-body-new")
                .flatMap((hash, msg) -> fanOut(msg), Named.as("dedup-fan-out"))
                .split(Named.as("dedup-fan-"))
                .branch((key, msg) -> msg.getKind() == DedupMessageKind.PROBE, Branched.as("probe"))
                .defaultBranch(Branched.as("open"));
        final KStream<String, DedupMessage> replies = fanned.get("dedup-fan-probe")
                .repartition(Repartitioned.with(keys, messages).withName(PROBE_REPARTITION))
                .process(() -> new FingerprintIndex(POSTINGS_STORE, BUCKET_REPORTS_STORE, horizon, rules.maxPostings(), rules.settle()),
                        Named.as("dedup-probe-and-index"), POSTINGS_STORE, BUCKET_REPORTS_STORE);

        // Each stage sends its messages for the decision step through its own repartition topic and
        // they are merged only after it: merging before would pull the exact tiers, the fan-out and
        // the fingerprint index into one sub-topology that reads its own uncommitted output, and
        // with exactly-once such a task advances about one step per commit.
        final KStream<String, DedupMessage> copies = byBody.get("dedup-body-copy")
                .selectKey((hash, msg) -> msg.getReportId(), Named.as("dedup-copy-to-report"))
                .repartition(Repartitioned.with(keys, messages).withName(COPIES_REPARTITION));
        final KStream<String, DedupMessage> opens = fanned.get("dedup-fan-open")
                .repartition(Repartitioned.with(keys, messages).withName(OPEN_REPARTITION));
        final KStream<String, DedupMessage> candidates = replies
                .repartition(Repartitioned.with(keys, messages).withName(REPLIES_REPARTITION));

        final KStream<String, DedupMessage> decided = opens
                .merge(candidates, Named.as("dedup-merge-replies"))
                .merge(copies, Named.as("dedup-merge-copies"))
                .process(() -> new CopyDecider(REPORTS_STORE, SETTLING_STORE, horizon, rules, this::countDuplicate),
                        Named.as("dedup-decide"), REPORTS_STORE, SETTLING_STORE);

        final Map<String, KStream<String, DedupMessage>> outcome = decided
                .split(Named.as("dedup-outcome-"))
                .branch((reportId, msg) -> msg.getTier() == null, Branched.as("story"))
                .defaultBranch(Branched.as("copy"));

        outcome.get("dedup-outcome-story")
                .mapValues(DedupTopology::toUnique, Named.as("dedup-to-unique"))
                .to(topics.reportsUnique().name(),
                        Produced.with(topics.reportsUnique().keySerde(), topics.reportsUnique().valueSerde()).withName("dedup-sink"));

        outcome.get("dedup-outcome-copy")
                .selectKey((reportId, msg) -> msg.getStoryId(), Named.as("dedup-key-by-story"))
                .repartition(Repartitioned.with(keys, messages).withName(BY_STORY_REPARTITION))
                .processValues(() -> new StoryTally(TALLY_STORE, horizon), Named.as("dedup-tally-story"), TALLY_STORE)
                .to(topics.reportsMentions().name(),
                        Produced.with(topics.reportsMentions().keySerde(), topics.reportsMentions().valueSerde())
                                .withName("dedup-mentions-sink"));

        // a near copy was indexed as a story of its own at probe time: tell its buckets its real story
        decided.flatMap((reportId, msg) -> storyUpdates(msg), Named.as("dedup-to-story-updates"))
                .repartition(Repartitioned.with(keys, messages).withName(STORY_UPDATE_REPARTITION))
                .process(() -> new ReportStoryUpdater(BUCKET_REPORTS_STORE, horizon), Named.as("dedup-update-story"),
                        BUCKET_REPORTS_STORE);
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

    static DedupMessage toMessage(final RawReport report) {
        final String canonicalUrl = report.getUrl() == null ? null : CanonicalUrl.canonicalize(report.getUrl()).orElse(null);
        return DedupMessage.newBuilder()
                .setKind(DedupMessageKind.REPORT)
                .setReportId(report.getReportId())
                .setReport(report)
                .setCanonicalUrl(canonicalUrl)
                .setBodyHash(TextNormalizer.sha256Hex(TextNormalizer.normalizeBody(report.getBody())))
                .build();
    }

    /** One OPEN for the decision step (key: report id) and one PROBE per fingerprint bucket (key: bucket). */
    private List<KeyValue<String, DedupMessage>> fanOut(final DedupMessage msg) {
        // boilerplate is stripped once for both the fingerprints and the figures
        final String stripped = TextNormalizer.stripBoilerplate(msg.getReport().getBody());
        final long[] fingerprints = fingerprinter.fingerprintsOfStripped(stripped);
        final Map<Integer, List<Long>> byBucket = byBucket(fingerprints);
        final List<KeyValue<String, DedupMessage>> out = new ArrayList<>(byBucket.size() + 1);
        final List<String> figures = ReportFigures.ofStripped(stripped);
        out.add(KeyValue.pair(msg.getReportId(), DedupMessage.newBuilder(msg)
                .setKind(DedupMessageKind.OPEN)
                .setFingerprintCount(fingerprints.length)
                .setFigures(figures)
                .setBuckets(new ArrayList<>(byBucket.keySet()))
                .setExpectedReplies(byBucket.size())
                .build()));
        final String outlet = msg.getReport().getSourceOutlet();
        byBucket.forEach((bucket, fps) -> out.add(KeyValue.pair(bucketKey(bucket), DedupMessage.newBuilder()
                .setKind(DedupMessageKind.PROBE)
                .setReportId(msg.getReportId())
                .setStoryOutlet(outlet)
                .setFingerprintCount(fingerprints.length)
                .setFigures(figures)
                .setFingerprints(fps)
                .build())));
        return out;
    }

    /** Story updates for a report decided a near copy by T1, one per bucket it was indexed in. */
    private static List<KeyValue<String, DedupMessage>> storyUpdates(final DedupMessage decided) {
        if (decided.getTier() != DuplicateTier.NEAR_COPY) {
            return List.of();
        }
        final List<KeyValue<String, DedupMessage>> out = new ArrayList<>(decided.getBuckets().size());
        for (final Integer bucket : decided.getBuckets()) {
            out.add(KeyValue.pair(bucketKey(bucket), DedupMessage.newBuilder()
                    .setKind(DedupMessageKind.POST)
                    .setReportId(decided.getReportId())
                    .setStoryId(decided.getStoryId())
                    .setStoryOutlet(decided.getStoryOutlet())
                    .build()));
        }
        return out;
    }

    private Map<Integer, List<Long>> byBucket(final long[] fingerprints) {
        // sorted so that the fan-out order, and with it the output, is the same on every run
        final Map<Integer, List<Long>> byBucket = new TreeMap<>();
        for (final long f : fingerprints) {
            byBucket.computeIfAbsent(rules.bucketOf(f), b -> new ArrayList<>()).add(f);
        }
        return byBucket;
    }

    private static String bucketKey(final int bucket) {
        return "fp-bucket-" + bucket;
    }

    static UniqueReport toUnique(final DedupMessage decided) {
        return UniqueReport.newBuilder()
                .setStoryId(decided.getStoryId())
                .setCanonicalUrl(decided.getCanonicalUrl())
                .setBodyHash(decided.getBodyHash())
                .setOutletCount(1)
                .setReport(decided.getReport())
                .build();
    }

    /** Reports without a URL (field notes) are keyed by their id, so a resend is still caught. */
    private static String urlKey(final DedupMessage msg) {
        return msg.getCanonicalUrl() != null ? msg.getCanonicalUrl() : "report:" + msg.getReportId();
    }
}
