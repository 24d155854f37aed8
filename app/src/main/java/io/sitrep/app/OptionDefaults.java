package io.sitrep.app;

/**
 * Defaults shared by several commands' options, in one place. Picocli takes defaults as constant
 * strings, so each typed value has its text beside it ({@code "" + PARTITIONS} is a compile-time
 * constant); defaults of one option only live next to their type (e.g. {@code IngestLimits}).
 */
final class OptionDefaults {
    /** Partitions of the pipeline's topics. */
    static final int PARTITIONS = 3;
    static final String PARTITIONS_TEXT = "" + PARTITIONS;
    /** Replication factor of new topics: -1 = the broker's {@code default.replication.factor}. */
    static final short REPLICATION_FACTOR = -1;
    static final String REPLICATION_FACTOR_TEXT = "" + REPLICATION_FACTOR;
    /** The one HTTP port of every role. */
    static final int HTTP_PORT = 8080;
    static final String HTTP_PORT_TEXT = "" + HTTP_PORT;
    /** Kafka Streams threads per instance; 0 = one per available core. */
    static final int THREADS = 0;
    static final String THREADS_TEXT = "" + THREADS;
    /** How long dedup remembers a story, ISO-8601. */
    static final String DEDUP_HORIZON = "P7D";

    private OptionDefaults() {
    }
}
