package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class ClusterOptionsTest {
    @TempDir
    Path dir;

    private Path clientConfig() throws IOException {
        final Path file = dir.resolve("client.properties");
        Files.writeString(file, String.join("\n",
                "# as Confluent Cloud hands it out",
                "bootstrap.servers=pkc-1.example.cloud:9092",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=PLAIN",
                "client.id=from-file",
                "schema.registry.url=https://psrc-1.example.cloud",
                "basic.auth.credentials.source=USER_INFO",
                "basic.auth.user.info=KEY:SECRET",
                "schema.registry.ssl.truststore.location=/etc/tls/truststore.p12"), StandardCharsets.UTF_8);
        return file;
    }

    private static ClusterOptions parsed(final Map<String, String> env, final String... args) {
        ParseResult result = new EnvironmentDefaults(env).installOn(new CommandLine(new SitrepCommand())).parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        ClusterOptions.resolveAll(result);
        return result.commandSpec().mixins().values().stream().map(m -> m.userObject())
                .filter(ClusterOptions.class::isInstance).map(ClusterOptions.class::cast).findFirst().orElseThrow();
    }

    @Test
    void shouldPassTheFilesKafkaSettingsToClientsWhereTheCommandLineDoesNotSetThem() throws IOException {
        final ClusterOptions cluster = parsed(Map.of("SITREP_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"), "ingest",
                "--bootstrap-servers", "k:9092", "--client-config", clientConfig().toString(),
                "--kafka-property", "client.id=from-cli");

        assertThat(cluster.kafkaProperties)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("client.id", "from-cli")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKeys("schema.registry.url", "basic.auth.user.info", "schema.registry.ssl.truststore.location",
                        "bootstrap.servers");
        assertThat(cluster.bootstrapServers).isEqualTo("k:9092");
    }

    @Test
    void shouldTakeTheRegistryFromTheFileAndLetTheFlagsOverrideIt() throws IOException {
        final ClusterOptions fromFile = parsed(Map.of(), "streams", "--bootstrap-servers", "k:9092",
                "--client-config", clientConfig().toString());
        final ClusterOptions overridden = parsed(Map.of(), "streams", "--bootstrap-servers", "k:9092",
                "--client-config", clientConfig().toString(), "--schema-registry-url", "http://mine:8081",
                "--schema-registry-user-info", "me:pw");

        assertThat(fromFile.registryConfig())
                .containsEntry("schema.registry.url", "https://psrc-1.example.cloud")
                .containsEntry("basic.auth.user.info", "KEY:SECRET")
                .containsEntry("schema.registry.ssl.truststore.location", "/etc/tls/truststore.p12")
                .doesNotContainKey("security.protocol");
        assertThat(fromFile.schemaRegistryUrl).as("roles that read the field see the file's URL").isEqualTo("https://psrc-1.example.cloud");
        assertThat(overridden.registryConfig())
                .containsEntry("schema.registry.url", "http://mine:8081")
                .containsEntry("basic.auth.user.info", "me:pw")
                .containsEntry("schema.registry.ssl.truststore.location", "/etc/tls/truststore.p12");
    }

    @Test
    void shouldReadTheFileInRolesWithoutKafkaOrWithoutARegistry() throws IOException {
        final ClusterOptions schemas = parsed(Map.of(), "schemas", "list", "--client-config", clientConfig().toString());
        final ClusterOptions lag = parsed(Map.of(), "lag", "--bootstrap-servers", "k:9092", "--client-config", clientConfig().toString());

        assertThat(schemas.registryConfig()).containsEntry("schema.registry.url", "https://psrc-1.example.cloud");
        assertThat(lag.kafkaProperties).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void shouldReadTheFileBeforeTheRoleRunsWhenSitrepExecutes() {
        final StringWriter err = new StringWriter();
        final CommandLine sitrep = new EnvironmentDefaults(Map.of()).installOn(new CommandLine(new SitrepCommand()));
        sitrep.setErr(new PrintWriter(err));

        final int exit = sitrep.execute("lag", "--bootstrap-servers", "127.0.0.1:1", "--client-config",
                dir.resolve("missing.properties").toString());

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("cannot read --client-config");
    }
}
