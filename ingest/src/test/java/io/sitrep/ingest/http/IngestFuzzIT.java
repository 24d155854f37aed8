package io.sitrep.ingest.http;

import static io.sitrep.ingest.support.IngestFixture.SCRAPER_A;
import static io.sitrep.ingest.support.IngestFixture.SCRAPER_B;
import static io.sitrep.ingest.support.IngestFixture.TOKEN_A;
import static io.sitrep.ingest.support.ReportJson.aReport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitrep.embedded.EmbeddedKafkaBroker;
import io.sitrep.ingest.support.IngestFixture;
import io.sitrep.ingest.support.ReportJson;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1 200 generated malformed or hostile requests (fixed seed, so every run sends the same ones):
 * each must get a 4xx with a JSON body naming a reason, and the server must keep serving.
 */
@Tag("integration")
@Timeout(300)
class IngestFuzzIT {

    private static final long SEED = 20_261_127L;
    private static final int CASES = 1_200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIELDS = {"scraperId", "scraperReportId", "sourceOutlet", "url", "language", "publishedAt",
        "fetchedAt", "headline", "body", "hints"};

    private static IngestFixture fixture;
    private static IngestFixture.Server server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One request to send: body bytes, content type and token. */
    private record Case(String kind, byte[] body, String contentType, String token) {
    }

    @BeforeAll
    static void start() throws Exception {
        fixture = IngestFixture.start(EmbeddedKafkaBroker.Options.defaults());
        server = fixture.server(IngestLimits.defaults().withMaxBodyBytes(256 * 1024).withRateLimit(0, 1), IngestFixture.tokens());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldAnswerEveryHostilePayloadWith4xxAndReasonAndKeepServing() throws Exception {
        final Random random = new Random(SEED);
        final List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            final Case c = generate(random);
            final HttpResponse<String> answer = send(c);
            String reason = null;
            try {
                final JsonNode body = JSON.readTree(answer.body());
                reason = body.path("reason").asText(null);
            } catch (Exception e) {
                // recorded as a failure below: every answer must be JSON
            }
            if (answer.statusCode() < 400 || answer.statusCode() >= 500 || reason == null || reason.isBlank()) {
                failures.add("case " + i + " (" + c.kind + "): " + answer.statusCode() + " " + answer.body());
            }
            if (i % 200 == 199) {
                assertThat(send(valid()).statusCode()).as("still serving after case " + i).isEqualTo(202);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(send(valid()).statusCode()).isEqualTo(202);
        assertThat(server.handler().metrics().requestCounts()).as("no internal error").doesNotContainKey(500);
        assertThat(server.handler().metrics().ioErrors()).as("no I/O error").isZero();
    }

    private static Case valid() {
        return new Case("valid", aReport().with("scraperId", SCRAPER_A).with("scraperReportId", IngestFixture.uniqueId("fuzz-ok"))
                .bytes(), "application/json", TOKEN_A);
    }

    private static HttpResponse<String> send(final Case c) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint()).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body));
        if (c.contentType != null) {
            request.header("Content-Type", c.contentType);
        }
        if (c.token != null) {
            request.header("Authorization", "Bearer " + c.token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Case generate(final Random r) {
        final int kind = r.nextInt(100);
        if (kind < 12) {
            final byte[] bytes = new byte[r.nextInt(2_000)];
            r.nextBytes(bytes);
            return json("random-bytes", bytes);
        }
        if (kind < 22) {
            final byte[] whole = aReport().with("scraperId", SCRAPER_A).bytes();
            return json("truncated", java.util.Arrays.copyOf(whole, r.nextInt(whole.length)));
        }
        if (kind < 55) {
            return json("wrong-field", mutateField(r).bytes());
        }
        if (kind < 65) {
            return json("structure", structural(r).getBytes(StandardCharsets.UTF_8));
        }
        if (kind < 72) {
            return json("bad-utf8", badUtf8(r));
        }
        if (kind < 82) {
            final StringBuilder batch = new StringBuilder();
            final int lines = 1 + r.nextInt(20);
            for (int i = 0; i < lines; i++) {
                batch.append(r.nextBoolean() ? mutateField(r).json() : structural(r)).append('\n');
            }
            return new Case("batch-all-bad", batch.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson", TOKEN_A);
        }
        if (kind < 88) {
            final String[] types = {"text/plain", "application/xml", "application/json; charset=utf-16", "multipart/form-data",
                "", "application/javascript", "application/x-www-form-urlencoded"};
            return new Case("content-type", aReport().with("scraperId", SCRAPER_A).bytes(), types[r.nextInt(types.length)], TOKEN_A);
        }
        if (kind < 94) {
            final String[] tokens = {null, "", "wrong", TOKEN_A + "x", "Basic dXNlcjpwYXNz", "\t"};
            final String token = tokens[r.nextInt(tokens.length)];
            return new Case("token", aReport().with("scraperId", SCRAPER_A).bytes(), "application/json", token);
        }
        return json("other-scraper", aReport().with("scraperId", SCRAPER_B).with("scraperReportId", "fuzz-" + r.nextInt()).bytes());
    }

    private static Case json(final String kind, final byte[] body) {
        return new Case(kind, body, "application/json", TOKEN_A);
    }

    /** A report of scraper A with one field made certainly invalid. */
    private static ReportJson mutateField(final Random r) {
        final ReportJson report = aReport().with("scraperId", SCRAPER_A).with("scraperReportId", "fuzz-" + r.nextLong());
        final String field = FIELDS[r.nextInt(FIELDS.length)];
        final List<Supplier<ReportJson>> mutations = new ArrayList<>();
        final JsonNodeFactory nodes = JsonNodeFactory.instance;
        mutations.add(() -> report.withNode(field, nodes.arrayNode().add(1)));
        mutations.add(() -> report.withNode(field, nodes.booleanNode(r.nextBoolean())));
        mutations.add(() -> report.withNode(field, nodes.numberNode(r.nextDouble())));
        switch (field) {
            case "scraperId", "sourceOutlet" -> {
                mutations.add(() -> report.with(field, " ".repeat(1 + r.nextInt(5))));
                mutations.add(() -> report.with(field, "s".repeat(257 + r.nextInt(1_000))));
                mutations.add(() -> report.without(field));
            }
            case "scraperReportId" -> mutations.add(() -> report.with(field, "i".repeat(513 + r.nextInt(100))));
            case "url" -> {
                final String[] urls = {"javascript:alert(1)", "http://", "not a url", "ftp://example.org/x", "//example.org",
                    "http://exa mple.org/", "file:///etc/passwd", "https://" + "a".repeat(9_000) + ".org"};
                mutations.add(() -> report.with(field, urls[r.nextInt(urls.length)]));
            }
            case "language" -> mutations.add(() -> report.with(field, "<script>" + r.nextInt()));
            case "publishedAt", "fetchedAt" -> {
                final String[] times = {"2026-13-01T00:00:00Z", "yesterday", "2026-02-27T06:10:00", "1970-01-01T00:00:00Z",
                    "2999-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "+999999999-12-31T23:59:59Z", "1e100"};
                mutations.add(() -> report.with(field, times[r.nextInt(times.length)]));
            }
            case "headline", "body" -> {
                mutations.add(() -> report.with(field, " \t\n ".repeat(1 + r.nextInt(3))));
                mutations.add(() -> report.with(field, "x".repeat(field.equals("headline") ? 1_001 + r.nextInt(500) : 200_001)));
                mutations.add(() -> report.without(field));
            }
            case "hints" -> {
                mutations.add(() -> report.withHint("regionCode", "XX-" + r.nextInt(1_000)));
                mutations.add(() -> report.withHint("eventType", "NUCLEAR_" + r.nextInt(10)));
                mutations.add(() -> report.withHint("eventDate", "2026-02-" + (30 + r.nextInt(9))));
                mutations.add(() -> report.withNode(field, nodes.textNode("AF-KHO")));
            }
            default -> throw new IllegalStateException(field);
        }
        return mutations.get(r.nextInt(mutations.size())).get();
    }

    /** JSON that is broken in its structure, or not an object. */
    private static String structural(final Random r) {
        final String good = aReport().with("scraperId", SCRAPER_A).json();
        return switch (r.nextInt(10)) {
            case 0 -> "[".repeat(2_000 + r.nextInt(5_000)) + "]".repeat(10);
            case 1 -> "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500);
            case 2 -> good + good;
            case 3 -> good.replace("\"headline\"", "\"scraperId\"");
            case 4 -> "[" + good + "]";
            case 5 -> "\"just a string\"";
            case 6 -> String.valueOf(r.nextLong());
            case 7 -> "null";
            case 8 -> good.substring(0, good.length() - 1) + ",}";
            default -> "{\"scraperId\":\"" + SCRAPER_A + "\",\"body\":\"\\ud800\",\"x\":" + "9".repeat(5_000) + "}";
        };
    }

    private static byte[] badUtf8(final Random r) {
        final byte[] good = aReport().with("scraperId", SCRAPER_A).bytes();
        final byte[][] bad = {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        final byte[] insert = bad[r.nextInt(bad.length)];
        // inside the headline's value, so the JSON around it stays intact
        final int at = new String(good, StandardCharsets.UTF_8).indexOf("Drone") + 2;
        final byte[] out = new byte[good.length + insert.length];
        System.arraycopy(good, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(good, at, out, at + insert.length, good.length - at);
        return out;
    }
}
