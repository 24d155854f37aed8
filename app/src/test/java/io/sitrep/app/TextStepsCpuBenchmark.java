package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.app.bench.SyntheticReports;
import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.Gazetteer;
import io.sitrep.streams.dedup.domain.TextEvidence;
import io.sitrep.streams.text.ReportText;
import io.sitrep.streams.text.TextNormalizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CPU per report of the two text steps of the pipeline, without Kafka, Avro or state stores, on
 * the reports {@code sitrep bench} sends (article-size bodies from its grammar,
 * {@link SyntheticReports}): what {@code dedup-prepare} computes of a raw report (stripped body,
 * words and figures, body hash) and what attribution's extraction does with a unique one. Together
 * they are about half of the stream threads' samples in a profile of the bench's main phase
 * (docs/PERFORMANCE.md), and their cost does not depend on what came before, so a change to them
 * is measured here in seconds, with less noise than a whole pipeline run. Not part of the normal
 * suite (the class name matches neither surefire's nor failsafe's patterns); run it with
 * <pre>./mvnw -B -pl app -am test -Dtest=TextStepsCpuBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * and read the {@code text step} lines ({@code -Dbench.reports=N} changes the size, default 10,000;
 * {@code -Dbench.rounds=N} the rounds, default 8, of which the first three are warm-up).
 */
@Tag("benchmark")
class TextStepsCpuBenchmark {
    private static final int REPORTS = Integer.getInteger("bench.reports", 10_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 8);
    private static final int FIRST_WARM_ROUND = 4;

    private record Article(String headline, String body, Instant published) {
    }

    private static List<Article> articles;

    @BeforeAll
    static void generate() {
        final ObjectMapper json = new ObjectMapper();
        final SyntheticReports.Options options = new SyntheticReports.Options(REPORTS, 0.10, 0.20, 41, 42L, 0L,
                LocalDate.now(ZoneOffset.UTC), true);
        articles = new ArrayList<>();
        for (final SyntheticReports.Report r : SyntheticReports.all(options)) {
            try {
                final JsonNode n = json.readTree(r.json());
                articles.add(new Article(n.get("headline").asText(), n.get("body").asText(), Instant.parse(n.get("publishedAt").asText())));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void shouldPrintCpuPerReportOfDedupPrepare() {
        // the same calls as DedupTopology#prepare, without the Avro record around them
        measure("dedup-prepare", a -> {
            final String stripped = TextNormalizer.stripBoilerplate(a.body());
            final TextEvidence.Parsed parsed = TextEvidence.parse(stripped);
            return parsed.words().length + parsed.figures().size()
                    + TextNormalizer.sha256Hex(stripped.toLowerCase(java.util.Locale.ROOT)).length();
        });
    }

    @Test
    void shouldPrintCpuPerReportOfAttribution() {
        final EventExtractor extractor = new EventExtractor(Gazetteer.loadDefault());
        measure("attribution", a -> extractor.extract(ReportText.of(a.headline(), a.body(), a.published())).size());
    }

    /** Runs {@code step} over every article, {@link #ROUNDS} times; prints each warm round's CPU per report; the checksum must not change. */
    private static void measure(final String name, final ToLongFunction<Article> step) {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final List<Double> warm = new ArrayList<>();
        long firstSum = -1;
        for (int round = 1; round <= ROUNDS; round++) {
            long sum = 0;
            final long cpu0 = threads.getCurrentThreadCpuTime();
            for (final Article a : articles) {
                sum += step.applyAsLong(a);
            }
            final double microsPerReport = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / articles.size();
            if (firstSum < 0) {
                firstSum = sum;
            }
            assertThat(sum).as("round %d gives what round 1 gave", round).isEqualTo(firstSum);
            if (round >= FIRST_WARM_ROUND) {
                warm.add(microsPerReport);
            }
            System.out.printf("text step %s (round %d%s): %.1f us CPU per report [%d reports, checksum %d]%n", name, round,
                    round >= FIRST_WARM_ROUND ? "" : ", warm-up", microsPerReport, articles.size(), sum);
        }
        warm.sort(Double::compare);
        System.out.printf("text step %s: median of %d warm rounds %.1f us CPU per report (best %.1f)%n", name, warm.size(),
                warm.get(warm.size() / 2), warm.get(0));
        assertThat(firstSum).isPositive();
    }
}
