package io.sitrep.app.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.app.EmbeddedPipeline;
import io.sitrep.app.RunningPipeline;
import io.sitrep.app.bench.SyntheticReports;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Poison records written straight to the raw topic (past ingest's validation): random bytes, an
 * unknown schema id, truncated Avro and a wrong magic byte. Each goes to the rejected topic with its
 * topic, partition and offset; the application keeps running and counts the good reports around them.
 */
@Tag("integration")
@Timeout(180)
class PoisonRecordsIT {
    @RegisterExtension
    static final RunningPipeline RUNNING = new RunningPipeline();

    @Test
    void shouldRejectEachPoisonRecordWithItsCoordinatesAndKeepCounting() throws Exception {
        final EmbeddedPipeline pipeline = RUNNING.pipeline();
        final List<SyntheticReports.Report> reports = SyntheticReports.all(
                new SyntheticReports.Options(20, 0, 0, 5, 5L, 0L, LocalDate.now()));
        final ReportValidator validator = new ReportValidator(Clock.systemUTC(), pipeline.gazetteer()::isKnownCode);
        final var serializer = pipeline.topics().reportsRaw().valueSerde().serializer();
        final byte[] good = serializer.serialize(Topics.REPORTS_RAW, raw(validator, reports.get(0)));
        final byte[] random = new byte[64];
        new Random(1).nextBytes(random);
        random[0] = 0;   // looks like the wire format, then garbage
        final byte[] unknownId = good.clone();
        ByteBuffer.wrap(unknownId).putInt(1, 987_654);
        final byte[] truncated = Arrays.copyOf(good, good.length / 2);
        final byte[] wrongMagic = good.clone();
        wrongMagic[0] = 7;
        final Map<String, byte[]> poison = new LinkedHashMap<>();
        poison.put("random", random);
        poison.put("unknown-schema-id", unknownId);
        poison.put("truncated", truncated);
        poison.put("wrong-magic", wrongMagic);

        final Map<String, RecordMetadata> written = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            // good reports before, between and after the poison: the stage must go on past each one
            for (int i = 0; i < reports.size(); i++) {
                final RawReport report = raw(validator, reports.get(i));
                producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, report.getReportId().getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(Topics.REPORTS_RAW, report))).get();
                if (i % 5 == 0 && i / 5 < poison.size()) {
                    final String name = List.copyOf(poison.keySet()).get(i / 5);
                    written.put(name, producer.send(new ProducerRecord<>(Topics.REPORTS_RAW,
                            ("poison-" + name).getBytes(StandardCharsets.UTF_8), poison.get(name))).get());
                }
            }
        }

        final HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(pipeline.registryUrl());
        final List<RejectedRecord> rejected = FaultSupport.rejected(FaultSupport.readUntil(pipeline.bootstrapServers(),
                Topics.REPORTS_REJECTED, seen -> seen.size() >= poison.size(), Duration.ofSeconds(90)), registry);
        for (Map.Entry<String, RecordMetadata> w : written.entrySet()) {
            assertThat(rejected).as(w.getKey()).filteredOn(r -> Topics.REPORTS_RAW.equals(r.getSourceTopic())
                    && r.getSourcePartition() == w.getValue().partition() && r.getSourceOffset() == w.getValue().offset())
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.getStage()).isEqualTo(Stage.DEDUP);
                        assertThat(r.getReasonCode()).isEqualTo("UNDECODABLE");
                        assertThat(r.getOriginalBytes().array()).isEqualTo(poison.get(w.getKey()));
                    });
        }
        final Map<String, Long> expected = SyntheticReports.expectedEvents(0, reports.size(), 5);
        assertThat(FaultSupport.awaitTotals(pipeline.bootstrapServers(), registry, expected, Duration.ofSeconds(90)))
                .isEqualTo(expected);
        assertThat(FaultSupport.totalsAfterLagZero(pipeline.bootstrapServers(), registry)).as("read again after lag 0")
                .isEqualTo(expected);
        assertThat(pipeline.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private static RawReport raw(final ReportValidator validator, final SyntheticReports.Report report) {
        return ((ValidationResult.Valid) validator.validate(report.json().getBytes(StandardCharsets.UTF_8))).report();
    }
}
