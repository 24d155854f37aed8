package io.sitrep.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.sitrep.ingest.auth.ScraperTokens;
import io.sitrep.ingest.http.IngestLimits;
import io.sitrep.ingest.http.ReportIngestHandler;
import io.sitrep.ingest.intake.ReportIntake;
import io.sitrep.ingest.metrics.IngestMetrics;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.schemas.TopicSpecs;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake of the ingest role (validator, publisher, metrics) and its HTTP front, wired
 * together; the file loader uses the same intake ({@link #intake()}).
 */
final class IngestService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final ReportIntake intake;
    private final ReportPublisher publisher;
    private final IngestLimits limits;
    private final ScraperTokens tokens;

    private IngestService(final ReportIntake intake, final ReportPublisher publisher, final IngestLimits limits,
                          final ScraperTokens tokens) {
        this.intake = intake;
        this.publisher = publisher;
        this.limits = limits;
        this.tokens = tokens;
    }

    /**
     * The embedded demo's ingest: authentication and rate limit OFF (logged loudly at WARN).
     *
     * @param knownRegion accepts the region codes scrapers may send as hints (the gazetteer's)
     * @param kafkaProperties extra producer properties (security, tuning); acks and idempotence cannot be weakened
     * @param metrics the process's registry (served at {@code /metrics}), where ingest's meters go
     */
    static IngestService create(final String bootstrapServers, final TopicSpecs topics, final Predicate<String> knownRegion,
                                final Map<String, ?> kafkaProperties, final MeterRegistry metrics) {
        log.warn("*** INGEST AUTHENTICATION IS DISABLED: anyone reaching POST /v1/reports may post for any scraper."
                + " This is for the embedded demo only; `sitrep ingest` requires --auth-file or "
                + ScraperTokens.ENV_VARIABLE + " ***");
        return create(bootstrapServers, topics, knownRegion, kafkaProperties, IngestLimits.defaults().withRateLimit(0, 1),
                ScraperTokens.disabled(), metrics);
    }

    /**
     * @param limits  sizes, acknowledgement deadline, per-scraper rate
     * @param tokens  who may post; {@link ScraperTokens#disabled()} only for the demo and the loader
     * @param metrics the process's registry (served at {@code /metrics}), where ingest's meters go
     */
    static IngestService create(final String bootstrapServers, final TopicSpecs topics, final Predicate<String> knownRegion,
                                final Map<String, ?> kafkaProperties, final IngestLimits limits, final ScraperTokens tokens,
                                final MeterRegistry metrics) {
        final Map<String, Object> producer = new HashMap<>();
        // a send blocked on missing metadata must not outlast the answer's deadline
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(5_000, limits.ackDeadline().toMillis()));
        producer.putAll(kafkaProperties);
        final ReportPublisher publisher = ReportPublisher.create(bootstrapServers,
                topics.reportsRaw().valueSerde().serializer(), topics.reportsRejected().valueSerde().serializer(), producer);
        final ReportIntake intake = new ReportIntake(new ReportValidator(Clock.systemUTC(), knownRegion), publisher,
                Clock.systemUTC(), new IngestMetrics(metrics), limits.maxBodyBytes(), limits.ackDeadline());
        return new IngestService(intake, publisher, limits, tokens);
    }

    void mountOn(final HttpFront http) {
        http.mount(ReportIngestHandler.PATH, "POST reports (JSON, or NDJSON batches); 202 once Kafka has them"
                        + (tokens.enabled() ? "" : " [AUTH DISABLED]"),
                new ReportIngestHandler(intake, limits, tokens));
    }

    ReportIntake intake() {
        return intake;
    }

    IngestMetrics metrics() {
        return intake.metrics();
    }

    @Override
    public void close() {
        publisher.close();
    }
}
