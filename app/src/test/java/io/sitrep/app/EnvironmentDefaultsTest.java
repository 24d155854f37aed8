package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

class EnvironmentDefaultsTest {

    private static CommandLine sitrep(final Map<String, String> env) {
        return new EnvironmentDefaults(env).installOn(new CommandLine(new SitrepCommand()));
    }

    @SuppressWarnings("unchecked")
    private static <T> T parsed(final Map<String, String> env, final String... args) {
        ParseResult result = sitrep(env).parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return (T) result.commandSpec().userObject();
    }

    @Test
    void shouldTakeEveryOptionFromItsVariableWhenTheCommandLineLacksIt() {
        final StreamsCommand streams = parsed(Map.of(
                "SITREP_BOOTSTRAP_SERVERS", "kafka:29092",
                "SITREP_SCHEMA_REGISTRY_URL", "http://schema-registry:8081",
                "SITREP_STATE_DIR", "/var/lib/sitrep/state",
                "SITREP_DEDUP_HORIZON", "P3D",
                "SITREP_THREADS", "2",
                "SITREP_REPLICATION_FACTOR", "3",
                "SITREP_ADVERTISED_HOST", "streams-0.streams"), "streams");

        assertThat(streams.cluster.bootstrapServers).isEqualTo("kafka:29092");
        assertThat(streams.cluster.schemaRegistryUrl).isEqualTo("http://schema-registry:8081");
        assertThat(streams.stateDir).isEqualTo(Path.of("/var/lib/sitrep/state"));
        assertThat(streams.tuning.dedupHorizon).isEqualTo(Duration.ofDays(3));
        assertThat(streams.tuning.threads).isEqualTo(2);
        assertThat(streams.newTopics.replicationFactor).isEqualTo((short) 3);
        assertThat(streams.advertisedHost).isEqualTo("streams-0.streams");
        assertThat(streams.httpPort.value).as("annotation default when the variable is unset").isEqualTo(8080);
    }

    @Test
    void shouldLetTheCommandLineWinOverTheEnvironment() {
        final IngestCommand ingest = parsed(Map.of("SITREP_BOOTSTRAP_SERVERS", "env:9092", "SITREP_SCHEMA_REGISTRY_URL", "http://env",
                "SITREP_HTTP_PORT", "9000"), "ingest", "--bootstrap-servers", "cli:9092", "--http-port", "9100");

        assertThat(ingest.cluster.bootstrapServers).isEqualTo("cli:9092");
        assertThat(ingest.httpPort.value).isEqualTo(9100);
        assertThat(ingest.cluster.schemaRegistryUrl).isEqualTo("http://env");
    }

    @Test
    void shouldTreatAnEmptyVariableAsUnset() {
        assertThatThrownBy(() -> parsed(Map.of("SITREP_BOOTSTRAP_SERVERS", "", "SITREP_SCHEMA_REGISTRY_URL", "http://r"), "ingest"))
                .isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--bootstrap-servers");
    }

    @Test
    void shouldRejectABadValueLikeABadCommandLineValue() {
        assertThatThrownBy(() -> parsed(Map.of("SITREP_BOOTSTRAP_SERVERS", "k:9092", "SITREP_SCHEMA_REGISTRY_URL", "http://r",
                "SITREP_HTTP_PORT", "eighty"), "ingest"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("eighty");
    }

    @Test
    void shouldSetFlagsAndNestedSubcommandOptions() {
        final IngestCommand ingest = parsed(Map.of("SITREP_BOOTSTRAP_SERVERS", "k:9092", "SITREP_SCHEMA_REGISTRY_URL", "http://r",
                "SITREP_NO_AUTH", "true"), "ingest");
        final SchemasCommand.Register register = parsed(Map.of("SITREP_SCHEMA_REGISTRY_URL", "http://registry:8081",
                "SITREP_SCHEMA_REGISTRY_BEARER_TOKEN", "t0k3n"), "schemas", "register");

        assertThat(ingest.noAuth).isTrue();
        assertThat(register.registry.schemaRegistryUrl).isEqualTo("http://registry:8081");
        assertThat(register.registry.schemaRegistryBearerToken).isEqualTo("t0k3n");
    }

    @Test
    void shouldPassKafkaVariablesAsClientPropertiesWhenNoneAreOnTheCommandLine() {
        final StreamsCommand streams = parsed(Map.of("SITREP_BOOTSTRAP_SERVERS", "k:9093", "SITREP_SCHEMA_REGISTRY_URL", "http://r",
                "SITREP_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "SITREP_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"a\" password=\"b,c\";",
                "SITREP_KAFKA_PORT", "9092"), "streams");

        assertThat(streams.cluster.kafkaProperties).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"a\" password=\"b,c\";"));
    }

    @Test
    void shouldMergeKafkaVariablesWithCommandLinePropertiesWhereTheCommandLineWins() {
        final LagCommand lag = parsed(Map.of("SITREP_BOOTSTRAP_SERVERS", "k:9093",
                "SITREP_KAFKA_SECURITY_PROTOCOL", "SSL", "SITREP_KAFKA_CLIENT_ID", "from-env"),
                "lag", "--kafka-property", "client.id=from-cli", "--kafka-property=request.timeout.ms=5000");

        assertThat(lag.cluster.kafkaProperties).containsOnly(
                Map.entry("security.protocol", "SSL"),
                Map.entry("client.id", "from-cli"),
                Map.entry("request.timeout.ms", "5000"));
    }

    @Test
    void shouldRefuseAKafkaPropertyWithoutEquals() {
        assertThatThrownBy(() -> parsed(Map.of(), "lag", "--bootstrap-servers", "k:1", "--kafka-property", "acks"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("KEY=VALUE");
    }

    @Test
    void shouldNameKafkaPropertiesLikeTheKafkaImages() {
        assertThat(EnvironmentDefaults.kafkaProperty("SITREP_KAFKA_SSL_KEYSTORE_LOCATION")).isEqualTo("ssl.keystore.location");
        assertThat(EnvironmentDefaults.kafkaProperty("SITREP_KAFKA_SOME__ODD___NAME")).isEqualTo("some_odd-name");
        for (final String property : List.of("security.protocol", "sasl.jaas.config", "some_odd-name", "max.poll.records")) {
            assertThat(EnvironmentDefaults.kafkaProperty(EnvironmentDefaults.kafkaVariable(property))).isEqualTo(property);
        }
    }

    @Test
    void shouldGiveNoOptionAVariableThatAlsoNamesAKafkaClientProperty() {
        final Set<String> clientConfigs = new HashSet<>();
        clientConfigs.addAll(ProducerConfig.configNames());
        clientConfigs.addAll(ConsumerConfig.configNames());
        clientConfigs.addAll(AdminClientConfig.configNames());
        clientConfigs.addAll(StreamsConfig.configDef().names());
        final CommandSpec root = sitrep(Map.of()).getCommandSpec();

        assertThat(EnvironmentDefaults.optionVariables(root))
                .filteredOn(v -> v.startsWith(EnvironmentDefaults.KAFKA_PREFIX))
                .extracting(EnvironmentDefaults::kafkaProperty)
                .doesNotContainAnyElementsOf(clientConfigs);
    }

    @Test
    void shouldMentionTheVariablesInTheHelpOfEachRole() {
        final StringWriter out = new StringWriter();
        final CommandLine cl = sitrep(Map.of());
        cl.getSubcommands().get("streams").usage(new PrintWriter(out));

        assertThat(out.toString()).contains("SITREP_FOO_BAR").contains("SITREP_KAFKA_");
    }
}
