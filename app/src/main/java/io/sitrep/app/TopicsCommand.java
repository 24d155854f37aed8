package io.sitrep.app;

import io.sitrep.schemas.TopicPlan;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sitrep topics create}: the pipeline's topics with their partition counts and configs
 * ({@link TopicPlan}), for deploy jobs that prepare a cluster before the roles start (the
 * docker-compose init service). {@code sitrep streams} creates missing topics the same way; this
 * lets a deployment do it once, up front, with an admin's credentials.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create the pipeline's topics (partitions, retention, compaction as the pipeline expects).",
        subcommands = TopicsCommand.Create.class)
final class TopicsCommand extends CommandGroup {
    @Command(name = "create", mixinStandardHelpOptions = true, modelTransformer = ClusterOptions.KafkaOnly.class,
            description = "Create the topics that are missing (existing ones are left as they are) and wait until every "
                    + "partition has a leader. Exits 1 if that does not happen within --timeout.")
    static final class Create extends RoleCommand {
        @Mixin
        ClusterOptions cluster;

        @Mixin
        TopicOptions newTopics;

        @Option(names = "--timeout", defaultValue = "PT60S",
                description = "How long to wait for the cluster and the new partitions, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        int run(final PrintWriter out) throws Exception {
            final List<NewTopic> plan = TopicPlan.pipelineTopics(newTopics.partitions, newTopics.replicationFactor);
            final Admin admin = cluster.admin();
            try {
                final Set<String> before = admin.listTopics(new ListTopicsOptions().timeoutMs((int) timeout.toMillis()))
                        .names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                TopicPlan.ensure(admin, plan, timeout);
                for (final NewTopic t : plan) {
                    out.printf("%-32s %s%n", t.name(), before.contains(t.name()) ? "exists (left as it is)"
                            : "created: " + t.numPartitions() + " partitions, " + t.configs());
                }
            } catch (ExecutionException | TimeoutException | IllegalStateException e) {
                err().println("sitrep topics create: cannot prepare the topics on " + cluster.bootstrapServers
                        + ": " + (e instanceof ExecutionException ? e.getCause() : e.getMessage()));
                return 1;
            } finally {
                // don't let pending retries hold the exit for default.api.timeout.ms
                admin.close(Duration.ofSeconds(5));
            }
            out.flush();
            return 0;
        }
    }
}
