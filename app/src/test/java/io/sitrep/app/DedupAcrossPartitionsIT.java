package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import io.sitrep.schemas.TopicPlan;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.DuplicateTier;
import io.sitrep.schemas.avro.Mention;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dedup on a real broker with every pipeline topic at 6 partitions and two Streams instances
 * sharing the work: copies of one wire story whose report ids hash to different partitions still
 * meet (all of them reach the one index task through its one-partition repartition topic), become
 * mentions of one story, and a different write-up of the same event stays its own story. Then
 * both instances stop and a third starts on an empty state directory: the index is rebuilt from
 * the restored store and a later copy still finds it. A wire copy that bridges an original and a
 * version that arrived before it merges the version's story into the original's, and the merge
 * survives the restart.
 */
@Tag("integration")
@Timeout(240)
class DedupAcrossPartitionsIT {
    private static final Logger log = LoggerFactory.getLogger(DedupAcrossPartitionsIT.class);
    private static final int PARTITIONS = 6;
    private static final String APP_ID = "dedup-it-" + System.nanoTime();
    private static final List<String> PARAGRAPHS = List.of(
            "Pakistani aircraft struck compounds in the Shigal district of Kunar province late on Saturday, killing five "
                    + "people including a schoolteacher, the district governor said on Sunday.",
            "Governor Hayatullah Sahil said the aircraft came from the east shortly after eleven at night and fired at least "
                    + "six missiles at houses on the slope above the river.",
            "Two Pakistani security officials said the targets were fighters of the Pakistani Taliban who had crossed back "
                    + "after attacking a checkpoint in Bajaur on Friday.",
            "Residents said the survivors were taken to Asadabad by tractor because the road had been damaged by an "
                    + "earlier landslide and ambulances could not reach the village.",
            "The Taliban's foreign ministry said it would raise the strike with Qatari and Turkish mediators, who are "
                    + "trying to hold together a ceasefire agreed last month.",
            "Shigal lies opposite Bajaur across a chain of ridges where the two armies have exchanged fire on and off "
                    + "since the autumn.");

    /** A second story, no figures: a wire text in three parts; the original is cut after the middle, a version runs from the middle on. */
    private static final String BOMB_LEAD = "A roadside bomb struck a van carrying polling staff near the market town of Khar, and the driver"
            + " and a guard were among those hurt, a spokesman for the district administration said, adding that the remaining staff"
            + " had been moved to a safer building nearby.";
    private static final String BOMB_MIDDLE = "Witnesses said the blast tore the front off the van and shattered the windows of shops"
            + " along the main road, and that traders pulled the injured out before police arrived and sealed off the area while a"
            + " bomb disposal squad searched the ditches on both sides for more devices.";
    private static final String BOMB_END = "Election officials said voting in the constituency would go ahead as planned under heavier"
            + " security, and that extra police would escort every team carrying ballot boxes between the villages and the counting"
            + " centre until the results were announced.";
    private static final String BOMB_VERSION = BOMB_MIDDLE + "\n\n" + BOMB_END + "\n\nLocal elders condemned the attack and called on"
            + " the authorities to protect the people who run the vote in remote areas.";

    @TempDir
    static Path dataDir;
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;
    private static TopicSpecs topics;
    private static StreamsRunner first;
    private static StreamsRunner second;
    private static KafkaProducer<String, RawReport> producer;
    private static Collector collector;

    @BeforeAll
    static void startCluster() throws Exception {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults().withDataDir(dataDir.resolve("kafka")));
        registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0);
        topics = TopicSpecs.create(new HttpSchemaRegistryClient(registry.url()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicPlan.ensure(admin, TopicPlan.pipelineTopics(PARTITIONS, (short) 1), Duration.ofSeconds(30));
        }
        first = runner("a");
        first.start(Duration.ofSeconds(90));
        second = runner("b");
        second.start(Duration.ofSeconds(90));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), topics.reportsRaw().valueSerde().serializer());
        collector = new Collector(broker.bootstrapServers(), topics);
    }

    private static StreamsRunner runner(final String name) {
        return new StreamsRunner(new StreamsSettings(broker.bootstrapServers(), APP_ID, dataDir.resolve("streams-" + name),
                StreamsSettings.DEFAULT_DEDUP_HORIZON, 1, Map.of()), topics, Gazetteer.loadDefault());
    }

    @AfterAll
    static void stopCluster() {
        for (final AutoCloseable c : new AutoCloseable[] {collector, producer, second, first, registry, broker}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing in reverse order; one failure must not keep the broker running
                    log.warn("Closing {} failed", c.getClass().getSimpleName(), e);
                }
            }
        }
    }

    private static RawReport report(final String id, final String outlet, final String url, final String body) {
        return RawReport.newBuilder()
                .setReportId(id).setScraperId("it").setSourceOutlet(outlet).setUrl(url)
                .setPublishedAt(Instant.parse("2026-04-20T06:00:00Z")).setFetchedAt(Instant.parse("2026-04-20T06:01:00Z"))
                .setHeadline("Strike in Shigal").setBody(body).build();
    }

    /** Sends a report and waits until dedup has placed it (as a story or a mention); returns its raw partition. */
    private static int sendAndAwait(final RawReport report) throws Exception {
        final int partition = producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, report.getReportId(), report)).get().partition();
        collector.awaitPlaced(report.getReportId(), Duration.ofSeconds(60));
        return partition;
    }

    @Test
    void shouldFindCopiesAcrossPartitionsAndInstancesAndAfterRestart() throws Exception {
        // both instances run tasks before the reports go out: RUNNING can come before a follow-up
        // rebalance hands the second instance its share, and the reports are placed within a second
        awaitTasksOnBothInstances(Duration.ofSeconds(60));
        final String wire = "KABUL (Test Wire) - " + String.join("\n\n", PARAGRAPHS);
        final Set<Integer> partitions = new HashSet<>();
        partitions.add(sendAndAwait(report("k-orig", "Test Wire", "https://wire.example/shigal", wire)));
        partitions.add(sendAndAwait(report("k-first3", "Asadabad Daily", "https://asadabad.example/1",
                String.join("\n\n", PARAGRAPHS.subList(0, 3)))));
        partitions.add(sendAndAwait(report("k-tail", "Bajaur Voice", "https://bajaur.example/2",
                "Five people died in an air raid on Kunar's Shigal district, officials said.\n\n"
                        + String.join("\n\n", PARAGRAPHS.subList(2, 6)))));
        partitions.add(sendAndAwait(report("k-body", "Kunar Gazette", "https://kunar.example/3",
                "ASADABAD - " + String.join(" ", PARAGRAPHS))));
        partitions.add(sendAndAwait(report("k-resend", "Test Wire", "https://wire.example/shigal?utm_source=rss", wire)));
        partitions.add(sendAndAwait(report("k-own", "Kabul Evening", "https://kabul-evening.example/4",
                "Relatives of five people killed in Shigal on Saturday night said the dead included a teacher at the "
                        + "village school. They blamed Pakistan for the raid and asked the Islamic Emirate to respond.")));

        assertThat(partitions).as("raw partitions the reports landed in").hasSizeGreaterThan(2);
        assertThat(activeTasks(first)).as("tasks of the first instance").isPositive();
        assertThat(activeTasks(second)).as("tasks of the second instance").isPositive();
        assertThat(collector.storyOf("k-orig")).isEqualTo("k-orig");
        assertThat(collector.storyOf("k-own")).as("a different write-up is its own story").isEqualTo("k-own");
        for (final String copy : List.of("k-first3", "k-tail", "k-body", "k-resend")) {
            assertThat(collector.storyOf(copy)).as("story of %s", copy).isEqualTo("k-orig");
        }
        assertThat(collector.mention("k-first3").getTier()).isEqualTo(DuplicateTier.NEAR_COPY);
        assertThat(collector.mention("k-body").getTier()).isEqualTo(DuplicateTier.EXACT_BODY);
        assertThat(collector.mention("k-resend").getTier()).isEqualTo(DuplicateTier.EXACT_URL);
        assertThat(collector.maxOutletCount("k-orig")).isEqualTo(4);

        // a version that arrives before the wire copy opens its own story; the wire copy bridges it to the original's
        sendAndAwait(report("m-orig", "Khar Times", "https://khar.example/1", BOMB_LEAD + "\n\n" + BOMB_MIDDLE));
        sendAndAwait(report("m-version", "Valley Post", "https://valley.example/2", BOMB_VERSION));
        assertThat(collector.storyOf("m-version")).as("the version alone is not a copy of the original").isEqualTo("m-version");
        sendAndAwait(report("m-wire", "Test Wire", "https://wire.example/khar", String.join("\n\n", BOMB_LEAD, BOMB_MIDDLE, BOMB_END)));
        assertThat(collector.storyOf("m-wire")).isEqualTo("m-orig");
        collector.awaitStory("m-version", "m-orig", Duration.ofSeconds(60));
        assertThat(collector.mention("m-version").getMatchedReportId()).isEqualTo("m-wire");

        // both instances stop; a third starts on an empty state directory and restores from the changelogs
        leave(second);
        leave(first);
        final StreamsRunner third = runner("c");
        try {
            third.start(Duration.ofSeconds(90));
            sendAndAwait(report("k-after", "Late Outlet", "https://late.example/5", String.join("\n\n", PARAGRAPHS.subList(1, 5))));
            assertThat(collector.storyOf("k-after")).isEqualTo("k-orig");
            assertThat(collector.mention("k-after").getTier()).isEqualTo(DuplicateTier.NEAR_COPY);
            assertThat(collector.maxOutletCount("k-orig")).isEqualTo(5);
            // the merge survived the restart: a later copy of the version alone joins the original's story
            sendAndAwait(report("m-later", "Late Outlet", "https://late.example/6", BOMB_VERSION + "\n\nThis report was updated."));
            assertThat(collector.storyOf("m-later")).isEqualTo("m-orig");
            assertThat(collector.mention("m-later").getOutletCount()).as("Khar Times, Valley Post, Test Wire, Late Outlet").isEqualTo(4);
        } finally {
            leave(third);
        }
    }

    /** Stops an instance and leaves the group, so the next one gets the tasks without waiting out the session timeout. */
    private static void leave(final StreamsRunner runner) {
        runner.close();
    }

    private static void awaitTasksOnBothInstances(final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while ((activeTasks(first) == 0 || activeTasks(second) == 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static int activeTasks(final StreamsRunner runner) {
        return runner.clients().stream().flatMap(c -> c.metadataForLocalThreads().stream())
                .mapToInt((ThreadMetadata t) -> t.activeTasks().size()).sum();
    }

    /** Reads the unique-reports and mentions topics in the background. */
    private static final class Collector implements AutoCloseable {
        private final Map<String, String> storyByReport = new ConcurrentHashMap<>();
        private final Map<String, Mention> mentions = new ConcurrentHashMap<>();
        private final Map<String, Integer> outlets = new ConcurrentHashMap<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final TopicSpecs topics;
        private final Thread thread;
        private volatile boolean running = true;

        Collector(final String bootstrap, final TopicSpecs topics) {
            this.topics = topics;
            final Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "collector-" + System.nanoTime());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(Topics.REPORTS_UNIQUE, Topics.REPORTS_MENTIONS));
            thread = new Thread(this::run, "it-collector");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.topic().equals(Topics.REPORTS_UNIQUE)) {
                        final UniqueReport u = topics.reportsUnique().valueSerde().deserializer().deserialize(r.topic(), r.value());
                        storyByReport.put(u.getReport().getReportId(), u.getStoryId());
                    } else {
                        final Mention m = topics.reportsMentions().valueSerde().deserializer().deserialize(r.topic(), r.value());
                        mentions.put(m.getReportId(), m);
                        outlets.merge(m.getStoryId(), m.getOutletCount(), Math::max);
                        storyByReport.put(m.getReportId(), m.getStoryId());
                    }
                }
                synchronized (this) {
                    notifyAll();
                }
            }
            consumer.close();
        }

        synchronized void awaitPlaced(final String reportId, final Duration timeout) throws InterruptedException {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (!storyByReport.containsKey(reportId)) {
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("dedup did not place " + reportId + " within " + timeout + "; placed: " + storyByReport);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        /** Waits until {@code reportId} is placed in {@code storyId}: a merge's mentions may sit on partitions read later. */
        synchronized void awaitStory(final String reportId, final String storyId, final Duration timeout) throws InterruptedException {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (!storyId.equals(storyByReport.get(reportId))) {
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(reportId + " not in story " + storyId + " within " + timeout + ": " + storyByReport.get(reportId));
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        String storyOf(final String reportId) {
            return storyByReport.get(reportId);
        }

        Mention mention(final String reportId) {
            return mentions.get(reportId);
        }

        int maxOutletCount(final String storyId) {
            return outlets.getOrDefault(storyId, 1);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }
}
