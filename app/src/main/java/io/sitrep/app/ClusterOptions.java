package io.sitrep.app;

import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.serde.SerdeOptions;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Where the Kafka cluster and the schema registry are, and how to reach them: the one
 * declaration of these options, mixed into every role ({@code @Mixin ClusterOptions}). A role
 * that needs only part of them drops the rest with a model transformer ({@link KafkaOnly},
 * {@link RegistryOnly}); {@code sitrep load} makes them optional ({@link NotRequired}).
 *
 * <p>{@code --client-config FILE} is a Java properties file as Confluent Cloud hands it out:
 * Kafka client settings (passed to every Kafka client like {@code --kafka-property}, which wins)
 * and registry settings under Confluent's names ({@link #REGISTRY_KEYS}), which
 * {@code --schema-registry-url} and {@code --schema-registry-user-info} override. The file is
 * merged into {@link #kafkaProperties} and the registry fields by {@link #resolve()}, which the
 * {@code sitrep} command runs before any role.
 */
final class ClusterOptions {
    /** Prefixes and keys of the registry's settings in a client config file (Confluent's names). */
    static final List<String> REGISTRY_KEYS = List.of("schema.registry.", "basic.auth.", "bearer.auth.");

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port…].")
    String bootstrapServers;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Extra Kafka client property (security, tuning), may repeat: --kafka-property security.protocol=SASL_SSL")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Java properties file with Kafka client settings (as --kafka-property, which wins) and registry settings "
                    + "under Confluent's names: schema.registry.url, basic.auth.*, bearer.auth.*, schema.registry.ssl.* "
                    + "(--schema-registry-url and --schema-registry-user-info win).")
    Path clientConfig;

    @Option(names = "--schema-registry-url",
            description = "Schema Registry URL(s), comma-separated (Confluent, Karapace, Redpanda or sitrep's embedded one); "
                    + "required unless --client-config has schema.registry.url.")
    String schemaRegistryUrl;

    @Option(names = "--schema-registry-user-info", description = "Basic auth for the registry as user:password.")
    String schemaRegistryUserInfo;

    @Option(names = "--schema-registry-bearer-token", description = "Bearer token for the registry (instead of basic auth).")
    String schemaRegistryBearerToken;

    @Option(names = "--auto-register-schemas",
            description = "Register the public topics' schemas on first write. Off by default outside the demo: "
                    + "run 'sitrep schemas register' in the deploy step, so an incompatible change is stopped there.")
    boolean autoRegisterSchemas;

    private Map<String, String> registryConfig = Map.of();

    /**
     * Reads {@code --client-config} once: its Kafka settings go under those already given
     * ({@code --kafka-property}, {@code SITREP_KAFKA_*}), its registry settings under the
     * registry flags. Idempotent.
     */
    ClusterOptions resolve() {
        final Map<String, String> file = clientConfig == null ? Map.of() : read(clientConfig);
        final Map<String, String> registry = new TreeMap<>();
        final Map<String, String> kafka = new LinkedHashMap<>();
        file.forEach((key, value) -> (isRegistryKey(key) ? registry : kafka).put(key, value));
        // --bootstrap-servers is required and is the one source of the brokers' addresses
        kafka.remove("bootstrap.servers");
        kafka.putAll(kafkaProperties);
        kafkaProperties = kafka;
        if (schemaRegistryUrl != null) {
            registry.put("schema.registry.url", schemaRegistryUrl);
        }
        if (schemaRegistryUserInfo != null) {
            registry.put("basic.auth.credentials.source", "USER_INFO");
            registry.put("basic.auth.user.info", schemaRegistryUserInfo);
        }
        if (schemaRegistryBearerToken != null) {
            registry.put("bearer.auth.credentials.source", "STATIC_TOKEN");
            registry.put("bearer.auth.token", schemaRegistryBearerToken);
        }
        schemaRegistryUrl = registry.get("schema.registry.url");
        schemaRegistryUserInfo = registry.get("basic.auth.user.info");
        schemaRegistryBearerToken = registry.get("bearer.auth.token");
        registryConfig = Map.copyOf(registry);
        return this;
    }

    /** The registry settings under Confluent's names: the client config file's, then the flags'. */
    Map<String, String> registryConfig() {
        return registryConfig.isEmpty() ? resolve().registryConfig : registryConfig;
    }

    /** The serde policy for the public topics (internal topics always auto-register). */
    SerdeOptions serdeOptions() {
        return autoRegisterSchemas ? SerdeOptions.defaults() : SerdeOptions.production();
    }

    /** The registry client these options describe. */
    HttpSchemaRegistryClient registryClient() {
        final Map<String, String> config = registryConfig();
        if (config.get("schema.registry.url") == null) {
            throw new IllegalArgumentException("no schema registry: give --schema-registry-url or schema.registry.url in --client-config");
        }
        return HttpSchemaRegistryClient.fromConfig(config);
    }

    /** An admin client of the cluster these options describe. */
    Admin admin() {
        final Map<String, Object> props = new HashMap<>(kafkaProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(props);
    }

    static boolean isRegistryKey(final String key) {
        return REGISTRY_KEYS.stream().anyMatch(key::startsWith);
    }

    private static Map<String, String> read(final Path file) {
        final Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --client-config " + file + ": " + e.getMessage(), e);
        }
        final Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name).strip()));
        return map;
    }

    /** Runs the chosen subcommand after {@link #resolveAll}: how {@code sitrep} executes. */
    static final CommandLine.IExecutionStrategy RESOLVE_THEN_RUN = parsed -> {
        resolveAll(parsed);
        return new CommandLine.RunLast().execute(parsed);
    };

    /** Resolves the cluster options of the command about to run (and of its parents). */
    static void resolveAll(final CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult r = parsed; r != null; r = r.hasSubcommand() ? r.subcommand() : null) {
            r.commandSpec().mixins().values().stream().map(CommandSpec::userObject)
                    .filter(ClusterOptions.class::isInstance).map(ClusterOptions.class::cast).forEach(ClusterOptions::resolve);
        }
    }

    static void drop(final CommandSpec spec, final List<String> names) {
        for (final String name : names) {
            final OptionSpec option = spec.findOption(name);
            if (option != null) {
                spec.remove(option);
            }
        }
    }

    /** For roles that talk only to Kafka: the registry options are not theirs. */
    static final class KafkaOnly implements IModelTransformer {
        @Override
        public CommandSpec transform(final CommandSpec spec) {
            drop(spec, List.of("--schema-registry-url", "--schema-registry-user-info", "--schema-registry-bearer-token",
                    "--auto-register-schemas"));
            return spec;
        }
    }

    /** For roles that talk only to the registry: the Kafka options are not theirs. */
    static final class RegistryOnly implements IModelTransformer {
        @Override
        public CommandSpec transform(final CommandSpec spec) {
            drop(spec, List.of("--bootstrap-servers", "--kafka-property", "--auto-register-schemas"));
            return spec;
        }
    }

    /** For a server that only has to find the brokers ({@code sitrep cluster registry}). */
    static final class BootstrapOnly implements IModelTransformer {
        @Override
        public CommandSpec transform(final CommandSpec spec) {
            drop(spec, List.of("--kafka-property", "--client-config", "--schema-registry-url", "--schema-registry-user-info",
                    "--schema-registry-bearer-token", "--auto-register-schemas"));
            return spec;
        }
    }

    /** For a role where the cluster is one of two ways to go ({@code sitrep load}): nothing required. */
    static final class NotRequired implements IModelTransformer {
        @Override
        public CommandSpec transform(final CommandSpec spec) {
            final OptionSpec bootstrap = spec.findOption("--bootstrap-servers");
            spec.remove(bootstrap);
            spec.addOption(OptionSpec.builder(bootstrap).required(false)
                    .description(bootstrap.description()[0].replaceFirst("\\.$", " (direct mode).")).build());
            return spec;
        }
    }
}
