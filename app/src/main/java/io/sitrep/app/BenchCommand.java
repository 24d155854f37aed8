package io.sitrep.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.app.bench.BenchRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sitrep bench}: throughput and latency of the whole pipeline on the embedded broker,
 * measured against the same broker's raw produce+consume ceiling in the same run. Prints a table
 * (or one line of JSON with {@code --json}); the last line is always {@code key=value} pairs with
 * {@code ratio=} (pipeline ÷ raw, end to end). Exit code 0 when every phase completed with exact
 * per-region counts (strict: no region above or below its expectation) and no ERROR line was
 * logged, 1 otherwise. Figures, not assertions: see docs/PERFORMANCE.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, modelTransformer = TopicOptions.PartitionsOnly.class,
        description = {"Benchmark the pipeline on the embedded broker: raw Kafka baseline, the pipeline fed straight to "
                + "Kafka and over HTTP, and end-to-end latency at a fixed offered rate.",
            "The last line is key=value pairs, including ratio= (pipeline ÷ raw, end to end).",
            "A short --dedup-horizon (PT1M) shows the dedup state staying flat."})
final class BenchCommand extends RoleCommand {

    @Option(names = "--reports", defaultValue = "10000",
            description = "Reports fed straight to Kafka; the raw baseline sends the same records (default: ${DEFAULT-VALUE}).")
    long reports;

    @Option(names = "--http-reports", defaultValue = "2000", description = "Reports fed over HTTP, 0 = skip (default: ${DEFAULT-VALUE}).")
    long httpReports;

    @Option(names = "--latency-seconds", defaultValue = "30",
            description = "Length of the fixed-rate latency phase, 0 = skip (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--rate", defaultValue = "0",
            description = "Offered rate of the latency phase, reports/s; 0 = half the measured pipeline throughput (default).")
    double rate;

    @Option(names = "--duplicate-rate", defaultValue = "0.10", description = "Share of byte-for-byte resends (default: ${DEFAULT-VALUE}).")
    double duplicateRate;

    @Option(names = "--syndication-rate", defaultValue = "0.20",
            description = "Share of other outlets' copies of a recent story (default: ${DEFAULT-VALUE}).")
    double syndicationRate;

    @Option(names = "--regions", defaultValue = "41", description = "Provinces the reports are about, 1..41 (default: ${DEFAULT-VALUE}).")
    int regions;

    @Mixin
    TopicOptions newTopics;

    @Mixin
    SharedOptions.StreamsTuning tuning;

    @Option(names = "--scaling-threads", defaultValue = "1",
            description = "Then run the straight-to-Kafka phase again on a fresh pipeline with this many threads, "
                    + "for comparison; 0 = skip (default: ${DEFAULT-VALUE}).")
    int scalingThreads;

    @Option(names = "--scaling-processes", defaultValue = "2",
            description = "Then run that phase again with one stream thread in each of this many processes (this one "
                    + "and more sitrep streams JVMs on the same broker); below 2 = skip (default: ${DEFAULT-VALUE}).")
    int scalingProcesses;

    @Option(names = "--phase-timeout", defaultValue = "PT5M",
            description = "A phase not complete by then fails the run (default: ${DEFAULT-VALUE}).")
    Duration phaseTimeout;

    @Mixin
    SharedOptions.RunDataDir dataDir;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--jit-warm-up-pipelines", defaultValue = "" + BenchRun.JIT_WARM_UP_PIPELINES,
            description = "Pipelines run for the JIT compilers before the measured ones (default: ${DEFAULT-VALUE}); "
                    + "0 = none, for a quick check that the bench runs: its figures then include the compilers' work.")
    int jitWarmUpPipelines;

    @Option(names = "--json", description = "Print the results as one line of JSON (then the key=value line).")
    boolean json;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Kafka Streams property for every pipeline of the run, the other processes' too (e.g. commit.interval.ms=200), may repeat.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Override
    int run(final PrintWriter out) throws Exception {
        final BenchRun run = new BenchRun(new BenchRun.Settings(reports, httpReports, latencySeconds, rate, duplicateRate,
                syndicationRate, regions, newTopics.partitions, tuning.threads, scalingThreads, scalingProcesses, tuning.dedupHorizon, phaseTimeout,
                dataDir.value, seed, kafkaProperties, jitWarmUpPipelines), System.err);
        final Map<String, Object> results = run.run();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(results));
        } else {
            printTable(out, results);
        }
        out.println(keyValues(results));
        out.flush();
        // a normal run logs no ERROR line: one that did fails, as one with wrong counts does
        return run.exact() && number(results, "errorLines") == 0 ? 0 : 1;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(final Map<String, Object> results, final String name) {
        final Object v = results.get(name);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static double number(final Map<String, Object> section, final String key) {
        return section.get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    /** The last line's figures: key, section of the results (null = top level), field; "ratio" is computed. */
    private static final String[][] KEY_VALUES = {
        {"reports", "pipelineKafka", "reports"}, {"raw_rps", "raw", "endToEndPerSecond"},
        {"pipeline_rps", "pipelineKafka", "endToEndPerSecond"}, {"http_rps", "pipelineHttp", "endToEndPerSecond"},
        {"ratio", null, null}, {"dedup_rps", "pipelineKafka", "dedupPerSecond"},
        {"attribution_rps", "pipelineKafka", "attributionPerSecond"},
        {"records_per_report", "pipelineKafka", "recordsPerReport"}, {"threads", "pipelineKafka", "threads"},
        {"scaling_threads", "scaling", "threads"}, {"scaling_rps", "scaling", "endToEndPerSecond"},
        {"speedup", "scaling", "speedupOfMain"}, {"speedup_ceiling", "scaling", "speedupCeiling"}, {"processes", "processes", "processes"},
        {"processes_rps", "processes", "endToEndPerSecond"}, {"processes_speedup", "processes", "speedupOverOneThread"}, {"offered_rps", "latency", "offeredPerSecond"},
        {"p50_ms", "latency", "p50Ms"}, {"p95_ms", "latency", "p95Ms"}, {"p99_ms", "latency", "p99Ms"},
        {"cpu_cores", "pipelineKafka", "cpuCores"}, {"cpu_ms_per_report", "pipelineKafka", "cpuMsPerReport"},
        {"host_us_per_report", "hostCalibration", "microsPerReport"}, {"host_ns_per_read", "hostCalibration", "nanosPerMemoryRead"},
        {"host_two_thread_factor", "hostCalibration", "twoThreadFactor"}, {"peak_heap_mib", null, "peakHeapMiB"}, {"exact", null, "exact"},
        {"error_lines", null, "errorLines"}, {"seconds", null, "totalSeconds"},
    };

    /** The last line: the headline figures, machine-readable. */
    static String keyValues(final Map<String, Object> results) {
        final double rawRate = number(section(results, "raw"), "endToEndPerSecond");
        final double pipelineRate = number(section(results, "pipelineKafka"), "endToEndPerSecond");
        final Map<String, Object> kv = new LinkedHashMap<>();
        for (String[] f : KEY_VALUES) {
            if ("ratio".equals(f[0])) {
                kv.put("ratio", rawRate > 0 ? String.format(Locale.ROOT, "%.4f", pipelineRate / rawRate) : "0");
            } else {
                kv.put(f[0], f[1] == null ? results.get(f[2]) : number(section(results, f[1]), f[2]));
            }
        }
        final StringBuilder sb = new StringBuilder();
        kv.forEach((k, v) -> {
            final String s = v instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(v);
            sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(s);
        });
        return sb.toString();
    }

    private static void printTable(final PrintWriter out, final Map<String, Object> results) {
        out.println("sitrep bench — embedded broker, one JVM (broker, registry, streams, ingest and the load generator share it)");
        out.printf("machine: %s%n", results.get("machine"));
        out.printf("settings: %s%n", results.get("settings"));
        out.printf("start-up: %s s%n", results.get("startupSeconds"));
        out.printf("host: %s us CPU per report for the two text steps on one thread, after the pipelines (%s)%n",
                section(results, "hostCalibration").get("microsPerReport"), results.get("hostCalibration"));
        for (String name : new String[] {"raw", "pipelineKafka", "pipelineHttp", "latency", "scaling", "processes"}) {
            final Map<String, Object> s = section(results, name);
            if (s.isEmpty()) {
                continue;
            }
            out.printf("%n%s%n", switch (name) {
                case "raw" -> "raw Kafka baseline (same records, acks=all, idempotent, lz4; produce and consume at once)";
                case "pipelineKafka" -> "pipeline, reports straight to Kafka (validate + publish, as `sitrep load`)";
                case "pipelineHttp" -> "pipeline, reports over HTTP (NDJSON batches of 500 through the ingest client)";
                case "scaling" -> "the straight-to-Kafka phase again, fresh pipeline, other thread count";
                case "processes" -> "the straight-to-Kafka phase again, fresh pipeline, one thread in each of several processes";
                default -> "end-to-end latency: intended send time → first escalation update that counts the event";
            });
            s.forEach((k, v) -> {
                if (!"dedupKeysOverTime".equals(k)) {
                    out.printf("  %-22s %s%n", k, human(v));
                }
            });
            if (s.containsKey("dedupKeysOverTime")) {
                out.printf("  %-22s %s%n", "dedupKeys[s,keys]", s.get("dedupKeysOverTime"));
            }
        }
        out.printf("%nstate stores at the end (estimated keys, RocksDB KiB, disk KiB):%n");
        section(results, "stateStores").forEach((k, v) -> out.printf("  %-34s %s%n", k, v));
        final double ratio = number(section(results, "pipelineKafka"), "endToEndPerSecond")
                / Math.max(1, number(section(results, "raw"), "endToEndPerSecond"));
        out.printf("%npeak heap %s MiB; pipeline ÷ raw = %.4f; every count exact: %s; ERROR lines: %s%s; %s s in all%n",
                results.get("peakHeapMiB"), ratio, results.get("exact"), results.get("errorLines"),
                results.containsKey("firstErrorLine") ? " (first: " + results.get("firstErrorLine") + ")" : "",
                results.get("totalSeconds"));
    }

    /** Formats a rate or figure for humans. */
    static String human(final Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%,d", d.longValue())
                    : String.format(Locale.ROOT, "%,.2f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        return String.valueOf(v);
    }
}
