package io.sitrep.app.docker;

import io.sitrep.app.EndToEndSupport;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end assertions of {@code PipelineEndToEndIT}, but with the roles deployed the way
 * docker-compose.yml and deploy/k8s deploy them: {@code sitrep topics create} and
 * {@code sitrep schemas register} as the init step, then {@code sitrep streams} and
 * {@code sitrep ingest} as separate roles against an external cluster, every setting given as a
 * {@code SITREP_*} variable. The cluster comes from {@link ClusterProvider}: the in-process
 * broker by default, Kafka and Schema Registry containers with
 * {@code -Dsitrep.it.cluster=testcontainers} (skipped, with the reason, where Docker is absent).
 */
@Tag("integration")
@Timeout(300)
@ExtendWith(ClusterAvailable.class)
class ExternalClusterEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String APPLICATION_ID = "e2e-external-" + System.nanoTime();

    @TempDir
    static Path dataDir;
    private static ClusterProvider cluster;
    private static RunningRole streams;
    private static RunningRole ingest;

    @BeforeAll
    static void deploy() throws Exception {
        cluster = ClusterProvider.start(dataDir);
        final Map<String, String> shared = Map.of(
                "SITREP_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "SITREP_SCHEMA_REGISTRY_URL", cluster.schemaRegistryUrl(),
                "SITREP_HTTP_PORT", "0",
                "SITREP_KAFKA_CLIENT_DNS_LOOKUP", "use_all_dns_ips");

        final Map<String, String> init = with(shared, "SITREP_PARTITIONS", "2", "SITREP_REPLICATION_FACTOR", "1");
        final RunningRole.Result topics = RunningRole.run(init, "topics", "create");
        assertThat(topics.exitCode()).as(topics.output()).isZero();
        final RunningRole.Result schemas = RunningRole.run(init, "schemas", "register");
        assertThat(schemas.exitCode()).as(schemas.output()).isZero();

        streams = RunningRole.start("streams", with(shared,
                "SITREP_APPLICATION_ID", APPLICATION_ID,
                "SITREP_STATE_DIR", dataDir.resolve("streams").toString(),
                "SITREP_REPLICATION_FACTOR", "1",
                "SITREP_KAFKA_COMMIT_INTERVAL_MS", "200"), Duration.ofMinutes(3), "streams");
        ingest = RunningRole.start("ingest", with(shared, "SITREP_NO_AUTH", "true"), Duration.ofMinutes(1), "ingest");
    }

    @AfterAll
    static void undeploy() throws Exception {
        for (final AutoCloseable c : new AutoCloseable[] {ingest, streams, cluster}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static Map<String, String> with(final Map<String, String> base, final String... pairs) {
        final Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void shouldServeReadinessFromEveryRoleAgainstTheExternalCluster() throws Exception {
        for (final RunningRole role : List.of(streams, ingest)) {
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            HttpResponse<String> ready;
            do {
                ready = HTTP.send(HttpRequest.newBuilder(URI.create(role.baseUrl() + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } while (ready.statusCode() != 200 && System.nanoTime() < deadline);
            assertThat(ready.statusCode()).as(role + " /readyz on " + cluster.describe() + ": " + ready.body()).isEqualTo(200);
        }
    }

    @Test
    void shouldCountEachRealEventOnceAndRejectTheInvalidReport() throws Exception {
        final String khostStrike = EndToEndSupport.report("Wire Service", "https://wire.example/2026/02/27/khost-strikes?utm_source=feed",
                "Pakistani air strikes hit Khost",
                "KHOST (Wire Service) - Pakistani jets carried out air strikes in Khost province on 26 February, "
                        + "local officials said. (Reporting by A. Writer; Editing by B. Editor)");
        final String syndicatedCopy = EndToEndSupport.report("Frontier Daily", "https://frontier-daily.example/world/khost-strikes",
                "Jets strike Khost province",
                "Pakistani jets carried out air strikes in Khost province on 26 February, local officials said.");
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

        final HttpResponse<String> first = post(khostStrike);
        final HttpResponse<String> resend = post(khostStrike);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(resend.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(resend.body()).path("reportId").asText())
                .isEqualTo(JSON.readTree(first.body()).path("reportId").asText());
        assertThat(post(syndicatedCopy).statusCode()).isEqualTo(202);
        assertThat(post(kurramShelling).statusCode()).isEqualTo(202);
        assertThat(post(talks).statusCode()).isEqualTo(202);
        final HttpResponse<String> refused = post(invalid);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("reason").asText()).isEqualTo("MISSING_FIELD");

        final Map<String, Long> expected = Map.of("AF-KHO", 1L, "PK-KP", 1L);
        final Map<String, RegionEscalation> latest = new HashMap<>();
        EndToEndSupport.readUntil(cluster.bootstrapServers(), Topics.ESCALATION_LATEST, new AvroDeserializer<>(registry(), RegionEscalation.class), record -> {
            latest.put(record.key(), record.value());
            return EndToEndSupport.totals(latest).equals(expected);
        });
        assertThat(EndToEndSupport.totals(latest)).as("per-region events on " + cluster.describe()).isEqualTo(expected);
        assertThat(latest.get("AF-KHO").getC7()).isEqualTo(1);
        assertThat(EndToEndSupport.awaitCaughtUp(cluster.bootstrapServers(), APPLICATION_ID)).as("lag of the streams group on the raw topic").isZero();

        final List<RejectedRecord> rejected = new ArrayList<>();
        EndToEndSupport.readUntil(cluster.bootstrapServers(), Topics.REPORTS_REJECTED, new AvroDeserializer<>(registry(), RejectedRecord.class), record -> {
            rejected.add(record.value());
            return record.value().getReasonCode().equals("MISSING_FIELD");
        });
        final RejectedRecord refusal = rejected.get(rejected.size() - 1);
        assertThat(refusal.getStage()).isEqualTo(Stage.INGEST);
        assertThat(refusal.getScraperId()).isEqualTo("e2e-scraper");
        assertThat(refusal.getMessage()).contains("body");
        assertThat(refusal.getOriginalText()).contains("No body");
    }

    @Test
    void shouldRouteUndecodableRecordToRejectedTopicWithItsCoordinates() throws Exception {
        final byte[] garbage = "{\"headline\":\"plain JSON, not the Confluent wire format\"}".getBytes(StandardCharsets.UTF_8);
        final RecordMetadata written;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            written = producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, "garbage".getBytes(StandardCharsets.UTF_8), garbage)).get();
        }

        final List<RejectedRecord> found = new ArrayList<>();
        EndToEndSupport.readUntil(cluster.bootstrapServers(), Topics.REPORTS_REJECTED, new AvroDeserializer<>(registry(), RejectedRecord.class), record -> {
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

    private static HttpResponse<String> post(final String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ingest.baseUrl() + "/v1/reports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpSchemaRegistryClient registry() {
        return new HttpSchemaRegistryClient(cluster.schemaRegistryUrl());
    }

}
