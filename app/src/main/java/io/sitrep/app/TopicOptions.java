package io.sitrep.app;

import picocli.CommandLine.Option;

/** How the topics a command creates are laid out: the one declaration of these options. */
final class TopicOptions {
    @Option(names = "--partitions", defaultValue = OptionDefaults.PARTITIONS_TEXT,
            description = "Partitions for topics this command creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = OptionDefaults.REPLICATION_FACTOR_TEXT,
            description = "Replication factor; -1 = the broker's default.replication.factor (default: ${DEFAULT-VALUE}).")
    short replicationFactor;
}
