package io.sitrep.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sitrep} command: one subcommand per role. */
@Command(name = "sitrep", mixinStandardHelpOptions = true, version = "sitrep 0.1.0",
        description = "Conflict reports in, live per-region escalation figures out (Kafka Streams).",
        modelTransformer = EnvironmentDefaults.class,
        subcommands = {DemoCommand.class, StreamsCommand.class, IngestCommand.class, LoadCommand.class, SchemasCommand.class,
                LagCommand.class, TokenCommand.class, TopicsCommand.class, EvalCommand.class, BenchCommand.class, ClusterCommand.class})
public final class SitrepCommand extends CommandGroup {
    public static void main(final String[] args) {
        final CommandLine sitrep = new CommandLine(new SitrepCommand());
        // --client-config is read once options are parsed, before the role runs
        sitrep.setExecutionStrategy(ClusterOptions.RESOLVE_THEN_RUN);
        System.exit(sitrep.execute(args));
    }
}
