package io.sitrep.app;

import io.sitrep.streams.attribution.domain.Gazetteer;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Options that several roles share, each declared once here (as the cluster's are in
 * {@link ClusterOptions} and the topic layout's in {@link TopicOptions}), mixed in with
 * {@code @Mixin}; defaults come from {@link OptionDefaults}.
 */
final class SharedOptions {
    private SharedOptions() {
    }

    /** The one HTTP port of a role: its API, probes, metrics and dashboard. */
    static final class HttpPort {
        @Option(names = "--http-port", paramLabel = "PORT", defaultValue = OptionDefaults.HTTP_PORT_TEXT,
                description = "HTTP port of this role's API, probes and metrics (default: ${DEFAULT-VALUE}).")
        int value;
    }

    /** The port of the schema registry a role serves itself (demo, cluster registry). */
    static final class RegistryPort {
        @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "8081", description = "Schema registry port (default: ${DEFAULT-VALUE}).")
        int value;
    }

    /** How a role that runs the stream stages sizes them. */
    static final class StreamsTuning {
        @Option(names = "--threads", defaultValue = OptionDefaults.THREADS_TEXT, description = "Kafka Streams threads, each a client of its own, 0 = one per available core (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--dedup-horizon", defaultValue = OptionDefaults.DEDUP_HORIZON, description = "How long dedup remembers a story, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration dedupHorizon;
    }

    /** Regions beyond the built-in gazetteer, for a role that resolves or checks region codes. */
    static final class ExtraGazetteer {
        @Option(names = "--gazetteer", paramLabel = "FILE", description = "Extra gazetteer CSV (same columns as the built-in one): the regions of "
                + "another conflict, whose codes scrapers may then send as hints.")
        Path file;

        /** The built-in gazetteer, plus the extra file's regions when one was given. */
        Gazetteer load() {
            return file == null ? Gazetteer.loadDefault() : Gazetteer.loadDefaultPlus(file);
        }
    }

    /** Where a role that starts its own broker for one run keeps its data (eval, bench). */
    static final class RunDataDir {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "Broker data and streams state (default: a fresh temporary folder, deleted afterwards).")
        Path value;
    }
}
