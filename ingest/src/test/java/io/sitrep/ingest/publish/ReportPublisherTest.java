package io.sitrep.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitrep.ingest.support.RecordingProducer;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RejectedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class ReportPublisherTest {

    private static final Instant NOW = Instant.parse("2026-02-27T12:00:00Z");

    private final RecordingProducer<RawReport> reports = new RecordingProducer<>(false);
    private final RecordingProducer<RejectedRecord> rejections = new RecordingProducer<>(true);
    private final ReportPublisher publisher = new ReportPublisher(reports, rejections);

    @Test
    void shouldCompleteOnlyAfterAcknowledgementWhenPublishing() throws Exception {
        final CompletableFuture<RecordMetadata> future = publisher.publish(report("s:kabul-wire-1:1"));

        assertThat(future).isNotDone();
        assertThat(reports.history()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo(Topics.REPORTS_RAW);
            assertThat(r.key()).isEqualTo("s:kabul-wire-1:1");
        });
        reports.completeNext();
        assertThat(future.get().topic()).isEqualTo(Topics.REPORTS_RAW);
    }

    @Test
    void shouldFailFutureWhenSendThrowsSynchronously() {
        reports.sendException = new SerializationException("schema registry unreachable");

        final CompletableFuture<RecordMetadata> future = publisher.publish(report("s:kabul-wire-1:1"));

        assertThat(future).isCompletedExceptionally();
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SerializationException.class);
    }

    @Test
    void shouldKeyRejectionByReportIdElseScraperIdElseNullWhenRejecting() throws Exception {
        publisher.reject(Rejections.ingest("MISSING_FIELD", "m", "scr", "s:scr:1", null, NOW)).get();
        publisher.reject(Rejections.ingest("MISSING_FIELD", "m", "scr", null, null, NOW)).get();
        publisher.reject(Rejections.ingest("MALFORMED_JSON", "m", null, null, null, NOW)).get();

        assertThat(rejections.history()).extracting(r -> r.key()).containsExactly("s:scr:1", "scr", null);
        assertThat(rejections.history()).allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.REPORTS_REJECTED));
    }

    @Test
    void shouldForceAcksAllAndIdempotenceWhenBuildingProducerConfig() {
        final Map<String, Object> config = ReportPublisher.producerConfig("broker:9092",
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 50, "security.protocol", "SSL"));

        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 50)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry("security.protocol", "SSL");
        // the producer refuses delivery.timeout.ms < linger.ms + request.timeout.ms
        assertThat((int) config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isGreaterThanOrEqualTo(
                (int) config.get(ProducerConfig.LINGER_MS_CONFIG) + (int) config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
    }

    @Test
    void shouldLetABatchWaitTwentyMillisecondsByDefault() {
        assertThat(ReportPublisher.producerConfig("broker:9092", Map.of()))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, ReportPublisher.LINGER_MS);
        assertThat(ReportPublisher.LINGER_MS).isEqualTo(20);
    }

    @Test
    void shouldRefuseConfigWhenExtraPropertiesWeakenDurability() {
        assertThatThrownBy(() -> ReportPublisher.producerConfig("b:9092", Map.of(ProducerConfig.ACKS_CONFIG, "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acks");
        assertThatThrownBy(() -> ReportPublisher.producerConfig("b:9092", Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idempotence");
        assertThat(ReportPublisher.producerConfig("b:9092", Map.of(ProducerConfig.ACKS_CONFIG, "-1")))
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }

    @Test
    void shouldBuildRealProducersWhenConfigIsAcceptedByKafkaClient() {
        // construction validates the config (e.g. delivery.timeout.ms vs linger + request timeout); no broker needed
        final Serializer<RawReport> reportSerializer = (topic, value) -> new byte[0];
        final Serializer<RejectedRecord> rejectedSerializer = (topic, value) -> new byte[0];
        final ReportPublisher real = ReportPublisher.create("127.0.0.1:9", reportSerializer, rejectedSerializer,
                Map.of(ProducerConfig.CLIENT_ID_CONFIG, "test"));

        real.close(Duration.ZERO);
    }

    @Test
    void shouldCloseBothProducersWhenClosed() {
        publisher.close();

        assertThat(reports.closed()).isTrue();
        assertThat(rejections.closed()).isTrue();
    }

    static RawReport report(final String reportId) {
        return RawReport.newBuilder().setReportId(reportId).setScraperId("kabul-wire-1").setSourceOutlet("Tolo News")
                .setPublishedAt(NOW).setFetchedAt(NOW).setIngestedAt(NOW).setHeadline("h").setBody("b").build();
    }
}
