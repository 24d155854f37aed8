package io.sitrep.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.Mention;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.serde.AvroDeserializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Feeds an evaluation corpus to a running pipeline exactly as a scraper would (JSON over
 * {@code POST /v1/reports}: url, outlet, publish time, headline, text — never a label) and
 * collects what comes out of dedup and attribution.
 *
 * <p>Pace: {@link Pace#SEQUENTIAL} posts the items in publish order and waits for each one's
 * dedup outcome before the next, as when outlets publish minutes apart; {@link Pace#BURST}
 * posts everything at once, as a backfill would, and shows what races between near copies cost.
 */
public final class PipelineFeed implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRAPER = "sitrep-eval";

    /** How items are posted. */
    public enum Pace { SEQUENTIAL, BURST }

    private final String ingestUrl;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<UniqueReport> uniques;
    private final AvroDeserializer<Mention> mentions;
    private final AvroDeserializer<AttributedEvent> events;
    private final LatestPlacements byReport = new LatestPlacements();
    private final Map<String, Map<String, AttributedEvent>> eventsByStory = new ConcurrentHashMap<>();
    private final AtomicLong lastArrivalNanos = new AtomicLong(System.nanoTime());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PipelineFeed(final String ingestBaseUrl, final String bootstrapServers, final SchemaRegistryClient registry) {
        this.ingestUrl = ingestBaseUrl + "/v1/reports";
        this.uniques = new AvroDeserializer<>(registry, UniqueReport.class);
        this.mentions = new AvroDeserializer<>(registry, Mention.class);
        this.events = new AvroDeserializer<>(registry, AttributedEvent.class);
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "sitrep-eval-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the pipeline writes with exactly-once: read only what it committed
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.REPORTS_UNIQUE, Topics.REPORTS_MENTIONS, Topics.EVENTS_ATTRIBUTED));
        this.poller = new Thread(this::poll, "sitrep-eval-collector");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (running.get()) {
            for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                lastArrivalNanos.set(System.nanoTime());
                switch (r.topic()) {
                    case Topics.REPORTS_UNIQUE -> {
                        final UniqueReport u = uniques.deserialize(r.topic(), r.value());
                        byReport.offer(new Observations.Outcome(u.getReport().getReportId(), u.getStoryId(), "STORY", null, 0.0),
                                LatestPlacements.STORY);
                    }
                    case Topics.REPORTS_MENTIONS -> {
                        final Mention m = mentions.deserialize(r.topic(), r.value());
                        byReport.offer(new Observations.Outcome(m.getReportId(), m.getStoryId(), m.getTier().name(), m.getMatchedReportId(),
                                m.getContainment()), LatestPlacements.rankOfMention(r.headers()));
                    }
                    default -> {
                        final AttributedEvent e = events.deserialize(r.topic(), r.value());
                        final String eventId = r.key();
                        // an event merged into another (or re-attributed) is replaced or tombstoned under its id:
                        // forget every story's earlier view of it, then index it under each story that reports it
                        eventsByStory.values().forEach(byId -> byId.remove(eventId));
                        if (e != null) {
                            eventsByStory.computeIfAbsent(e.getStoryId(), k -> new ConcurrentHashMap<>()).put(eventId, e);
                            for (io.sitrep.schemas.avro.Source source : e.getSources()) {
                                eventsByStory.computeIfAbsent(source.getStoryId(), k -> new ConcurrentHashMap<>()).put(eventId, e);
                            }
                        }
                    }
                }
            }
        }
        consumer.close();
    }

    /**
     * Posts every item and waits for the outcomes.
     *
     * @param perItem  with SEQUENTIAL, how long to wait for one item's outcome; with BURST, for all
     * @param progress receives one line per refused item or timeout
     */
    public Observations run(final EvalCorpus corpus, final Pace pace, final Duration perItem, final Consumer<String> progress)
            throws IOException, InterruptedException {
        final List<EvalItem> ordered = new ArrayList<>(corpus.items());
        ordered.sort(Comparator.comparing((EvalItem i) -> i.publishedAt() == null ? "~" : i.publishedAt()));
        final Map<String, String> itemByReport = new HashMap<>();
        final Map<String, String> refused = new HashMap<>();
        for (final EvalItem item : ordered) {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ingestUrl))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(toJson(item))).build(), HttpResponse.BodyHandlers.ofString());
            final JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 202) {
                refused.put(item.id(), body.path("reason").asText("HTTP " + response.statusCode()));
                progress.accept("refused " + item.id() + ": " + body.path("message").asText());
                continue;
            }
            final String reportId = body.path("reportId").asText();
            itemByReport.put(reportId, item.id());
            if (pace == Pace.SEQUENTIAL && !awaitOutcomes(List.of(reportId), perItem)) {
                progress.accept("no dedup outcome for " + item.id() + " within " + perItem);
            }
        }
        if (pace == Pace.BURST && !awaitOutcomes(itemByReport.keySet(), perItem)) {
            progress.accept("not every item had a dedup outcome within " + perItem);
        }
        awaitQuiet(Duration.ofSeconds(3), Duration.ofSeconds(60));
        final Map<String, Observations.Outcome> outcomes = new HashMap<>();
        itemByReport.forEach((reportId, itemId) -> {
            final Observations.Outcome o = byReport.get(reportId);
            if (o != null) {
                outcomes.put(itemId, o);
            }
        });
        final Map<String, List<AttributedEvent>> events = new HashMap<>();
        eventsByStory.forEach((story, byId) -> events.put(story, List.copyOf(byId.values())));
        return new Observations(outcomes, events, refused);
    }

    private boolean awaitOutcomes(final Iterable<String> reportIds, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (final String id : reportIds) {
                all &= byReport.has(id);
            }
            if (all) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Waits until nothing new arrived for {@code quiet} (attribution runs one hop behind dedup). */
    private void awaitQuiet(final Duration quiet, final Duration max) throws InterruptedException {
        final long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && System.nanoTime() - lastArrivalNanos.get() < quiet.toNanos()) {
            Thread.sleep(50);
        }
    }

    static String toJson(final EvalItem item) {
        final ObjectNode n = JSON.createObjectNode();
        n.put("scraperId", SCRAPER);
        n.put("scraperReportId", item.id());
        n.put("sourceOutlet", item.outlet());
        if (item.url() != null) {
            n.put("url", item.url());
        }
        final String published = item.publishedAt() != null ? item.publishedAt() : Instant.now().toString();
        n.put("publishedAt", published);
        n.put("fetchedAt", published);
        n.put("headline", item.headline() != null ? item.headline() : firstSentence(item.text()));
        n.put("body", item.text());
        return n.toString();
    }

    private static String firstSentence(final String text) {
        final String flat = text.strip().replaceAll("\\s+", " ");
        final int end = flat.indexOf(". ");
        final String s = end > 0 ? flat.substring(0, end) : flat;
        return s.length() > 120 ? s.substring(0, 120) : s;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        poller.join(5_000);
    }

}
