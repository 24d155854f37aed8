package io.sitrep.app;

import java.util.List;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** How the topics a command creates are laid out: the one declaration of these options. */
final class TopicOptions {
    @Option(names = "--partitions", defaultValue = OptionDefaults.PARTITIONS_TEXT,
            description = "Partitions for topics this command creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = OptionDefaults.REPLICATION_FACTOR_TEXT,
            description = "Replication factor; -1 = the broker's default.replication.factor (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    /** For roles that create their topics on a broker of their own (demo, eval, bench): its replication is fixed. */
    static final class PartitionsOnly implements IModelTransformer {
        @Override
        public CommandSpec transform(final CommandSpec spec) {
            ClusterOptions.drop(spec, List.of("--replication-factor"));
            return spec;
        }
    }
}
