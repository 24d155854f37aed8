package io.sitrep.app.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitrep.app.bench.SyntheticReports;
import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.TopicPlan;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry unreachable for a while, seen from ingest's publisher: a writer that has
 * already looked its schema up keeps writing (the id is cached); a writer that has not fails the
 * send (ingest answers 503 for it, the scraper's client retries); once the registry is back on its
 * address, the new writer gets the same schema id and writes. What the streams side does in the
 * same situation is described in docs/RELIABILITY.md.
 */
@Tag("integration")
@Timeout(120)
class RegistryOutageIT {
    @TempDir
    Path dir;
    private EmbeddedKafkaBroker broker;
    private EmbeddedSchemaRegistry registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldKeepWritingWithCachedSchemasAndFailOnlyWritersThatNeedTheRegistry() throws Exception {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults().withPort(0).withDataDir(dir.resolve("kafka")));
        registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0);
        final int port = registry.port();
        final String url = registry.url();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicPlan.ensure(admin, TopicPlan.pipelineTopics(1, (short) 1), Duration.ofSeconds(30));
        }
        final List<RawReport> reports = SyntheticReports.all(new SyntheticReports.Options(30, 0, 0, 3, 9L, 0L, LocalDate.now()))
                .stream().map(r -> ((ValidationResult.Valid) new ReportValidator(Clock.systemUTC(), Gazetteer.loadDefault()::isKnownCode)
                        .validate(r.json().getBytes(StandardCharsets.UTF_8))).report()).toList();

        try (ReportPublisher warm = publisher(url); ReportPublisher cold = publisher(url)) {
            warm.publish(reports.get(0)).get(30, TimeUnit.SECONDS);

            registry.close();
            registry = null;
            for (RawReport r : reports.subList(1, 20)) {
                assertThat(warm.publish(r).get(30, TimeUnit.SECONDS)).as("cached schema id: no registry call").isNotNull();
            }
            final long start = System.nanoTime();
            assertThatThrownBy(() -> cold.publish(reports.get(20)).get(60, TimeUnit.SECONDS))
                    .as("a writer without the schema id cannot serialize").hasMessageContaining("egistry");
            final Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);
            assertThat(failedAfter).as("fails fast enough for ingest to answer 503 in time").isLessThan(Duration.ofSeconds(30));

            registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), port);
            assertThat(cold.publish(reports.get(21)).get(30, TimeUnit.SECONDS)).as("registry back: the cold writer writes")
                    .isNotNull();
        }
    }

    private ReportPublisher publisher(final String registryUrl) {
        final TopicSpecs topics = TopicSpecs.create(new HttpSchemaRegistryClient(registryUrl));
        return ReportPublisher.create(broker.bootstrapServers(), topics.reportsRaw().valueSerde().serializer(),
                topics.reportsRejected().valueSerde().serializer(), Map.of());
    }
}
