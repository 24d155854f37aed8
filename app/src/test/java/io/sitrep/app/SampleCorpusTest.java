package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Side;
import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.EventIdentity;
import io.sitrep.streams.attribution.domain.ExtractedEvent;
import io.sitrep.streams.attribution.domain.Gazetteer;
import io.sitrep.streams.text.ReportText;
import io.sitrep.streams.text.TextNormalizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's sample corpus, checked end to end with the pure domain code: validation as ingest
 * will do it, exact dedup (tier T0), attribution, and the distinct counted events per province
 * against {@code expected-regions.csv}. No Kafka here; the same corpus drives the demo.
 */
class SampleCorpusTest {

    private static final String BASE = "/io/sitrep/app/sample/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of the corpus as read. */
    private record Line(int number, JsonNode json) {

        String text(final String field) {
            final JsonNode n = json.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }
    }

    /** A counted event already seen: its id, date, sub-type, actor pair and the corpus line it came from. */
    private record Known(String eventId, java.time.LocalDate date, String subType, Side actor, Side target, int line) {
    }

    private static List<Line> lines;
    private static List<Line> valid;
    private static List<Line> invalid;
    private static List<Line> unique;
    private static int duplicates;

    @BeforeAll
    static void readCorpus() throws IOException {
        lines = new ArrayList<>();
        try (InputStream in = SampleCorpusTest.class.getResourceAsStream(BASE + "reports.jsonl");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String s;
            int n = 0;
            while ((s = r.readLine()) != null) {
                n++;
                if (!s.isBlank()) {
                    lines.add(new Line(n, JSON.readTree(s)));
                }
            }
        }
        valid = new ArrayList<>();
        invalid = new ArrayList<>();
        for (final Line l : lines) {
            (isValid(l) ? valid : invalid).add(l);
        }
        unique = new ArrayList<>();
        final Set<String> urls = new HashSet<>();
        final Set<String> hashes = new HashSet<>();
        for (final Line l : valid) {
            final String url = l.text("url");
            final String hash = TextNormalizer.sha256Hex(TextNormalizer.normalizeBody(l.text("body")));
            final boolean seenUrl = url != null && !urls.add(url);
            final boolean seenBody = !hashes.add(hash);
            if (seenUrl || seenBody) {
                duplicates++;
            } else {
                unique.add(l);
            }
        }
    }

    /** The rules ingest applies: a body, a publish time, and an absolute http(s) URL or a scraper id. */
    private static boolean isValid(final Line l) {
        final String body = l.text("body");
        if (body == null || body.isBlank() || l.text("publishedAt") == null || l.text("headline") == null) {
            return false;
        }
        final String url = l.text("url");
        if (url == null) {
            return l.text("scraperReportId") != null;
        }
        try {
            final URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static ReportText toReportText(final Line l) {
        final JsonNode hints = l.json().get("hints");
        String region = null;
        EventType type = null;
        if (hints != null && !hints.isNull()) {
            region = hints.hasNonNull("regionCode") ? hints.get("regionCode").asText() : null;
            type = hints.hasNonNull("eventType") ? EventType.valueOf(hints.get("eventType").asText()) : null;
        }
        return new ReportText(l.text("headline"), l.text("body"), Instant.parse(l.text("publishedAt")), region, type, null);
    }

    @Test
    void shouldRefuseExactlyTheTwoInvalidReportsWhenValidating() {
        assertThat(lines).hasSize(51);
        assertThat(invalid).hasSize(2);
        assertThat(invalid).anySatisfy(l -> assertThat(l.text("body")).isNull());
        assertThat(invalid).anySatisfy(l -> assertThat(l.text("url")).startsWith("htp//"));
    }

    @Test
    void shouldRemoveDuplicatesWhenResendsAndSyndicatedCopiesArePresent() {
        // 4 scraper resends (same URL) + 3 syndicated wire copies (other URL, same normalised body).
        assertThat(duplicates).isEqualTo(7);
        assertThat(unique).hasSize(42);
        int sameUrl = 0;
        final Set<String> urls = new HashSet<>();
        for (final Line l : valid) {
            if (l.text("url") != null && !urls.add(l.text("url"))) {
                sameUrl++;
            }
        }
        assertThat(sameUrl).as("scraper resends").isEqualTo(4);
    }

    @Test
    void shouldMatchExpectedRegionsWhenExtractingUniqueReports() throws IOException {
        final EventExtractor extractor = new EventExtractor(Gazetteer.loadDefault());
        final Map<String, Set<String>> byRegion = new TreeMap<>();
        // Event identity across stories, as the attribution topology applies it (EventIdentityMerger):
        // same region and type, compatible actors and sub-type, within a day of a known event of
        // another story → that event.
        final Map<String, List<Known>> known = new HashMap<>();
        final StringBuilder trace = new StringBuilder();
        for (final Line l : unique) {
            final List<ExtractedEvent> events = extractor.extract(toReportText(l));
            trace.append("line ").append(l.number()).append(' ').append(l.text("headline")).append('\n');
            for (final ExtractedEvent e : events) {
                trace.append("    ").append(e.eventId()).append(e.counted() ? "" : " (not counted)")
                        .append(e.fromHint() ? " (hint)" : "").append(" low=").append(e.fatalitiesLow())
                        .append(" high=").append(e.fatalitiesHigh()).append('\n');
                if (e.counted()) {
                    final String group = e.region().code() + "|" + e.eventType();
                    final List<Known> same = known.computeIfAbsent(group, k -> new ArrayList<>());
                    final Known match = same.stream().filter(k -> k.eventId().equals(e.eventId())
                            || k.line() != l.number() && EventIdentity.closeDates(k.date(), e.eventDate())
                            && EventIdentity.compatibleSubTypes(k.subType(), e.subType())
                            && EventIdentity.compatibleActors(k.actor(), k.target(), e.actorSide(), e.targetSide()))
                            .findFirst().orElse(null);
                    if (match == null) {
                        same.add(new Known(e.eventId(), e.eventDate(), e.subType(), e.actorSide(), e.targetSide(), l.number()));
                        byRegion.computeIfAbsent(e.region().code(), k -> new TreeSet<>()).add(e.eventId());
                    } else if (!match.eventId().equals(e.eventId())) {
                        trace.append("      → same event as ").append(match.eventId()).append('\n');
                    }
                }
            }
        }
        final Map<String, Integer> actual = new TreeMap<>();
        byRegion.forEach((k, v) -> actual.put(k, v.size()));
        assertThat(actual).as("distinct counted events per province; trace:%n%s", trace).isEqualTo(expected());
    }

    private static Map<String, Integer> expected() throws IOException {
        final Map<String, Integer> out = new TreeMap<>();
        try (InputStream in = SampleCorpusTest.class.getResourceAsStream(BASE + "expected-regions.csv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String s;
            while ((s = r.readLine()) != null) {
                if (s.isBlank() || s.startsWith("#") || s.startsWith("regionCode")) {
                    continue;
                }
                final String[] f = s.split(",");
                out.put(f[0].trim(), Integer.parseInt(f[1].trim()));
            }
        }
        return out;
    }
}
