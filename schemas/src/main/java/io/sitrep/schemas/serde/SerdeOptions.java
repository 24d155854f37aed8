package io.sitrep.schemas.serde;

import io.sitrep.schemas.registry.SubjectNameStrategy;
import java.util.Map;
import java.util.Objects;

/**
 * How a serializer finds the schema id it writes, with the meaning of Confluent's serializer
 * settings of the same names.
 *
 * <ul>
 *   <li>{@code autoRegister} ({@code auto.register.schemas}): register the record's schema on first
 *       use. Off: only look it up ({@code POST /subjects/{s}}) and fail the write if the registry
 *       does not hold it; schemas are then registered by a deploy step ({@code sitrep schemas register}).</li>
 *   <li>{@code useLatestVersion} ({@code use.latest.version}): write with the subject's latest
 *       schema instead of the record's own, after checking that the latest one can read the
 *       record's data ({@code latest.compatibility.strict}); the record is converted by Avro schema
 *       resolution, fields matched by name. Needs {@code autoRegister} off, as in Confluent.</li>
 *   <li>{@code subjectNameStrategy} ({@code key|value.subject.name.strategy}).</li>
 * </ul>
 */
public record SerdeOptions(boolean autoRegister, boolean useLatestVersion, SubjectNameStrategy subjectNameStrategy) {
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    public SerdeOptions {
        Objects.requireNonNull(subjectNameStrategy, "subjectNameStrategy");
        if (autoRegister && useLatestVersion) {
            throw new IllegalArgumentException(USE_LATEST_VERSION + "=true needs " + AUTO_REGISTER_SCHEMAS + "=false");
        }
    }

    /** Auto-register under TopicNameStrategy subjects: the embedded/dev default, and Confluent's. */
    public static SerdeOptions defaults() {
        return new SerdeOptions(true, false, SubjectNameStrategy.TOPIC);
    }

    /** Look schemas up, never register them: for production, where a deploy step registers them. */
    public static SerdeOptions production() {
        return new SerdeOptions(false, false, SubjectNameStrategy.TOPIC);
    }

    /** Reads the Confluent settings above from a Kafka client config map; absent ones keep {@link #defaults()}. */
    public static SerdeOptions fromConfigs(final Map<String, ?> configs, final boolean isKey) {
        final boolean useLatest = bool(configs.get(USE_LATEST_VERSION), false);
        final boolean autoRegister = bool(configs.get(AUTO_REGISTER_SCHEMAS), !useLatest);
        final Object strategy = configs.get(isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY);
        return new SerdeOptions(autoRegister, useLatest, strategy == null
                ? SubjectNameStrategy.TOPIC
                : SubjectNameStrategy.parse(strategy instanceof Class<?> c ? c.getName() : strategy.toString()));
    }

    public SerdeOptions withAutoRegister(final boolean value) {
        return new SerdeOptions(value, useLatestVersion, subjectNameStrategy);
    }

    public SerdeOptions withUseLatestVersion(final boolean value) {
        return new SerdeOptions(autoRegister, value, subjectNameStrategy);
    }

    public SerdeOptions withSubjectNameStrategy(final SubjectNameStrategy value) {
        return new SerdeOptions(autoRegister, useLatestVersion, value);
    }

    private static boolean bool(final Object value, final boolean orElse) {
        return value == null ? orElse : Boolean.parseBoolean(value.toString().trim());
    }
}
