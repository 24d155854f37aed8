package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.app.bench.HostCalibration;
import io.sitrep.app.bench.SyntheticReports;
import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * {@code -Dbench.rounds=N} the rounds, default 8, of which the first three are warm-up). The steps and
 * the measuring loop are {@link HostCalibration}'s, which the bench runs on 400 of these reports to
 * measure the host's speed.
 */
@Tag("benchmark")
class TextStepsCpuBenchmark {
    private static final int REPORTS = Integer.getInteger("bench.reports", 10_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 8);
    private static final int FIRST_WARM_ROUND = 4;

    private static List<HostCalibration.Article> articles;

    @BeforeAll
    static void generate() {
        articles = HostCalibration.articles(new SyntheticReports.Options(REPORTS, 0.10, 0.20, 41, 42L, 0L,
                LocalDate.now(ZoneOffset.UTC), true));
    }

    @Test
    void shouldPrintCpuPerReportOfDedupPrepare() {
        measure("dedup-prepare", HostCalibration::prepare);
    }

    @Test
    void shouldPrintCpuPerReportOfAttribution() {
        measure("attribution", HostCalibration.attribution(new EventExtractor(Gazetteer.loadDefault())));
    }

    /** Runs {@code step} over every article, {@link #ROUNDS} times (each round must give round 1's checksum); prints the warm rounds' median. */
    private static void measure(final String name, final ToLongFunction<HostCalibration.Article> step) {
        final HostCalibration.Result r = HostCalibration.measure(articles, step, ROUNDS, FIRST_WARM_ROUND);
        System.out.printf("text step %s: median of %d warm rounds %.1f us CPU per report (best %.1f) [%d reports]%n", name,
                r.warmRounds(), r.microsPerReport(), r.bestMicrosPerReport(), r.reports());
        assertThat(r.microsPerReport()).isPositive();
    }
}
