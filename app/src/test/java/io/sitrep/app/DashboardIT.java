package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.streams.StreamsSettings;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The operators' surface of a running embedded pipeline: {@code /metrics} names, {@code /readyz}
 * reasons, {@code /v1/lag}, and the dashboard in headless Chromium (skipped, with a message, where
 * Debian's {@code chromium} and {@code chromium-driver} are not installed; {@code .ci/run}
 * installs them). The screenshot lands in {@code target/dashboard.png}.
 */
@Tag("integration")
@Timeout(240)
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    @RegisterExtension
    static final RunningPipeline RUNNING = new RunningPipeline();
    @TempDir
    static Path browserDir;

    @BeforeAll
    static void feedReports() throws Exception {
        post(report("https://wire.example/khost-strikes", "Pakistani air strikes hit Khost",
                "Pakistani jets carried out air strikes in Khost province on 26 February, local officials said."));
        post(report("https://borderpost.example/kurram-shelling", "Shelling in Kurram",
                "Afghan forces fired artillery shells at a Pakistani border post in Kurram district of Khyber Pakhtunkhwa "
                        + "on 26 February, the military said."));
        // the figures are in the store, so the page has real values to show
        awaitJson("/v1/regions", body -> body.path("regions").size() >= 2);
    }

    private static EmbeddedPipeline pipeline() {
        return RUNNING.pipeline();
    }

    @Test
    void shouldExposeLagStreamsAndJvmMetricsWhenScraped() throws Exception {
        awaitJson("/v1/lag", body -> body.path("groups").size() > 0 && body.path("error").isNull());
        final HttpResponse<String> scrape = get("/metrics");
        Files.writeString(Paths.get("target", "metrics-scrape.txt"), scrape.body());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        final String group = "group=\"" + StreamsSettings.DEFAULT_APPLICATION_ID + "\"";
        assertThat(lines(scrape.body(), "kafka_consumergroup_group_lag{")).anySatisfy(l ->
                assertThat(l).contains(group).contains("topic=\"sitrep.reports.raw\"").contains("partition=\"0\""));
        assertThat(scrape.body())
                .contains("kafka_consumergroup_group_lag_seconds{")
                .contains("kafka_consumergroup_group_max_lag{")
                .contains("kafka_consumergroup_group_max_lag_seconds{")
                .contains("kafka_consumergroup_group_sum_lag{")
                .contains("kafka_consumergroup_group_offset{")
                .contains("kafka_partition_latest_offset{")
                .contains("sitrep_consumergroup_status{")
                // the demo's ingest meters live in the same registry as everything else
                .contains("sitrep_ingest_io_errors_total")
                // Kafka Streams client metrics, bound with Micrometer's KafkaStreamsMetrics
                .contains("kafka_stream_thread_process_rate{")
                .contains("kafka_stream_thread_process_total")
                .contains("kafka_consumer_fetch_manager_records_lag_max{")
                .contains("kafka_stream_processor_node_record_e2e_latency_avg{")
                .contains("kafka_stream_client_state{")
                .contains("kafka_stream_thread_thread_state{")
                .contains("kafka_stream_alive_stream_threads")
                .contains("kafka_stream_failed_stream_threads_total")
                .contains("sitrep_streams_state{")
                .contains("sitrep_dedup_duplicates_dropped_total")
                .contains("jvm_memory_used_bytes{")
                .contains("jvm_threads_live_threads");
    }

    @Test
    void shouldAnswerReadyWithReasonsForKafkaStreamsAndRegistry() throws Exception {
        final HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        final JsonNode body = JSON.readTree(ready.body());
        assertThat(body.path("ready").asBoolean()).isTrue();
        assertThat(body.path("checks").findValuesAsText("name")).containsExactly("kafka", "streams", "schemaRegistry");
        assertThat(body.path("checks").get(1).path("detail").asText()).isEqualTo("state RUNNING");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldReportPipelineGroupLagPerPartitionWithStatus() throws Exception {
        final JsonNode lag = awaitJson("/v1/lag", body -> body.path("groups").size() > 0
                && body.path("groups").get(0).path("partitions").size() > 0);
        final JsonNode group = lag.path("groups").get(0);
        assertThat(group.path("group").asText()).isEqualTo(StreamsSettings.DEFAULT_APPLICATION_ID);
        // one group member per stream thread: the embedded pipeline runs one thread per core
        assertThat(group.path("members").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(group.path("status").asText()).isIn("OK", "WARN");
        assertThat(group.path("partitions").findValuesAsText("topic")).contains("sitrep.reports.raw");
        for (JsonNode p : group.path("partitions")) {
            assertThat(p.path("lag").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(p.path("lagSeconds").isNumber()).as("lag in seconds of %s", p).isTrue();
        }
    }

    @Test
    void shouldPrintLagTableAndJsonAndExitWithWorstStatus() throws Exception {
        awaitJson("/v1/lag", body -> body.path("status").asText().equals("OK") && body.path("groups").size() > 0);
        final StringWriter table = new StringWriter();
        final CommandLine cli = new CommandLine(new SitrepCommand());
        cli.setOut(new PrintWriter(table, true));
        final int exit = cli.execute("lag", "--bootstrap-servers=" + pipeline().bootstrapServers(), "--samples=1");
        assertThat(table.toString()).contains("GROUP / TOPIC-PARTITION").contains(StreamsSettings.DEFAULT_APPLICATION_ID)
                .contains("sitrep.reports.raw-0");
        assertThat(exit).as(table.toString()).isZero();

        final StringWriter json = new StringWriter();
        final CommandLine jsonCli = new CommandLine(new SitrepCommand());
        jsonCli.setOut(new PrintWriter(json, true));
        final int jsonExit = jsonCli.execute("lag", "--bootstrap-servers=" + pipeline().bootstrapServers(), "--samples=1",
                "--json", "--group=no-such-group");
        final JsonNode body = JSON.readTree(json.toString());
        assertThat(body.path("groups").get(0).path("group").asText()).isEqualTo("no-such-group");
        assertThat(body.path("groups").get(0).path("status").asText()).isEqualTo("STOPPED");
        assertThat(jsonExit).as("STOPPED").isEqualTo(3);
    }

    @Test
    void shouldRenderRegionsAndLagInHeadlessChromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "SKIPPED: no " + CHROMIUM + " / " + CHROMEDRIVER + " (Debian packages chromium, chromium-driver; .ci/run installs them)");
        final JsonNode regions = awaitJson("/v1/regions", body -> body.path("regions").size() >= 2);
        awaitJson("/v1/lag", body -> body.path("groups").size() > 0);

        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory(browserDir, "chromium"),
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1400,1000");
        // the system driver, so Selenium Manager never tries to download one
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        final WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(pipeline().dashboardUrl() + "?refresh=1");
            final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            final JsonNode khost = findRegion(regions, "AF-KHO");
            final WebElement card = wait.until(d -> first(d.findElements(By.cssSelector("[data-region='AF-KHO']"))));
            assertThat(card.getAttribute("data-level")).isEqualTo(khost.path("level").asText());
            assertThat(card.findElement(By.cssSelector("[data-field='c7']")).getText()).isEqualTo(khost.path("c7").asText());
            assertThat(card.getText()).contains("Khost");
            assertThat(driver.findElements(By.cssSelector("[data-region]"))).hasSize(regions.path("regions").size());

            final WebElement group = wait.until(d -> first(d.findElements(
                    By.cssSelector("tr[data-group='" + StreamsSettings.DEFAULT_APPLICATION_ID + "']"))));
            assertThat(group.getAttribute("data-status")).isIn("OK", "WARN", "ERR", "STOPPED");
            assertThat(group.findElement(By.cssSelector("[data-field='sumLag']")).getText()).matches("\\d+");
            assertThat(group.findElement(By.cssSelector("[data-field='maxLagSeconds']")).getText()).matches("\\d+\\.\\d s|\\d+ (min|h|d)");
            // the page redraws its rows every second (?refresh=1): read them again if one was replaced under us
            final boolean rawPartitionShown = wait.ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElements(By.cssSelector("tr.partition-row")).stream()
                            .anyMatch(row -> row.getText().contains("sitrep.reports.raw-")));
            assertThat(rawPartitionShown).isTrue();
            assertThat(driver.findElement(By.id("overall")).getText()).startsWith("lag ");
            // it refreshes by itself
            wait.until(d -> Integer.parseInt(d.findElement(By.id("updated")).getAttribute("data-refreshes")) >= 2);

            final Path png = Paths.get("target", "dashboard.png");
            Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            assertThat(Files.size(png)).isGreaterThan(10_000);
        } finally {
            driver.quit();
        }
    }

    private static WebElement first(final List<WebElement> elements) {
        return elements.isEmpty() ? null : elements.get(0);
    }

    private static JsonNode findRegion(final JsonNode regions, final String code) {
        for (JsonNode r : regions.path("regions")) {
            if (r.path("regionCode").asText().equals(code)) {
                return r;
            }
        }
        throw new AssertionError("no region " + code + " in " + regions);
    }

    private static List<String> lines(final String text, final String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    private static String report(final String url, final String headline, final String body) {
        return JSON.createObjectNode().put("scraperId", "dashboard-it").put("sourceOutlet", "Wire Service")
                .put("url", url).put("publishedAt", "2026-02-27T08:00:00Z").put("headline", headline)
                .put("body", body).toString();
    }

    private static void post(final String json) throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(pipeline().http().baseUrl() + "/v1/reports"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static HttpResponse<String> get(final String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(pipeline().http().baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code path} until the JSON body satisfies {@code done}, or fails after 60 s. */
    private static JsonNode awaitJson(final String path, final Predicate<JsonNode> done) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode body = null;
        while (System.nanoTime() < deadline) {
            final HttpResponse<String> response = get(path);
            if (response.statusCode() == 200) {
                body = JSON.readTree(response.body());
                if (done.test(body)) {
                    return body;
                }
            }
            // a poll interval inside a deadline-bound condition wait, so the loop does not spin on 2 shared cores
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throw new AssertionError("GET " + path + " did not satisfy the condition in 60 s; last body " + body);
    }
}
