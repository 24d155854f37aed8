package io.sitrep.app;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.streams.domain.Gazetteer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sitrep ingest}: the HTTP endpoint scrapers post reports to, against an external cluster. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Serve POST /v1/reports: validate reports and write them to Kafka (202 only after acks=all).")
final class IngestCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--gazetteer", description = "Extra gazetteer CSV: region codes scrapers may send as hints.")
    Path extraGazetteer;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final Gazetteer gazetteer = extraGazetteer == null ? Gazetteer.loadDefault() : Gazetteer.loadDefaultPlus(extraGazetteer);
        final TopicSpecs topics = TopicSpecs.create(new HttpSchemaRegistryClient(cluster.schemaRegistryUrl, cluster.schemaRegistryUserInfo));
        final ShutdownSignal shutdown = new ShutdownSignal();
        try (IngestService ingest = IngestService.create(cluster.bootstrapServers, topics, gazetteer::isKnownCode, cluster.kafkaProperties);
             HttpFront http = HttpFront.bind(httpPort);
             OpsService ops = OpsService.forIngest(cluster.bootstrapServers, cluster.kafkaProperties,
                     cluster.schemaRegistryUrl, cluster.schemaRegistryUserInfo)) {
            ingest.mountOn(http);
            ops.mountOn(http);
            http.start();
            spec.commandLine().getOut().printf("sitrep ingest listening on %s/v1/reports%n", http.baseUrl());
            spec.commandLine().getOut().flush();
            shutdown.await();
        } finally {
            shutdown.closed();
        }
        return 0;
    }
}
