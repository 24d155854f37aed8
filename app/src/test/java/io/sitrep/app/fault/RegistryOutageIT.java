package io.sitrep.app.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sitrep.app.Closing;
import io.sitrep.app.EndToEndSupport;
import io.sitrep.app.StreamsRunner;
import io.sitrep.app.bench.SyntheticReports;
import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.embedded.registry.EmbeddedSchemaRegistry;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.TopicPlan;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry unreachable for a while, seen from ingest's publisher: a writer that has
 * already looked its schema up keeps writing (the id is cached); a writer that has not fails the
 * send (ingest answers 503 for it, the scraper's client retries); once the registry is back on its
 * address, the new writer gets the same schema id and writes.
 *
 * <p>On the streams side, an instance that starts while the registry is down (refusing connections,
 * then answering 503) cannot look up the writer schema of the reports: it pauses and retries, and
 * once the registry is back every report is counted and none is on the rejected topic.
 */
@Tag("integration")
@Timeout(180)
class RegistryOutageIT {
    @TempDir
    Path dir;
    private EmbeddedKafkaBroker broker;
    private EmbeddedSchemaRegistry registry;
    private StreamsRunner streams;
    private HttpServer fake;

    @AfterEach
    void stop() throws Exception {
        Closing.closeAll(streams, fake == null ? null : () -> fake.stop(0), registry, broker);
    }

    @Test
    void shouldKeepWritingWithCachedSchemasAndFailOnlyWritersThatNeedTheRegistry() throws Exception {
        startBrokerAndRegistry();
        final int port = registry.port();
        final String url = registry.url();
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

    private void startBrokerAndRegistry() throws Exception {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults().withPort(0).withDataDir(dir.resolve("kafka")));
        registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicPlan.ensure(admin, TopicPlan.pipelineTopics(1, (short) 1), Duration.ofSeconds(30));
        }
    }

    private ReportPublisher publisher(final String registryUrl) {
        final TopicSpecs topics = TopicSpecs.create(new HttpSchemaRegistryClient(registryUrl));
        return ReportPublisher.create(broker.bootstrapServers(), topics.reportsRaw().valueSerde().serializer(),
                topics.reportsRejected().valueSerde().serializer(), Map.of());
    }

    @Test
    void shouldPauseStreamsAndCountEveryReportWhenTheRegistryIsDownAndReturns() throws Exception {
        startBrokerAndRegistry();
        final int port = registry.port();
        final String url = registry.url();
        final var options = new SyntheticReports.Options(40, 0, 0, 3, 13L, 0L, LocalDate.now());
        final List<SyntheticReports.Report> synthetic = SyntheticReports.all(options);
        final Map<String, Long> expected = SyntheticReports.expectedEvents(0,
                synthetic.stream().filter(r -> r.kind() == SyntheticReports.Kind.NEW).count(), 3);
        final ReportValidator validator = new ReportValidator(Clock.systemUTC(), Gazetteer.loadDefault()::isKnownCode);
        try (ReportPublisher publisher = publisher(url)) {
            for (SyntheticReports.Report r : synthetic) {
                publisher.publish(((ValidationResult.Valid) validator.validate(r.json().getBytes(StandardCharsets.UTF_8))).report())
                        .get(30, TimeUnit.SECONDS);
            }
        }

        // down: nothing listens on the registry's port; a new instance has no schema cached
        registry.close();
        registry = null;
        final HttpSchemaRegistryClient streamsRegistry = new HttpSchemaRegistryClient(url);
        streams = new StreamsRunner(new StreamsSettings(broker.bootstrapServers(), StreamsSettings.DEFAULT_APPLICATION_ID,
                dir.resolve("state"), StreamsSettings.DEFAULT_DEDUP_HORIZON, 1,
                // a failed thread's member stays in the group until its session times out; the
                // replacement waits that long before it gets the partitions back (45 s by default)
                Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1500")),
                TopicSpecs.create(streamsRegistry), Gazetteer.loadDefault());
        // not StreamsRunner.start: the instance cannot reach RUNNING for long while the registry is down
        streams.start();
        awaitThreadReplaced(threadNames());
        // then a registry that answers 503 (a store that is not ready): also a pause, not a rejection
        final AtomicInteger asked = new AtomicInteger();
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        fake.createContext("/", exchange -> {
            asked.incrementAndGet();
            final byte[] body = "{\"error_code\":50003,\"message\":\"not ready\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fake.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (asked.get() == 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertThat(asked.get()).as("the instance asked the 503 registry").isPositive();
        awaitThreadReplaced(threadNames());
        fake.stop(0);
        fake = null;

        registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), port);
        final HttpSchemaRegistryClient reader = new HttpSchemaRegistryClient(url);
        assertThat(FaultSupport.awaitTotals(broker.bootstrapServers(), reader, expected, Duration.ofSeconds(90)))
                .as("every report counted once the registry is back").isEqualTo(expected);
        assertThat(FaultSupport.totalsAfterLagZero(broker.bootstrapServers(), reader)).as("read again after lag 0").isEqualTo(expected);
        assertThat(EndToEndSupport.latestByKey(broker.bootstrapServers(), Topics.REPORTS_REJECTED, new ByteArrayDeserializer()))
                .as("no valid report dead-lettered").isEmpty();
    }

    private Set<String> threadNames() {
        return streams.clients().stream().flatMap(c -> c.metadataForLocalThreads().stream()).map(ThreadMetadata::threadName)
                .collect(Collectors.toSet());
    }

    /** Waits until the stream thread has failed and been replaced: the threads are no longer {@code before}. */
    private void awaitThreadReplaced(final Set<String> before) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!threadNames().equals(before)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("the stream thread was never replaced; threads: " + before);
    }
}
