package io.sitrep.schemas;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.Mention;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RegionDailyCount;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.serde.AvroSerde;
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

    public static TopicSpecs create(final SchemaRegistryClient registry) {
        return new TopicSpecs(
                spec(Topics.REPORTS_RAW, AvroSerde.forValues(registry, RawReport.class)),
                spec(Topics.REPORTS_UNIQUE, AvroSerde.forValues(registry, UniqueReport.class)),
                spec(Topics.REPORTS_REJECTED, AvroSerde.forValues(registry, RejectedRecord.class)),
                spec(Topics.EVENTS_ATTRIBUTED, AvroSerde.forValues(registry, AttributedEvent.class)),
                spec(Topics.ESCALATION_DAILY, AvroSerde.forValues(registry, RegionDailyCount.class)),
                spec(Topics.ESCALATION_LATEST, AvroSerde.forValues(registry, RegionEscalation.class)),
                registry,
                spec(Topics.REPORTS_MENTIONS, AvroSerde.forValues(registry, Mention.class)));
    }

    private static <V> TopicSpec<String, V> spec(final String name, final org.apache.kafka.common.serialization.Serde<V> values) {
        return new TopicSpec<>(name, Serdes.String(), values);
    }
}
