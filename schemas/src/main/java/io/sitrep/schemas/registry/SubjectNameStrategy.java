package io.sitrep.schemas.registry;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * How a serializer names the subject a schema is registered under, as Confluent's
 * {@code key.subject.name.strategy} / {@code value.subject.name.strategy}.
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (Confluent's default). */
    TOPIC("io.confluent.kafka.serializers.subject.TopicNameStrategy"),
    /** The record's full name: one lineage per record type, shared by every topic that carries it. */
    RECORD("io.confluent.kafka.serializers.subject.RecordNameStrategy"),
    /** {@code <topic>-<full record name>}: several record types per topic, one lineage each. */
    TOPIC_RECORD("io.confluent.kafka.serializers.subject.TopicRecordNameStrategy");

    private final String confluentClass;

    SubjectNameStrategy(final String confluentClass) {
        this.confluentClass = confluentClass;
    }

    /** The subject for a record of {@code schema} written to {@code topic}. */
    public String subject(final String topic, final boolean isKey, final Schema schema) {
        return switch (this) {
            case TOPIC -> topic + (isKey ? "-key" : "-value");
            case RECORD -> schema.getFullName();
            case TOPIC_RECORD -> topic + "-" + schema.getFullName();
        };
    }

    /** Confluent's strategy class with the same behaviour. */
    public String confluentClass() {
        return confluentClass;
    }

    /**
     * Accepts this enum's names ({@code TOPIC}, {@code record}, {@code topic_record}), Confluent's
     * class names and their simple names ({@code TopicRecordNameStrategy}).
     */
    public static SubjectNameStrategy parse(final String text) {
        final String t = text.trim();
        for (final SubjectNameStrategy s : values()) {
            final String simple = s.confluentClass.substring(s.confluentClass.lastIndexOf('.') + 1);
            if (s.name().equals(t.toUpperCase(Locale.ROOT)) || s.confluentClass.equals(t) || simple.equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown subject name strategy '" + text + "'; use TOPIC, RECORD, TOPIC_RECORD"
                + " or a Confluent strategy class name");
    }
}
