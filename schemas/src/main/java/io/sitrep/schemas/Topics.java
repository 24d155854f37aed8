package io.sitrep.schemas;

import java.util.List;

/**
 * Names of the pipeline's topics. Every value is Avro in the Confluent wire format, registered
 * under the TopicNameStrategy subject {@code <topic>-value}; keys are UTF-8 strings.
 */
public final class Topics {
    /** Reports as scrapers sent them, after ingest validation. Key: report id. */
    public static final String REPORTS_RAW = "sitrep.reports.raw";
    /** First copy of each story. Key: story id. */
    public static final String REPORTS_UNIQUE = "sitrep.reports.unique";
    /**
     * Copies of a story that dedup recognised (resends, syndicated and near copies), one record
     * per copy with the story's live outlet count. Key: story id.
     */
    public static final String REPORTS_MENTIONS = "sitrep.reports.mentions";
    /** Everything any stage refused, with a reason. Key: report id when known. */
    public static final String REPORTS_REJECTED = "sitrep.reports.rejected";
    /** Events, table semantics. Key: event id. */
    public static final String EVENTS_ATTRIBUTED = "sitrep.events.attributed";
    /** Per region and event date counts (history). Key: {@code <region>|<yyyy-mm-dd>}. */
    public static final String ESCALATION_DAILY = "sitrep.escalation.daily";
    /** Latest escalation figures per region (compacted). Key: region code. */
    public static final String ESCALATION_LATEST = "sitrep.escalation.latest";
    /** The escalation stage's event-time clock: latest event date per task (compacted). Key: task id. */
    public static final String ESCALATION_CLOCK = "sitrep.escalation.clock";

    /** All topics the pipeline needs, in data-flow order. */
    public static final List<String> ALL = List.of(
            REPORTS_RAW, REPORTS_UNIQUE, REPORTS_MENTIONS, REPORTS_REJECTED, EVENTS_ATTRIBUTED, ESCALATION_DAILY,
            ESCALATION_LATEST, ESCALATION_CLOCK);

    private Topics() {
    }

    /** TopicNameStrategy subject of a topic's values. */
    public static String valueSubject(final String topic) {
        return topic + "-value";
    }
}
