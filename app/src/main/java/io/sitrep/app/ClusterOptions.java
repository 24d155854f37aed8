package io.sitrep.app;

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

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Extra Kafka client property (security, tuning), may repeat: --kafka-property security.protocol=SASL_SSL")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();
}
