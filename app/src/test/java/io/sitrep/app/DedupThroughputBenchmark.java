package io.sitrep.app;

import io.sitrep.app.bench.SyntheticReports;
import io.sitrep.app.bench.ThreadCpu;
import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import io.sitrep.schemas.TopicPlan;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.schemas.id.CanonicalUrl;
import io.sitrep.streams.dedup.DedupTopology;
import io.sitrep.streams.dedup.domain.DedupIndex;
import io.sitrep.streams.dedup.domain.NearCopyRules;
import io.sitrep.streams.dedup.domain.TextEvidence;
import io.sitrep.streams.text.TextNormalizer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of the dedup stage alone (all three tiers, exactly-once, the real topology) on the
 * in-process broker: {@value #REPORTS} reports are written to the raw topic first, then the stage
 * is started and timed until every report came out as a story or a mention. Not part of the
 * normal suite (the class name matches neither surefire's nor failsafe's patterns); run it with
 * <pre>./mvnw -B -pl app -am verify -DskipITs -Dtest=DedupThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * and read the {@code dedup throughput:} line ({@code -Dtest='DedupThroughputBenchmark#shouldPrintReportsPerSecondOfTheIndexStepAlone'}
 * measures the one index task's ceiling without Kafka, {@code #shouldPrintReportsPerSecondOfPlacementAlone}
 * the index's placement alone). {@code -Dbench.reports=N -Dbench.partitions=P
 * -Dbench.threads=T} change the size; {@code -Dbench.kafka=commit.interval.ms=500,producer.batch.size=262144} passes
 * client settings to the stage as {@code StreamsSettings} overrides.
 *
 * <p>The mix: 40 % new stories of 150–300 words, 30 % near copies (a truncation or a cut at another
 * point, with a rewritten lead), 20 % identical bodies under other URLs, 10 % resends.
 */
@Tag("benchmark")
@Timeout(900)
class DedupThroughputBenchmark {
    private static final int REPORTS = Integer.getInteger("bench.reports", 20_000);
    private static final int PARTITIONS = Integer.getInteger("bench.partitions", 3);
    private static final int THREADS = Integer.getInteger("bench.threads", 1);
    /** Client settings for the stage, {@code -Dbench.kafka=k=v,k=v} (e.g. {@code commit.interval.ms=500}), passed as overrides. */
    private static final Map<String, String> KAFKA = overrides(System.getProperty("bench.kafka", ""));

    @TempDir
    Path dataDir;

    /** Rounds in one JVM, {@code -Dbench.rounds=N}. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 8);
    /** Rounds before this one run while the JIT compilers are still busy: not counted as warm. */
    private static final int FIRST_WARM_ROUND = 3;

    /**
     * Each round is a fresh broker, registry and stage on the same reports in this JVM. The first
     * runs while the JIT compilers are busy (40-45 % of the process CPU in the first 20,000-report
     * round, still 15-35 % in the second); from the third on, the stage runs as a long-running
     * instance works through a backlog. Warm rounds of identical input still differ by a factor of
     * two (the in-process broker's and the transactions' timing), so the figure is their median,
     * printed with their range and the cold first round.
     */
    @Test
    void shouldPrintRecordsPerSecondOfTheDedupStage() throws Exception {
        final List<Round> rounds = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            rounds.add(runRound(round, dataDir.resolve("round-" + round)));
        }
        final double[] warm = rounds.stream().filter(r -> r.round() >= FIRST_WARM_ROUND).mapToDouble(Round::rate).sorted().toArray();
        final Round first = rounds.get(0);
        if (warm.length > 0) {
            final double median = warm.length % 2 == 1 ? warm[warm.length / 2] : (warm[warm.length / 2 - 1] + warm[warm.length / 2]) / 2;
            System.out.printf("dedup throughput: %.0f reports/s warm (median of rounds %d-%d, range %.0f-%.0f, %d of %d rounds at 5,000 or more); "
                            + "%.0f reports/s cold (round 1, JIT %.0f %% of its CPU)%n", median, FIRST_WARM_ROUND, ROUNDS, warm[0],
                    warm[warm.length - 1], java.util.Arrays.stream(warm).filter(r -> r >= 5_000).count(), warm.length, first.rate(),
                    100 * first.jitShare());
        }
    }

    /** One round's figures. */
    private record Round(int round, double rate, double jitShare) {
    }

    private static Round runRound(final int round, final Path dataDir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults().withDataDir(dataDir.resolve("kafka")));
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0)) {
            final TopicSpecs topics = TopicSpecs.create(new HttpSchemaRegistryClient(registry.url()));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                TopicPlan.ensure(admin, TopicPlan.pipelineTopics(PARTITIONS, (short) 1), Duration.ofSeconds(30));
            }
            final long bytes = load(broker.bootstrapServers(), topics);

            final StreamsSettings settings = new StreamsSettings(broker.bootstrapServers(), "dedup-bench", dataDir.resolve("streams"),
                    StreamsSettings.DEFAULT_DEDUP_HORIZON, THREADS, KAFKA);
            final Properties props = settings.toProperties(topics.registry());
            final DedupTopology dedup = new DedupTopology(topics, settings.dedupHorizon());
            final java.util.concurrent.atomic.AtomicLong startedAt = new java.util.concurrent.atomic.AtomicLong();
            try (KafkaStreams streams = new KafkaStreams(dedup.build(props), props);
                 KafkaConsumer<String, byte[]> out = outputs(broker.bootstrapServers())) {
                final long[] cpuAtRunning = new long[2];
                final Map<String, ThreadCpu.Ticks> threadCpuAtRunning = new java.util.concurrent.ConcurrentHashMap<>();
                streams.setStateListener((now, before) -> {
                    if (now == KafkaStreams.State.RUNNING && startedAt.get() == 0) {
                        startedAt.set(System.nanoTime());
                        cpuAtRunning[0] = processCpuNanos();
                        cpuAtRunning[1] = streamThreadCpuNanos();
                        threadCpuAtRunning.putAll(ThreadCpu.sample());
                    }
                });
                final long t0 = System.nanoTime();
                streams.start();
                long seen = 0;
                long lastProgress = System.nanoTime();
                // stop when everything came out, or nothing came out for 30 s after RUNNING or the last output (then
                // the lag shows where it stuck); a start slowed by other builds is not a stall
                while (seen < REPORTS && (startedAt.get() == 0 ? System.nanoTime() - t0 < Duration.ofMinutes(3).toNanos()
                        : System.nanoTime() - Math.max(lastProgress, startedAt.get()) < Duration.ofSeconds(30).toNanos())) {
                    int n = 0;
                    for (final var record : out.poll(Duration.ofMillis(200))) {
                        // a merge of stories re-emits reports placed before (with a revision): one placement per report is counted
                        n += record.headers().lastHeader(DedupTopology.REVISION_HEADER) == null ? 1 : 0;
                    }
                    if (n > 0) {
                        seen += n;
                        lastProgress = System.nanoTime();
                    }
                }
                final long t1 = seen < REPORTS ? lastProgress : System.nanoTime();
                if (seen < REPORTS) {
                    System.out.printf("dedup benchmark: only %d of %d reports came out; lag per topic: %s%n", seen, REPORTS,
                            lag(broker.bootstrapServers()));
                }
                final double fromStart = (t1 - t0) / 1e9;
                final double fromRunning = (t1 - (startedAt.get() == 0 ? t0 : startedAt.get())) / 1e9;
                // CPU time of this JVM (stage, broker and the output consumer) from RUNNING: on a machine shared
                // with other builds, reports per CPU-second says what the stage costs, wall-clock rate what it got
                final double cpuSeconds = (processCpuNanos() - cpuAtRunning[0]) / 1e9;
                // the stream threads' own share: what the stage would need with the broker on other machines
                final double streamCpuSeconds = (streamThreadCpuNanos() - cpuAtRunning[1]) / 1e9;
                System.out.printf("dedup throughput (round %d of at most %d): %d reports (%.1f MB) in %.1f s from RUNNING (%.1f s from start) = %.0f records/s "
                                + "[partitions=%d, stream threads=%d, exactly_once_v2, copies found: %d of %d written; "
                                + "%.1f CPU-s from RUNNING = %.0f reports per CPU-second, of which the stream threads %.1f CPU-s = %.0f reports per "
                                + "stream-thread CPU-second; load average %.1f; overrides %s]%n",
                        round, ROUNDS, REPORTS, bytes / 1e6, fromRunning, fromStart, REPORTS / fromRunning, PARTITIONS, THREADS, dedup.duplicatesDropped(),
                        copiesWritten, cpuSeconds, REPORTS / cpuSeconds, streamCpuSeconds, REPORTS / streamCpuSeconds,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), KAFKA);
                final Map<String, ThreadCpu.Ticks> end = ThreadCpu.sample();
                System.out.printf("dedup throughput (round %d), CPU-s by thread group from RUNNING: %s%n", round, cpuByGroupSince(threadCpuAtRunning, end));
                assertThat(seen).isEqualTo(REPORTS);
                return new Round(round, REPORTS / fromRunning, ThreadCpu.compilerSeconds(threadCpuAtRunning, end) / cpuSeconds);
            }
        }
    }

    private static Map<String, String> overrides(final String spec) {
        final Map<String, String> out = new java.util.TreeMap<>();
        for (final String pair : spec.split(",")) {
            if (!pair.isBlank()) {
                final int eq = pair.indexOf('=');
                out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return out;
    }

    /** CPU time of the stage's stream threads (not their producers' I/O threads, whose names also hold the client id). */
    private static long streamThreadCpuNanos() {
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (final java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("dedup-bench") && info.getThreadName().contains("-StreamThread-")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    /** Where the process CPU went since {@code before}, by thread group, largest first (groups under 0.05 s left out). */
    private static String cpuByGroupSince(final Map<String, ThreadCpu.Ticks> before, final Map<String, ThreadCpu.Ticks> after) {
        final StringBuilder out = new StringBuilder();
        ThreadCpu.bySeconds(before, after).entrySet().stream().filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("%n  %6.2f %s", e.getValue(), e.getKey())));
        return out.toString();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<String, String> lag(final String bootstrap) throws Exception {
        final Map<String, String> out = new java.util.TreeMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            final var committed = admin.listConsumerGroupOffsets("dedup-bench").partitionsToOffsetAndMetadata().get();
            final Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new java.util.HashMap<>();
            committed.keySet().forEach(tp -> request.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            final var ends = admin.listOffsets(request).all().get();
            committed.forEach((tp, offset) -> out.merge(tp.topic(), tp.partition() + ":" + (ends.get(tp).offset() - offset.offset()),
                    (a, b) -> a + " " + b));
        }
        return out;
    }

    private static KafkaConsumer<String, byte[]> outputs(final String bootstrap) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-out");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        final KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(Topics.REPORTS_UNIQUE, Topics.REPORTS_MENTIONS));
        return consumer;
    }

    /** Writes the benchmark's reports to the raw topic; returns their body bytes. */
    private static long copiesWritten;

    private static long load(final String bootstrap, final TopicSpecs topics) throws Exception {
        long bytes = 0;
        try (KafkaProducer<String, RawReport> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), topics.reportsRaw().valueSerde().serializer())) {
            for (final RawReport report : reports()) {
                bytes += report.getBody().length();
                producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, report.getReportId(), report));
            }
            producer.flush();
        }
        return bytes;
    }

    /** The benchmark's reports, the same on every run (seeded); counts the copies among them. */
    private static List<RawReport> reports() {
        final Random random = new Random(42);
        final String[] vocabulary = new String[3000];
        for (int i = 0; i < vocabulary.length; i++) {
            vocabulary[i] = word(random);
        }
        final List<String> stories = new ArrayList<>();
        final List<RawReport> out = new ArrayList<>(REPORTS);
        copiesWritten = 0;
        RawReport last = null;
        for (int i = 0; i < REPORTS; i++) {
            final int kind = random.nextInt(10);
            final String id = "bench-" + i;
            final RawReport report;
            final int storiesBefore = stories.size();
            if (stories.isEmpty() || kind < 4) {
                final String body = text(random, vocabulary, 150 + random.nextInt(150));
                stories.add(body);
                report = report(id, "https://origin.example/" + i, body);
            } else if (kind < 7) {
                final String[] words = stories.get(random.nextInt(stories.size())).split(" ");
                final int from = random.nextInt(words.length / 3);
                final int to = Math.min(words.length, from + words.length / 2 + random.nextInt(words.length / 2));
                report = report(id, "https://copy.example/" + i, text(random, vocabulary, 20) + " "
                        + String.join(" ", java.util.Arrays.copyOfRange(words, from, to)));
            } else if (kind < 9) {
                report = report(id, "https://mirror.example/" + i, stories.get(random.nextInt(stories.size())));
            } else {
                report = last == null ? report(id, "https://origin.example/" + i, stories.get(0)) : last;
            }
            if (stories.size() == storiesBefore) {
                copiesWritten++; // everything but a new story copies an earlier report
            }
            last = report;
            out.add(report);
        }
        return out;
    }

    /**
     * The ceiling of the one index task: the same reports through the stage's domain code alone
     * (what {@code dedup-prepare} and {@code dedup-index} compute, without Kafka, Avro or RocksDB),
     * on one thread. Read the {@code dedup index alone:} line.
     */
    @Test
    void shouldPrintReportsPerSecondOfTheIndexStepAlone() {
        final List<RawReport> all = ARTICLES ? articleReports() : reports();
        final NearCopyRules rules = NearCopyRules.defaults();
        // counted before the clock starts: splitting every body had a fifth of a profile's samples of the timed loop (round 13)
        final long words = all.stream().mapToLong(r -> r.getBody().split(" ").length).sum();
        for (int round = 1; round <= 3; round++) {
            final long heapBefore = usedHeapAfterGc();
            final DedupIndex index = new DedupIndex(rules, StreamsSettings.DEFAULT_DEDUP_HORIZON.toMillis());
            long copies = 0;
            final long t0 = System.nanoTime();
            // this thread's CPU time too: on a machine shared with other builds the wall clock says how much of a core it got
            final long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            for (int i = 0; i < all.size(); i++) {
                final RawReport r = all.get(i);
                final String stripped = TextNormalizer.stripBoilerplate(r.getBody());
                final DedupIndex.Placement p = index.place(new DedupIndex.Report(r.getReportId(), i, r.getSourceOutlet(),
                        CanonicalUrl.canonicalize(r.getUrl()).orElse(r.getUrl()),
                        TextNormalizer.sha256Hex(stripped.toLowerCase(java.util.Locale.ROOT)),
                        TextEvidence.ofStripped(stripped, rules.fingerprinter())));
                copies += p.tier() == DedupIndex.Tier.STORY ? 0 : 1;
            }
            final double seconds = (System.nanoTime() - t0) / 1e9;
            final double cpuSeconds = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9;
            System.out.printf("dedup index alone (round %d): %d reports in %.2f s = %.0f reports/s on one thread, %.0f per CPU-second "
                            + "[copies found: %d of %d written; load average %.1f]%n", round, all.size(), seconds, all.size() / seconds,
                    all.size() / cpuSeconds, copies, copiesWritten, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            assertThat(copies).isEqualTo(copiesWritten);
            // what the horizon costs in memory: the index holds every report of it
            final long held = usedHeapAfterGc() - heapBefore;
            System.out.printf("dedup index memory (round %d): %,d bytes per report held (%d reports, %.0f words on average; "
                    + "exact copies keep no words)%n", round, held / index.size(), index.size(), (double) words / all.size());
        }
    }

    /**
     * {@link DedupIndex#place} alone: the index step without what {@code dedup-prepare} computes (the
     * words of each body, its hash), which is made before the clock starts. What the profile of a
     * pipeline calls the index (the candidates' count, the comparisons, the derived arrays), on one
     * thread, in six rounds of fresh indexes in this JVM. Read the {@code dedup placement alone:} lines.
     */
    @Test
    void shouldPrintReportsPerSecondOfPlacementAlone() {
        final List<RawReport> all = ARTICLES ? articleReports() : reports();
        final NearCopyRules rules = NearCopyRules.defaults();
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= 6; round++) {
            final List<DedupIndex.Report> prepared = new ArrayList<>(all.size());
            for (int i = 0; i < all.size(); i++) {
                final RawReport r = all.get(i);
                final String stripped = TextNormalizer.stripBoilerplate(r.getBody());
                prepared.add(new DedupIndex.Report(r.getReportId(), i, r.getSourceOutlet(), CanonicalUrl.canonicalize(r.getUrl()).orElse(r.getUrl()),
                        TextNormalizer.sha256Hex(stripped.toLowerCase(java.util.Locale.ROOT)), TextEvidence.ofStripped(stripped, rules.fingerprinter())));
            }
            usedHeapAfterGc();
            final DedupIndex index = new DedupIndex(rules, StreamsSettings.DEFAULT_DEDUP_HORIZON.toMillis());
            long copies = 0;
            final long cpu0 = threads.getCurrentThreadCpuTime();
            for (final DedupIndex.Report report : prepared) {
                copies += index.place(report).tier() == DedupIndex.Tier.STORY ? 0 : 1;
            }
            final double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            System.out.printf("dedup placement alone (round %d): %.0f reports per CPU-second, %.0f us each [copies found: %d of %d written]%n",
                    round, prepared.size() / cpuSeconds, cpuSeconds * 1e6 / prepared.size(), copies, copiesWritten);
            assertThat(copies).isEqualTo(copiesWritten);
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * {@code -Dbench.articles=true}: the index step on the reports {@code sitrep bench} sends
     * (article-size bodies of about 600 words from its grammar, {@link SyntheticReports}) instead of
     * this class's random-vocabulary ones.
     */
    private static final boolean ARTICLES = Boolean.getBoolean("bench.articles");

    private static List<RawReport> articleReports() {
        final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        final SyntheticReports.Options options = new SyntheticReports.Options(REPORTS, 0.10, 0.20, 41, 42L, 0L,
                java.time.LocalDate.now(java.time.ZoneOffset.UTC), true);
        final List<RawReport> out = new ArrayList<>();
        copiesWritten = 0;
        for (final SyntheticReports.Report r : SyntheticReports.all(options)) {
            try {
                final com.fasterxml.jackson.databind.JsonNode n = json.readTree(r.json());
                // ids are ingest's to give: a resend has the same URL, which places it as an exact copy
                out.add(report("article-" + out.size(), n.get("url").asText(), n.get("body").asText()));
                copiesWritten += r.kind() == SyntheticReports.Kind.NEW ? 0 : 1;
            } catch (final java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }

    private static RawReport report(final String id, final String url, final String body) {
        return RawReport.newBuilder().setReportId(id).setScraperId("bench").setSourceOutlet("Outlet " + (id.hashCode() & 63))
                .setUrl(url).setPublishedAt(Instant.parse("2026-04-20T06:00:00Z")).setFetchedAt(Instant.parse("2026-04-20T06:00:00Z"))
                .setHeadline("Benchmark report").setBody(body).build();
    }

    private static String text(final Random random, final String[] vocabulary, final int words) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            b.append(vocabulary[random.nextInt(vocabulary.length)]).append(i % 20 == 19 ? ". " : " ");
        }
        return b.toString().trim();
    }

    private static String word(final Random random) {
        final int length = 3 + random.nextInt(7);
        final StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }
}
