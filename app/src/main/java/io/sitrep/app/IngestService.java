package io.sitrep.app;

import io.sitrep.ingest.http.ReportIngestHandler;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.schemas.TopicSpecs;
import java.time.Clock;
import java.util.Map;
import java.util.function.Predicate;

/** Validator, publisher and HTTP handler of the ingest role, wired together. */
final class IngestService implements AutoCloseable {
    private final ReportValidator validator;
    private final ReportPublisher publisher;

    private IngestService(final ReportValidator validator, final ReportPublisher publisher) {
        this.validator = validator;
        this.publisher = publisher;
    }

    /**
     * @param knownRegion accepts the region codes scrapers may send as hints (the gazetteer's)
     * @param kafkaProperties extra producer properties (security, tuning); acks and idempotence cannot be weakened
     */
    static IngestService create(final String bootstrapServers, final TopicSpecs topics, final Predicate<String> knownRegion,
                                final Map<String, ?> kafkaProperties) {
        final ReportPublisher publisher = ReportPublisher.create(bootstrapServers,
                topics.reportsRaw().valueSerde().serializer(), topics.reportsRejected().valueSerde().serializer(),
                kafkaProperties);
        return new IngestService(new ReportValidator(Clock.systemUTC(), knownRegion), publisher);
    }

    void mountOn(final HttpFront http) {
        http.mount(ReportIngestHandler.PATH, "POST one report (JSON); 202 once Kafka has it",
                new ReportIngestHandler(validator, publisher, Clock.systemUTC()));
    }

    ReportValidator validator() {
        return validator;
    }

    ReportPublisher publisher() {
        return publisher;
    }

    @Override
    public void close() {
        publisher.close();
    }
}
