package io.sitrep.app;

import io.sitrep.ingest.auth.ScraperTokens;
import io.sitrep.ingest.http.IngestLimits;
import io.sitrep.ingest.http.ReportIngestHandler;
import io.sitrep.ingest.metrics.IngestMetrics;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.schemas.TopicSpecs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Validator, publisher and HTTP handler of the ingest role, wired together. */
final class IngestService implements AutoCloseable {
    /** Where {@link #mountOn} serves ingest's metrics (Prometheus text). */
    static final String METRICS_PATH = "/metrics/ingest";

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final ReportValidator validator;
    private final ReportPublisher publisher;
    private final IngestLimits limits;
    private final ScraperTokens tokens;
    private final IngestMetrics metrics = new IngestMetrics();

    private IngestService(final ReportValidator validator, final ReportPublisher publisher, final IngestLimits limits,
                          final ScraperTokens tokens) {
        this.validator = validator;
        this.publisher = publisher;
        this.limits = limits;
        this.tokens = tokens;
    }

    /**
     * The embedded demo's ingest: authentication and rate limit OFF (logged loudly at WARN).
     *
     * @param knownRegion accepts the region codes scrapers may send as hints (the gazetteer's)
     * @param kafkaProperties extra producer properties (security, tuning); acks and idempotence cannot be weakened
     */
    static IngestService create(final String bootstrapServers, final TopicSpecs topics, final Predicate<String> knownRegion,
                                final Map<String, ?> kafkaProperties) {
        log.warn("*** INGEST AUTHENTICATION IS DISABLED: anyone reaching POST /v1/reports may post for any scraper."
                + " This is for the embedded demo only; `sitrep ingest` requires --auth-file or "
                + ScraperTokens.ENV_VARIABLE + " ***");
        return create(bootstrapServers, topics, knownRegion, kafkaProperties, IngestLimits.defaults().withRateLimit(0, 1),
                ScraperTokens.disabled());
    }

    /**
     * @param limits sizes, acknowledgement deadline, per-scraper rate
     * @param tokens who may post; {@link ScraperTokens#disabled()} only for the demo
     */
    static IngestService create(final String bootstrapServers, final TopicSpecs topics, final Predicate<String> knownRegion,
                                final Map<String, ?> kafkaProperties, final IngestLimits limits, final ScraperTokens tokens) {
        final Map<String, Object> producer = new HashMap<>();
        // a send blocked on missing metadata must not outlast the answer's deadline
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(5_000, limits.ackDeadline().toMillis()));
        producer.putAll(kafkaProperties);
        final ReportPublisher publisher = ReportPublisher.create(bootstrapServers,
                topics.reportsRaw().valueSerde().serializer(), topics.reportsRejected().valueSerde().serializer(), producer);
        return new IngestService(new ReportValidator(Clock.systemUTC(), knownRegion), publisher, limits, tokens);
    }

    void mountOn(final HttpFront http) {
        http.mount(ReportIngestHandler.PATH, "POST reports (JSON, or NDJSON batches); 202 once Kafka has them"
                        + (tokens.enabled() ? "" : " [AUTH DISABLED]"),
                new ReportIngestHandler(validator, publisher, Clock.systemUTC(), limits, tokens, metrics));
        http.mount(METRICS_PATH, "ingest metrics (Prometheus text)", exchange -> {
            try (exchange) {
                final byte[] body = metrics.renderPrometheus().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (IOException e) {
                log.debug("Could not answer {}", METRICS_PATH, e);
            }
        });
    }

    ReportValidator validator() {
        return validator;
    }

    ReportPublisher publisher() {
        return publisher;
    }

    IngestMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        publisher.close();
    }
}
