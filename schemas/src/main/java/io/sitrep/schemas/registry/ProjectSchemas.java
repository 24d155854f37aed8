package io.sitrep.schemas.registry;

import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.Mention;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RegionDailyCount;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.UniqueReport;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The value schema of every public pipeline topic, under its TopicNameStrategy subject: what a
 * deploy step registers ({@code sitrep schemas register}) and checks ({@code sitrep schemas check})
 * before producers with {@code auto.register.schemas=false} start. Keys are plain strings and have
 * no schema. Internal topics (changelogs, repartitions) are not listed: Kafka Streams names them
 * from the application id, and their serdes register their own schemas.
 */
public final class ProjectSchemas {

    /** One topic's value contract. */
    public record TopicSchema(String topic, String subject, Schema schema) {
    }

    private ProjectSchemas() {
    }

    /** In data-flow order, as {@link Topics#ALL}. */
    public static List<TopicSchema> all() {
        return List.of(
                of(Topics.REPORTS_RAW, RawReport.getClassSchema()),
                of(Topics.REPORTS_UNIQUE, UniqueReport.getClassSchema()),
                of(Topics.REPORTS_MENTIONS, Mention.getClassSchema()),
                of(Topics.REPORTS_REJECTED, RejectedRecord.getClassSchema()),
                of(Topics.EVENTS_ATTRIBUTED, AttributedEvent.getClassSchema()),
                of(Topics.ESCALATION_DAILY, RegionDailyCount.getClassSchema()),
                of(Topics.ESCALATION_LATEST, RegionEscalation.getClassSchema()));
    }

    private static TopicSchema of(final String topic, final Schema schema) {
        return new TopicSchema(topic, Topics.valueSubject(topic), schema);
    }
}
