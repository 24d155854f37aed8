package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.serde.AvroDeserializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end scenarios that run against every way of deploying the pipeline: the embedded
 * pipeline of the demo ({@code PipelineEndToEndIT}) and the separate roles against an external
 * cluster ({@code docker.ExternalClusterEndToEndIT}). Each asserts what it checks itself.
 */
public final class EndToEndScenarios {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Where the scenario runs: ingest's base URL, the cluster, and the streams application id. */
    public record Target(String ingestBaseUrl, String bootstrapServers, String schemaRegistryUrl, String applicationId,
                         String description) {
    }

    /** The scenarios as tests: the test class of one way of deploying says where its pipeline is. */
    public interface AsTests {
        Target target();

        @Test
        default void shouldCountEachRealEventOnceAndRejectTheInvalidReport() throws Exception {
            countEachRealEventOnceAndRejectTheInvalidReport(target());
        }

        @Test
        default void shouldRouteUndecodableRecordToRejectedTopicWithItsCoordinates() throws Exception {
            routeUndecodableRecordToRejectedTopicWithItsCoordinates(target());
        }
    }

    private EndToEndScenarios() {
    }

    /**
     * Posts a strike, its resend, a syndicated copy, shelling in Kurram, talks and a report without
     * a body: each real event is counted once, the resend gets the same id, talks count nothing,
     * and the refusal is on the rejected topic.
     */
    public static void countEachRealEventOnceAndRejectTheInvalidReport(final Target target) throws Exception {
        // the syndicated copy is the wire story without its dateline and sign-off
        final String wireStory = "Pakistani jets carried out air strikes in Khost province on 26 February, local officials said.";
        final String khostStrike = EndToEndSupport.report("Wire Service", "https://wire.example/2026/02/27/khost-strikes?utm_source=feed",
                "Pakistani air strikes hit Khost", "KHOST (Wire Service) - " + wireStory + " (Reporting by A. Writer; Editing by B. Editor)");
        final String syndicatedCopy = EndToEndSupport.report("Frontier Daily", "https://frontier-daily.example/world/khost-strikes",
                "Jets strike Khost province", wireStory);
        final String kurramShelling = EndToEndSupport.report("Border Post", "https://borderpost.example/kurram-shelling",
                "Shelling in Kurram",
                "Afghan forces fired artillery shells at a Pakistani border post in Kurram district of Khyber Pakhtunkhwa "
                        + "on 26 February, the military said.");
        final String talks = EndToEndSupport.report("Capital Times", "https://capitaltimes.example/talks",
                "Delegations meet for talks",
                "Afghan and Pakistani delegations held ceasefire talks in Doha on 26 February.");
        final String invalid = JSON.createObjectNode().put("scraperId", "e2e-scraper").put("sourceOutlet", "Nowhere")
                .put("url", "https://nowhere.example/1").put("publishedAt", "2026-02-27T08:00:00Z")
                .put("headline", "No body").toString();

        final HttpResponse<String> first = post(target, khostStrike);
        final HttpResponse<String> resend = post(target, khostStrike);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(resend.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(resend.body()).path("reportId").asText())
                .isEqualTo(JSON.readTree(first.body()).path("reportId").asText());
        assertThat(post(target, syndicatedCopy).statusCode()).isEqualTo(202);
        assertThat(post(target, kurramShelling).statusCode()).isEqualTo(202);
        assertThat(post(target, talks).statusCode()).isEqualTo(202);
        final HttpResponse<String> refused = post(target, invalid);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("reason").asText()).isEqualTo("MISSING_FIELD");

        final Map<String, Long> expected = Map.of("AF-KHO", 1L, "PK-KP", 1L);
        final Map<String, RegionEscalation> latest = new HashMap<>();
        EndToEndSupport.readUntil(target.bootstrapServers(), Topics.ESCALATION_LATEST, new AvroDeserializer<>(registry(target), RegionEscalation.class), record -> {
            latest.put(record.key(), record.value());
            return EndToEndSupport.totals(latest).equals(expected);
        });
        assertThat(EndToEndSupport.totals(latest)).as("per-region events on " + target.description()).isEqualTo(expected);
        assertThat(latest.get("AF-KHO").getC7()).isEqualTo(1);
        // the totals may match before the pipeline is done (a late double count would change them):
        // once every topic of the application is consumed, read the figures again from the start
        assertThat(EndToEndSupport.awaitCaughtUp(target.bootstrapServers(), target.applicationId()))
                .as("records of the application's topics (internal ones too) not yet consumed").isZero();
        final Map<String, RegionEscalation> settled = EndToEndSupport.latestByKey(target.bootstrapServers(), Topics.ESCALATION_LATEST,
                new AvroDeserializer<>(registry(target), RegionEscalation.class));
        assertThat(EndToEndSupport.totals(settled)).as("per-region events after lag 0, read again").isEqualTo(expected);

        final List<RejectedRecord> rejected = new ArrayList<>();
        EndToEndSupport.readUntil(target.bootstrapServers(), Topics.REPORTS_REJECTED, new AvroDeserializer<>(registry(target), RejectedRecord.class), record -> {
            rejected.add(record.value());
            return record.value().getReasonCode().equals("MISSING_FIELD");
        });
        final RejectedRecord refusal = rejected.get(rejected.size() - 1);
        assertThat(refusal.getStage()).isEqualTo(Stage.INGEST);
        assertThat(refusal.getScraperId()).isEqualTo("e2e-scraper");
        assertThat(refusal.getMessage()).contains("body");
        assertThat(refusal.getOriginalText()).contains("No body");
    }

    /** A record that is not in the Confluent wire format reaches the rejected topic with its coordinates. */
    public static void routeUndecodableRecordToRejectedTopicWithItsCoordinates(final Target target) throws Exception {
        final byte[] garbage = "{\"headline\":\"plain JSON, not the Confluent wire format\"}".getBytes(StandardCharsets.UTF_8);
        final RecordMetadata written;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            written = producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, "garbage".getBytes(StandardCharsets.UTF_8), garbage)).get();
        }

        final List<RejectedRecord> found = new ArrayList<>();
        EndToEndSupport.readUntil(target.bootstrapServers(), Topics.REPORTS_REJECTED, new AvroDeserializer<>(registry(target), RejectedRecord.class), record -> {
            final RejectedRecord r = record.value();
            if ("UNDECODABLE".equals(r.getReasonCode()) && Topics.REPORTS_RAW.equals(r.getSourceTopic())
                    && r.getSourcePartition() == written.partition() && r.getSourceOffset() == written.offset()) {
                found.add(r);
                return true;
            }
            return false;
        });
        assertThat(found).hasSize(1);
        assertThat(found.get(0).getStage()).isEqualTo(Stage.DEDUP);
        assertThat(found.get(0).getMessage()).contains("magic byte");
        assertThat(found.get(0).getOriginalBytes().array()).isEqualTo(garbage);
    }

    private static HttpResponse<String> post(final Target target, final String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(target.ingestBaseUrl() + "/v1/reports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpSchemaRegistryClient registry(final Target target) {
        return new HttpSchemaRegistryClient(target.schemaRegistryUrl());
    }
}
