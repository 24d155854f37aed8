package io.sitrep.app;

import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.serde.SerdeOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the Kafka cluster and the schema registry are: shared by every role that runs against them. */
final class ClusterOptions {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port…].")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", required = true,
            description = "Schema Registry URL(s), comma-separated (Confluent, Karapace, Redpanda or sitrep's embedded one).")
    String schemaRegistryUrl;

    @Option(names = "--schema-registry-user-info", description = "Basic auth for the registry as user:password.")
    String schemaRegistryUserInfo;

    @Option(names = "--auto-register-schemas",
            description = "Register the public topics' schemas on first write. Off by default outside the demo: "
                    + "run 'sitrep schemas register' in the deploy step, so an incompatible change is stopped there.")
    boolean autoRegisterSchemas;

    /** The serde policy for the public topics (internal topics always auto-register). */
    SerdeOptions serdeOptions() {
        return autoRegisterSchemas ? SerdeOptions.defaults() : SerdeOptions.production();
    }

    /** The registry client these options describe. */
    HttpSchemaRegistryClient registryClient() {
        return new HttpSchemaRegistryClient(schemaRegistryUrl, schemaRegistryUserInfo);
    }

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Extra Kafka client property (security, tuning), may repeat: --kafka-property security.protocol=SASL_SSL")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();
}
