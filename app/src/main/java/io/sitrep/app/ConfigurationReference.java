package io.sitrep.app;

import io.sitrep.ingest.auth.ScraperTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Renders {@code docs/configuration.md}: every option of every subcommand with its environment
 * variable, default and description, straight from the picocli model, so the list cannot drift
 * from the code ({@code ConfigurationReferenceTest} fails when the checked-in file differs;
 * {@code -Dsitrep.updateDocs=true} rewrites it).
 */
public final class ConfigurationReference {
    private ConfigurationReference() {
    }

    /** The whole document for the {@code sitrep} command tree. */
    public static String markdown() {
        // an empty environment: the document must not depend on the variables of whoever generates it
        return markdown(new EnvironmentDefaults(Map.of()).installOn(new CommandLine(new SitrepCommand())).getCommandSpec());
    }

    static String markdown(final CommandSpec root) {
        final StringBuilder b = new StringBuilder();
        b.append("# Configuration: options and environment variables\n\n")
                .append("<!-- Generated from the picocli model by ConfigurationReference; do not edit by hand.\n")
                .append("     Regenerate: ./mvnw -B -pl app -am test -Dtest=ConfigurationReferenceTest")
                .append(" -Dsurefire.failIfNoSpecifiedTests=false -Dsitrep.updateDocs=true -->\n\n")
                .append("Every option `--foo-bar` of every `sitrep` subcommand can also be set with the environment\n")
                .append("variable `SITREP_FOO_BAR` (`EnvironmentDefaults`). The command line wins over the environment,\n")
                .append("the environment over the built-in default. An empty variable counts as unset. Values are\n")
                .append("checked exactly like command-line values: durations are ISO-8601 (`PT10S`, `P7D`), flags\n")
                .append("`true`/`false`. Multi-value options other than `--kafka-property` take one value from the\n")
                .append("environment. A variable name shared by several commands (`SITREP_HTTP_PORT`) means the same\n")
                .append("thing in each; containers set only the variables of their own role.\n\n")
                .append("## Kafka client properties: `SITREP_KAFKA_*`\n\n")
                .append("Every other variable that starts with `SITREP_KAFKA_` is a Kafka client property, merged into\n")
                .append("`--kafka-property` of each command that has one (a key also given with `--kafka-property` takes\n")
                .append("the command line's value). Names follow the `apache/kafka` and Confluent images: drop the\n")
                .append("prefix, lower-case, `_` → `.`, `__` → `_`, `___` → `-`. Excluded, because they are options:\n")
                .append(EnvironmentDefaults.optionVariables(root).stream()
                        .filter(v -> v.startsWith(EnvironmentDefaults.KAFKA_PREFIX))
                        .map(v -> "`" + v + "`").collect(Collectors.joining(", ")))
                .append(".\n\n")
                .append("| variable | client property |\n|---|---|\n");
        for (final String property : List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location",
                "ssl.truststore.password", "ssl.keystore.location", "ssl.keystore.password", "ssl.key.password",
                "ssl.endpoint.identification.algorithm", "client.dns.lookup", "compression.type")) {
            b.append("| `").append(EnvironmentDefaults.kafkaVariable(property)).append("` | `").append(property).append("` |\n");
        }
        b.append("\nSASL_SSL with SCRAM, for example:\n\n```sh\n")
                .append("SITREP_KAFKA_SECURITY_PROTOCOL=SASL_SSL\n")
                .append("SITREP_KAFKA_SASL_MECHANISM=SCRAM-SHA-512\n")
                .append("SITREP_KAFKA_SASL_JAAS_CONFIG='org.apache.kafka.common.security.scram.ScramLoginModule required")
                .append(" username=\"sitrep\" password=\"…\";'\n")
                .append("SITREP_KAFKA_SSL_TRUSTSTORE_LOCATION=/etc/sitrep/tls/truststore.p12\n")
                .append("```\n\n")
                .append("mTLS: `SITREP_KAFKA_SECURITY_PROTOCOL=SSL` plus the `SITREP_KAFKA_SSL_KEYSTORE_*` and\n")
                .append("`SITREP_KAFKA_SSL_TRUSTSTORE_*` variables. Secrets belong in the environment (a Kubernetes\n")
                .append("Secret), not on the command line, where `ps` shows them.\n\n")
                .append("## A client config file: `--client-config FILE`\n\n")
                .append("Every role that talks to a cluster reads `--client-config FILE` (`SITREP_CLIENT_CONFIG`): a Java properties\nfile such as ")
                .append("Confluent Cloud's `client.properties`. Keys starting with ")
                .append(ClusterOptions.REGISTRY_KEYS.stream().map(k -> "`" + k + "`").collect(Collectors.joining(", ")))
                .append("\nare registry settings, under Confluent's names (`schema.registry.url`, `basic.auth.credentials.source`,\n")
                .append("`basic.auth.user.info`, `bearer.auth.token`, `schema.registry.ssl.truststore.location`, …);\n")
                .append("`--schema-registry-url`, `--schema-registry-user-info` and `--schema-registry-bearer-token` override\n")
                .append("them. Every other key is a Kafka client setting, passed to every Kafka client of the role like\n")
                .append("`--kafka-property`; a key also given with `--kafka-property` or `SITREP_KAFKA_*` takes that value.\n")
                .append("`--bootstrap-servers` is still required; a `bootstrap.servers` line in the file is ignored.\n\n")
                .append("```properties\n")
                .append("security.protocol=SASL_SSL\n")
                .append("sasl.mechanism=PLAIN\n")
                .append("sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"KEY\" password=\"SECRET\";\n")
                .append("schema.registry.url=https://registry.example.org\n")
                .append("basic.auth.credentials.source=USER_INFO\n")
                .append("basic.auth.user.info=SR_KEY:SR_SECRET\n")
                .append("```\n\n")
                .append("## Other variables\n\n")
                .append("| variable | read by | what |\n|---|---|---|\n")
                .append("| `").append(ScraperTokens.ENV_VARIABLE).append("` | `sitrep ingest` | scraper tokens,")
                .append(" one `scraperId=sha256:<hex>` per line, in addition to `--auth-file` |\n")
                .append("| `SITREP_TOKEN` | `sitrep load --ingest-url` | the bearer token (the variable's name is")
                .append(" `--token-env`) |\n")
                .append("| `SITREP_JAVA_OPTS` | `./sitrep`, the container image | JVM options (default `-Xmx1g`; the")
                .append(" image: `-XX:MaxRAMPercentage=75`) |\n\n")
                .append("## Options by command\n");
        appendCommand(b, root);
        return b.toString();
    }

    private static void appendCommand(final StringBuilder b, final CommandSpec spec) {
        final List<OptionSpec> options = EnvironmentDefaults.variableOptions(spec);
        if (!options.isEmpty()) {
            b.append("\n### `").append(spec.qualifiedName()).append("`\n\n")
                    .append("| variable | option | default | description |\n|---|---|---|---|\n");
            for (final OptionSpec o : options) {
                final String variable = EnvironmentDefaults.KAFKA_PROPERTY_OPTION.equals(o.longestName())
                        ? "`" + EnvironmentDefaults.KAFKA_PREFIX + "<NAME>` (above)" : "`" + EnvironmentDefaults.variableFor(o) + "`";
                b.append("| ").append(variable).append(" | `").append(String.join("`, `", o.names()))
                        .append("` | ").append(defaultOf(o)).append(" | ").append(description(o)).append(" |\n");
            }
        }
        for (final CommandLine sub : spec.subcommands().values()) {
            appendCommand(b, sub.getCommandSpec());
        }
    }

    private static String defaultOf(final OptionSpec o) {
        if (o.required()) {
            return "required";
        }
        if (o.defaultValue() != null) {
            return "`" + o.defaultValue() + "`";
        }
        return o.type() == boolean.class || o.type() == Boolean.class ? "`false`" : "";
    }

    private static String description(final OptionSpec o) {
        String text = String.join(" ", o.description());
        if (o.defaultValue() != null) {
            // the default has its own column
            final String value = "(?:" + Pattern.quote("${DEFAULT-VALUE}") + "|" + Pattern.quote(o.defaultValue()) + ")";
            text = text.replaceAll("\\s*\\(default: " + value + "\\)", "").replaceAll(",?\\s*default: " + value, "");
        }
        if (o.type().isEnum() && o.completionCandidates() != null) {
            final List<String> candidates = new ArrayList<>();
            o.completionCandidates().forEach(candidates::add);
            text = text + " One of: " + String.join(", ", candidates) + ".";
        }
        return text.replace("|", "\\|").replace("\n", " ").strip();
    }

    /** Prints the document (for a quick look: {@code java -cp sitrep.jar io.sitrep.app.ConfigurationReference}). */
    public static void main(final String[] args) {
        System.out.print(markdown());
    }
}
