package io.sitrep.schemas;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.Mention;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RegionDailyCount;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.serde.PublicTopicSerde;
import io.sitrep.schemas.serde.SerdeOptions;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline with its serdes: string keys, Avro values in the Confluent wire
 * format registered in {@code registry}. Built once per process from the registry client.
 */
public record TopicSpecs(
        TopicSpec<String, RawReport> reportsRaw,
        TopicSpec<String, UniqueReport> reportsUnique,
        TopicSpec<String, RejectedRecord> reportsRejected,
        TopicSpec<String, AttributedEvent> eventsAttributed,
        TopicSpec<String, RegionDailyCount> escalationDaily,
        TopicSpec<String, RegionEscalation> escalationLatest,
        SchemaRegistryClient registry,
        TopicSpec<String, Mention> reportsMentions) {

    /** Specs whose serializers auto-register schemas: the embedded default and tests. */
    public static TopicSpecs create(final SchemaRegistryClient registry) {
        return create(registry, SerdeOptions.defaults());
    }

    /**
     * Specs whose serializers follow {@code options} on the public topics (e.g.
     * {@link SerdeOptions#production()}: schemas must have been registered by {@code sitrep schemas
     * register}); the application's internal topics always auto-register.
     */
    public static TopicSpecs create(final SchemaRegistryClient registry, final SerdeOptions options) {
        final Set<String> publicTopics = Set.copyOf(Topics.ALL);
        return new TopicSpecs(
                spec(Topics.REPORTS_RAW, new PublicTopicSerde<>(registry, RawReport.class, publicTopics, options)),
                spec(Topics.REPORTS_UNIQUE, new PublicTopicSerde<>(registry, UniqueReport.class, publicTopics, options)),
                spec(Topics.REPORTS_REJECTED, new PublicTopicSerde<>(registry, RejectedRecord.class, publicTopics, options)),
                spec(Topics.EVENTS_ATTRIBUTED, new PublicTopicSerde<>(registry, AttributedEvent.class, publicTopics, options)),
                spec(Topics.ESCALATION_DAILY, new PublicTopicSerde<>(registry, RegionDailyCount.class, publicTopics, options)),
                spec(Topics.ESCALATION_LATEST, new PublicTopicSerde<>(registry, RegionEscalation.class, publicTopics, options)),
                registry,
                spec(Topics.REPORTS_MENTIONS, new PublicTopicSerde<>(registry, Mention.class, publicTopics, options)));
    }

    private static <V> TopicSpec<String, V> spec(final String name, final org.apache.kafka.common.serialization.Serde<V> values) {
        return new TopicSpec<>(name, Serdes.String(), values);
    }
}
