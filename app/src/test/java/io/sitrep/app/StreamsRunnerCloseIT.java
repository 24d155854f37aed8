package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.schemas.TopicPlan;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cleanly closed instance leaves the consumer group: the group is empty at once, not after the
 * session timeout, so the other instances would get its partitions without waiting.
 */
@Tag("integration")
@Timeout(120)
class StreamsRunnerCloseIT {
    /** Far longer than the wait below: a member that did not leave is still listed when it ends. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration LEAVE_WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Options.defaults().withPort(0).withDataDir(dir.resolve("kafka")));
        try (Admin admin = admin()) {
            TopicPlan.ensure(admin, TopicPlan.pipelineTopics(1, (short) 1), Duration.ofSeconds(30));
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static ConsumerGroupDescription describe(final Admin admin, final String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
    }

    @Test
    void shouldLeaveTheGroupWhenClosedCleanly() throws Exception {
        final String applicationId = "sitrep-close-it-" + System.nanoTime();
        final StreamsRunner runner = new StreamsRunner(new StreamsSettings(broker.bootstrapServers(), applicationId,
                dir.resolve("streams"), StreamsSettings.DEFAULT_DEDUP_HORIZON, 1,
                Map.of(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                        String.valueOf(SESSION_TIMEOUT.toMillis()))),
                TopicSpecs.create(new InMemorySchemaRegistryClient()), Gazetteer.loadDefault());
        try (Admin admin = admin()) {
            try {
                runner.start(Duration.ofSeconds(60));
                assertThat(describe(admin, applicationId).members()).as("members while running").hasSize(1);
            } finally {
                runner.close();
            }

            final long deadline = System.nanoTime() + LEAVE_WAIT.toNanos();
            ConsumerGroupDescription group = describe(admin, applicationId);
            while (!group.members().isEmpty() && System.nanoTime() < deadline) {
                group = describe(admin, applicationId);
            }
            assertThat(group.members()).as("members right after close (session timeout %s)", SESSION_TIMEOUT).isEmpty();
            assertThat(group.groupState()).isEqualTo(GroupState.EMPTY);
        }
    }
}
