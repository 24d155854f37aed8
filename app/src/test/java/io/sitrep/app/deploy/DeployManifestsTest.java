package io.sitrep.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sitrep.app.EnvironmentDefaults;
import io.sitrep.app.SitrepCommand;
import io.sitrep.schemas.TopicPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * docker-compose.yml and deploy/k8s, checked without a Docker engine or a cluster: every
 * {@code SITREP_*} key a sitrep container gets is a real setting of the role it runs (and its
 * value parses), the required Kubernetes fields are there, probes point at /readyz and /healthz,
 * and the Strimzi topics match {@link TopicPlan}. Compose syntax itself is proven by
 * {@code deploy/validate-compose.sh} (a real compose implementation).
 */
class DeployManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = Path.of("..");
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    /** Variables the image or a role reads besides the options. */
    private static final Set<String> EXTRA_VARIABLES = Set.of("SITREP_JAVA_OPTS", "SITREP_INGEST_TOKENS", "SITREP_LOG_FORMAT",
            "SITREP_LOG_LEVEL");

    // ---- docker-compose.yml ----------------------------------------------------------------

    @Test
    void shouldGiveEverySitrepComposeServiceOnlyRealSettingsOfItsRole() throws IOException {
        final JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
        final List<String> checked = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            final JsonNode service = e.getValue();
            if (!service.path("image").asText().startsWith("sitrep")) {
                return;
            }
            final Map<String, String> env = new LinkedHashMap<>();
            service.path("environment").fields().forEachRemaining(v -> env.put(v.getKey(), v.getValue().asText()));
            checkRoles(e.getKey(), rolesOf(service), env, env.keySet());
            checked.add(e.getKey());
        });
        assertThat(checked).contains("init", "ingest", "streams", "ops");
    }

    @Test
    void shouldStartTheComposeStackInOrder() throws IOException {
        final JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
        for (final String healthy : List.of("kafka", "schema-registry", "ingest", "streams")) {
            assertThat(services.path(healthy).path("healthcheck").path("test").isMissingNode()).as(healthy + " healthcheck").isFalse();
        }
        assertThat(services.path("init").path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(services.path("init").path("depends_on").path("schema-registry").path("condition").asText())
                .isEqualTo("service_healthy");
        for (final String role : List.of("ingest", "streams", "ops")) {
            assertThat(services.path(role).path("depends_on").path("init").path("condition").asText()).as(role)
                    .isEqualTo("service_completed_successfully");
        }
        assertThat(services.path("streams").path("scale").asInt()).as("two streams instances share the work").isEqualTo(2);
        services.fields().forEachRemaining(e -> e.getValue().path("depends_on").fieldNames().forEachRemaining(
                dependency -> assertThat(services.has(dependency)).as(e.getKey() + " depends on " + dependency).isTrue()));
        assertThat(services.path("prometheus").path("profiles").toString()).contains("monitoring");
        assertThat(services.path("grafana").path("profiles").toString()).contains("monitoring");
    }

    /** The sitrep command lines of a compose service: its command, or each `sitrep …` of a shell entrypoint. */
    private static List<List<String>> rolesOf(final JsonNode service) {
        final List<String> command = new ArrayList<>();
        service.path("command").forEach(c -> command.add(c.asText()));
        if (service.path("entrypoint").toString().contains("/bin/sh")) {
            return Arrays.stream(String.join(" ", command).split("&&"))
                    .map(String::strip)
                    .map(part -> Arrays.asList(part.split("\\s+")))
                    .peek(words -> assertThat(words.get(0)).as("shell step " + words).isEqualTo("sitrep"))
                    .map(words -> words.subList(1, words.size()))
                    .toList();
        }
        return List.of(command);
    }

    // ---- Kubernetes ---------------------------------------------------------------------------

    @Test
    void shouldListEveryManifestInTheKustomization() throws IOException {
        final JsonNode kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
        final Set<String> listed = new HashSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(K8S)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .filter(n -> !n.equals("kustomization.yaml")).toList())
                    .containsExactlyInAnyOrderElementsOf(listed);
        }
    }

    @Test
    void shouldGiveEveryKubernetesObjectItsRequiredFields() throws IOException {
        final List<JsonNode> objects = k8sObjects();
        assertThat(objects).extracting(o -> o.path("kind").asText())
                .contains("Deployment", "StatefulSet", "Service", "ConfigMap", "KafkaTopic", "Job", "HorizontalPodAutoscaler",
                        "PodDisruptionBudget", "PodMonitor", "PrometheusRule");
        for (final JsonNode o : objects) {
            final String what = o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
            assertThat(o.path("apiVersion").asText()).as(what + " apiVersion").isNotBlank();
            assertThat(o.path("kind").asText()).as(what + " kind").isNotBlank();
            assertThat(o.path("metadata").path("name").asText()).as(what + " metadata.name").matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            if (Set.of("Deployment", "StatefulSet").contains(o.path("kind").asText())) {
                final JsonNode selector = o.path("spec").path("selector").path("matchLabels");
                final JsonNode labels = o.path("spec").path("template").path("metadata").path("labels");
                assertThat(selector.size()).as(what + " selector").isPositive();
                selector.fields().forEachRemaining(l -> assertThat(labels.path(l.getKey()).asText())
                        .as(what + " template label " + l.getKey()).isEqualTo(l.getValue().asText()));
            }
            for (final JsonNode c : containers(o)) {
                assertThat(c.path("name").asText()).as(what + " container name").isNotBlank();
                assertThat(c.path("image").asText()).as(what + " image").isNotBlank();
            }
        }
    }

    @Test
    void shouldProbeIngestAndStreamsOnReadyzAndHealthz() throws IOException {
        final Map<String, JsonNode> workloads = new HashMap<>();
        k8sObjects().stream().filter(o -> Set.of("Deployment", "StatefulSet").contains(o.path("kind").asText()))
                .forEach(o -> workloads.put(o.path("metadata").path("name").asText(), o));
        for (final String name : List.of("sitrep-ingest", "sitrep-streams")) {
            final JsonNode c = containers(workloads.get(name)).get(0);
            assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).as(name).isEqualTo("/readyz");
            assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).as(name).isEqualTo("/healthz");
        }
        final JsonNode streams = workloads.get("sitrep-streams");
        assertThat(streams.path("kind").asText()).isEqualTo("StatefulSet");
        assertThat(streams.path("spec").path("volumeClaimTemplates").size()).as("persistent state").isPositive();
        final String headless = streams.path("spec").path("serviceName").asText();
        assertThat(k8sObjects()).as("headless Service " + headless).anyMatch(o -> o.path("kind").asText().equals("Service")
                && o.path("metadata").path("name").asText().equals(headless)
                && o.path("spec").path("clusterIP").asText().equals("None"));
        assertThat(env(containers(streams).get(0))).containsEntry("SITREP_KAFKA_NUM_STANDBY_REPLICAS", "1");
        assertThat(workloads).containsKey("sitrep-ops");
    }

    @Test
    void shouldGiveEverySitrepPodOnlyRealSettingsOfItsRole() throws IOException {
        final List<JsonNode> objects = k8sObjects();
        final Map<String, String> shared = new LinkedHashMap<>();
        objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap"))
                .forEach(o -> o.path("data").fields().forEachRemaining(d -> shared.put(d.getKey(), d.getValue().asText())));
        assertThat(shared).containsKeys("SITREP_BOOTSTRAP_SERVERS", "SITREP_SCHEMA_REGISTRY_URL");
        int checked = 0;
        final Set<String> understoodSomewhere = new HashSet<>();
        for (final JsonNode o : objects) {
            for (final JsonNode c : containers(o)) {
                if (!c.path("image").asText().equals("sitrep")) {
                    continue;
                }
                final List<String> args = new ArrayList<>();
                c.path("args").forEach(a -> args.add(a.asText()));
                final Map<String, String> own = env(c);
                own.keySet().removeIf(k -> !k.startsWith(EnvironmentDefaults.PREFIX));
                final Map<String, String> env = new LinkedHashMap<>(shared);
                env.putAll(own);
                // the pod's own keys must all be read by its role; the shared ConfigMap's by some role
                understoodSomewhere.addAll(checkRoles(o.path("metadata").path("name").asText(), List.of(args), env, own.keySet()));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(4);
        assertThat(shared.keySet()).as("ConfigMap keys that no role reads").allMatch(understoodSomewhere::contains);
    }

    @Test
    void shouldDeclareTheTopicsOfTopicPlanAsStrimziKafkaTopics() throws IOException {
        final Map<String, JsonNode> declared = new LinkedHashMap<>();
        k8sObjects().stream().filter(o -> o.path("kind").asText().equals("KafkaTopic")).forEach(o -> {
            assertThat(o.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
            assertThat(o.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isNotBlank();
            declared.put(o.path("spec").path("topicName").asText(o.path("metadata").path("name").asText()), o.path("spec"));
        });
        final List<NewTopic> plan = TopicPlan.pipelineTopics(6, (short) 3);
        assertThat(declared.keySet()).as("deploy/k8s/topics.yaml against TopicPlan.pipelineTopics")
                .containsExactlyInAnyOrderElementsOf(plan.stream().map(NewTopic::name).toList());
        for (final NewTopic t : plan) {
            final JsonNode spec = declared.get(t.name());
            assertThat(spec.path("partitions").asInt()).as(t.name() + " partitions").isEqualTo(t.numPartitions());
            assertThat(spec.path("replicas").asInt()).as(t.name() + " replicas").isEqualTo(3);
            t.configs().forEach((key, value) -> assertThat(spec.path("config").path(key).asText()).as(t.name() + " " + key)
                    .isEqualTo(value));
        }
    }

    @Test
    void shouldUseNoStrimziBetaApiAnywhere() throws IOException {
        final String beta = "kafka.strimzi.io/" + "v1beta";
        try (Stream<Path> files = Stream.concat(Files.walk(ROOT.resolve("deploy")), Files.walk(ROOT.resolve("docs")))) {
            for (final Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(beta);
            }
        }
    }

    @Test
    void shouldLimitVoluntaryDisruptionsToOnePodOfEachRole() throws IOException {
        final Map<String, JsonNode> budgets = new HashMap<>();
        k8sObjects().stream().filter(o -> o.path("kind").asText().equals("PodDisruptionBudget"))
                .forEach(o -> budgets.put(o.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText(), o));
        assertThat(budgets).containsOnlyKeys("sitrep-ingest", "sitrep-streams");
        budgets.values().forEach(b -> {
            assertThat(b.path("apiVersion").asText()).isEqualTo("policy/v1");
            assertThat(b.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        });
        assertThat(workloadLabels()).containsKeys(budgets.keySet().toArray(String[]::new));
    }

    @Test
    void shouldScrapeIngestAndStreamsPodsOnTheirHttpPortWithThePodMonitor() throws IOException {
        final JsonNode monitor = k8sObjects().stream().filter(o -> o.path("kind").asText().equals("PodMonitor")).findFirst().orElseThrow();
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        final JsonNode expression = monitor.path("spec").path("selector").path("matchExpressions").get(0);
        assertThat(expression.path("key").asText()).isEqualTo("app.kubernetes.io/name");
        final List<String> selected = new ArrayList<>();
        expression.path("values").forEach(v -> selected.add(v.asText()));
        assertThat(selected).containsExactlyInAnyOrder("sitrep-ingest", "sitrep-streams");
        final JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        final Map<String, JsonNode> workloads = new HashMap<>();
        k8sObjects().stream().filter(o -> Set.of("Deployment", "StatefulSet").contains(o.path("kind").asText()))
                .forEach(o -> workloads.put(o.path("metadata").path("name").asText(), o));
        for (final String name : selected) {
            assertThat(containers(workloads.get(name)).get(0).path("ports").findValuesAsText("name")).as(name)
                    .contains(endpoint.path("port").asText());
        }
        // job = app.kubernetes.io/name, as the compose Prometheus names its jobs: one set of rules for both
        assertThat(monitor.path("spec").path("jobLabel").asText()).isEqualTo("app.kubernetes.io/name");
    }

    @Test
    void shouldCarryTheAlertRulesOfThePrometheusConfigInThePrometheusRule() throws IOException {
        final JsonNode rule = k8sObjects().stream().filter(o -> o.path("kind").asText().equals("PrometheusRule")).findFirst().orElseThrow();
        final JsonNode alerts = YAML.readTree(ROOT.resolve("deploy/prometheus/sitrep-alerts.yml").toFile());
        assertThat(rule.path("spec").path("groups")).as("deploy/k8s/prometheus-rule.yaml is stale: run deploy/sync-prometheus-rule.sh")
                .isEqualTo(alerts.path("groups"));
    }

    @Test
    void shouldScrapeEveryReplicaOfTheComposeServicesThroughDns() throws IOException {
        final JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
        final JsonNode prometheus = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
        final Map<String, JsonNode> jobs = new HashMap<>();
        prometheus.path("scrape_configs").forEach(j -> jobs.put(j.path("job_name").asText(), j));
        assertThat(jobs).containsOnlyKeys("sitrep-ingest", "sitrep-streams");
        jobs.forEach((job, config) -> {
            final String service = job.substring("sitrep-".length());
            final JsonNode dns = config.path("dns_sd_configs").get(0);
            assertThat(dns.path("names").get(0).asText()).as(job).isEqualTo(service);
            assertThat(dns.path("type").asText()).isEqualTo("A");
            assertThat(dns.path("port").asText()).as(job + " port")
                    .isEqualTo(services.path(service).path("environment").path("SITREP_HTTP_PORT").asText());
            assertThat(config.has("static_configs")).as(job + ": one static target hides the replicas").isFalse();
        });
    }

    // ---- helpers --------------------------------------------------------------------------------

    /**
     * Each role must parse with exactly this environment (required options present, values of
     * the right type), and every SITREP_ key must mean something to at least one of the roles.
     */
    private static Set<String> checkRoles(final String where, final List<List<String>> roles, final Map<String, String> env,
                                          final Set<String> keysToCheck) {
        final Set<String> understood = new HashSet<>(EXTRA_VARIABLES);
        for (final List<String> args : roles) {
            final CommandLine sitrep = new EnvironmentDefaults(env).installOn(new CommandLine(new SitrepCommand()));
            final ParseResult parsed;
            try {
                parsed = sitrep.parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(where + ": sitrep " + String.join(" ", args) + " does not start with " + env + ": "
                        + e.getMessage(), e);
            }
            ParseResult leaf = parsed;
            while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
            }
            final CommandSpec spec = leaf.commandSpec();
            EnvironmentDefaults.variableOptions(spec).forEach(o -> understood.add(EnvironmentDefaults.variableFor(o)));
            if (spec.findOption(EnvironmentDefaults.KAFKA_PROPERTY_OPTION) != null) {
                env.keySet().stream().filter(k -> k.startsWith(EnvironmentDefaults.KAFKA_PREFIX)).forEach(understood::add);
            }
        }
        assertThat(keysToCheck).as(where + ": SITREP_* keys that no role of " + roles + " reads")
                .filteredOn(k -> k.startsWith(EnvironmentDefaults.PREFIX))
                .allMatch(understood::contains);
        return understood;
    }

    /** The template labels of every Deployment and StatefulSet, by app.kubernetes.io/name. */
    private static Map<String, JsonNode> workloadLabels() throws IOException {
        final Map<String, JsonNode> labels = new HashMap<>();
        k8sObjects().stream().filter(o -> Set.of("Deployment", "StatefulSet").contains(o.path("kind").asText()))
                .forEach(o -> {
                    final JsonNode l = o.path("spec").path("template").path("metadata").path("labels");
                    labels.put(l.path("app.kubernetes.io/name").asText(), l);
                });
        return labels;
    }

    private static List<JsonNode> k8sObjects() throws IOException {
        final List<JsonNode> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (final Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
                    while (docs.hasNext()) {
                        final JsonNode doc = docs.next();
                        if (doc != null && !doc.isEmpty()) {
                            objects.add(doc);
                        }
                    }
                }
            }
        }
        return objects;
    }

    private static List<JsonNode> containers(final JsonNode workload) {
        final List<JsonNode> containers = new ArrayList<>();
        workload.path("spec").path("template").path("spec").path("containers").forEach(containers::add);
        workload.path("spec").path("jobTemplate").path("spec").path("template").path("spec").path("containers")
                .forEach(containers::add);
        return containers;
    }

    /** A container's env; values from secrets or the downward API count as present. */
    private static Map<String, String> env(final JsonNode container) {
        final Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(),
                e.has("value") ? e.path("value").asText() : "from-" + e.path("valueFrom").fieldNames().next()));
        return env;
    }
}
