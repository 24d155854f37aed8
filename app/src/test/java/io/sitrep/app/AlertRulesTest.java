package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.core.instrument.binder.kafka.KafkaMetricsOfSupplier;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitrep.ingest.metrics.IngestMetrics;
import io.sitrep.ops.lag.GroupVerdict;
import io.sitrep.ops.lag.LagSnapshot;
import io.sitrep.ops.lag.LagStatus;
import io.sitrep.ops.lag.PartitionLag;
import io.sitrep.ops.lag.PartitionVerdict;
import io.sitrep.ops.metrics.LagMetrics;
import io.sitrep.ops.metrics.SitrepMetrics;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import io.sitrep.streams.PipelineTopology;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.streams.attribution.domain.ActorTable;
import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus alert rules and the Grafana panels refer only to metrics the code exports. The
 * exported names come from the code itself, scraped from real registries: the lag gauges fed a
 * sample, JVM and process meters, a Kafka Streams instance of the real topology (constructed, not
 * started: client, thread and client-library metrics), a {@link TopologyTestDriver} of the same
 * topology for the task and processor-node metrics (through Micrometer's own Kafka binder), and
 * ingest's metrics. A renamed metric, or a typo in a rule, fails here instead of in a silent alert.
 */
class AlertRulesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEPLOY = Path.of("..", "deploy");
    /** Series Prometheus makes itself. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @TempDir
    static Path stateDir;
    private static final Set<String> exported = new TreeSet<>();

    @BeforeAll
    static void scrapeWhatTheCodeExports() throws Exception {
        final TopicSpecs topics = TopicSpecs.create(new InMemorySchemaRegistryClient());
        final StreamsSettings settings = new StreamsSettings("127.0.0.1:9", "sitrep-alert-rules", stateDir.resolve("streams"),
                StreamsSettings.DEFAULT_DEDUP_HORIZON, 1, Map.of());
        try (SitrepMetrics metrics = SitrepMetrics.create("streams");
             StreamsRunner streams = new StreamsRunner(settings, topics, Gazetteer.loadDefault())) {
            final PrometheusMeterRegistry registry = metrics.registry();
            new LagMetrics(registry).accept(new LagSnapshot(Instant.now(), List.of(new GroupVerdict("g", "STABLE", 1,
                    List.of(new PartitionVerdict(new PartitionLag("g", "t", 0, 1, 3, 2, 1_000), LagStatus.OK, "")),
                    LagStatus.OK, "")), Optional.empty(), "cluster"));
            try (AutoCloseable bound = OpsService.bindStreams(registry, streams)) {
                exported.addAll(names(registry.scrape()));
            }
            final Properties props = settings.toProperties(topics.registry());
            props.put("state.dir", stateDir.resolve("driver").toString());
            final PipelineTopology pipeline = new PipelineTopology(topics, settings.dedupHorizon(),
                    new EventExtractor(Gazetteer.loadDefault(), ActorTable.loadDefault()));
            try (TopologyTestDriver driver = new TopologyTestDriver(pipeline.build(props), props);
                 AutoCloseable taskMetrics = KafkaMetricsOfSupplier.bind(registry, driver::metrics)) {
                exported.addAll(names(registry.scrape()));
            }
        }
        exported.addAll(ingestNames());
    }

    /** Ingest's metric names, from its meters in a Prometheus registry as the ingest process has them. */
    private static Set<String> ingestNames() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final IngestMetrics ingest = new IngestMetrics(registry);
        ingest.report("accepted", null, "s");
        ingest.request(202, Duration.ofMillis(3));
        ingest.produced(Duration.ofMillis(2));
        return names(registry.scrape());
    }

    @Test
    void shouldGiveEveryAlertRuleItsFieldsAndOnlyExportedMetrics() throws IOException {
        final JsonNode groups = YAML.readTree(DEPLOY.resolve("prometheus/sitrep-alerts.yml").toFile()).path("groups");
        assertThat(groups.size()).isPositive();
        final Set<String> alerts = new HashSet<>();
        final Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode group : groups) {
            assertThat(group.path("name").asText()).isNotBlank();
            for (JsonNode rule : group.path("rules")) {
                final String alert = rule.path("alert").asText();
                assertThat(alerts.add(alert)).as("alert names are unique: " + alert).isTrue();
                assertThat(alert).matches("Sitrep[A-Za-z]+");
                assertThat(rule.path("labels").path("severity").asText()).as(alert).isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).as(alert).isNotBlank();
                if (rule.has("for")) {
                    assertThat(rule.path("for").asText()).as(alert + " for").matches("\\d+[smh]");
                }
                expressions.put(alert, rule.path("expr").asText());
            }
        }
        assertThat(alerts).as("ingest is watched too").anyMatch(a -> a.startsWith("SitrepIngest"));
        expressions.forEach((alert, expr) -> assertRefersToExportedMetrics(alert, expr));
    }

    @Test
    void shouldDrawEveryGrafanaPanelFromExportedMetricsThroughTheDatasourceVariable() throws IOException {
        final JsonNode dashboard = JSON.readTree(DEPLOY.resolve("grafana/sitrep-dashboard.json").toFile());
        assertThat(dashboard.path("templating").path("list").findValuesAsText("type")).contains("datasource");
        int targets = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                assertRefersToExportedMetrics(panel.path("title").asText(), target.path("expr").asText());
                targets++;
            }
        }
        assertThat(targets).isGreaterThan(20);
        assertThat(dashboard.toString()).as("no fixed datasource uid left").doesNotContain("\"uid\":\"prometheus\"");
    }

    @Test
    void shouldFindMetricsInExpressionsButNotFunctionsLabelsOrStrings() {
        assertThat(metricsIn("histogram_quantile(0.99, sum by (le) (rate(a_bucket{x=~\"5..\",y=\"b_c\"}[5m]))) > 2"
                + " / on (instance) max without (job) (time() - b_total offset 5m)"))
                .containsExactlyInAnyOrder("a_bucket", "b_total");
    }

    private static void assertRefersToExportedMetrics(final String where, final String expr) {
        assertThat(expr).as(where + ": brackets balance").satisfies(e -> assertThat(balanced(e)).isTrue());
        final List<String> metrics = metricsIn(expr);
        assertThat(metrics).as(where + ": " + expr).isNotEmpty();
        for (String metric : metrics) {
            assertThat(exported.contains(metric) || PROMETHEUS_SERIES.contains(metric))
                    .as("%s: %s is not exported by the code (expr %s)", where, metric, expr).isTrue();
        }
    }

    /** Metric names of a PromQL expression: identifiers that are not functions, keywords, labels or strings. */
    static List<String> metricsIn(final String expr) {
        final String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        final List<String> names = new ArrayList<>();
        final Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            final String word = m.group();
            final boolean function = bare.substring(m.end()).stripLeading().startsWith("(");
            final boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(word) && !word.startsWith("$")) {
                names.add(word);
            }
        }
        return names;
    }

    private static boolean balanced(final String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    private static Set<String> names(final String scrape) {
        final Set<String> names = new HashSet<>();
        scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }
}
