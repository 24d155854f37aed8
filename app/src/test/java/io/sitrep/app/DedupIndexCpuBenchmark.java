package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.app.bench.SyntheticReports;
import io.sitrep.schemas.id.CanonicalUrl;
import io.sitrep.streams.dedup.domain.DedupIndex;
import io.sitrep.streams.dedup.domain.NearCopyRules;
import io.sitrep.streams.dedup.domain.TextEvidence;
import io.sitrep.streams.text.TextNormalizer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CPU per report of the dedup index alone ({@link DedupIndex#place}: the exact tiers, the
 * near-copy candidates and their comparison, indexing), without Kafka, Avro or the state store, on
 * the reports {@code sitrep bench} sends (article-size bodies, 10 % resends, 20 % other outlets'
 * copies). The index is a third of the stream threads' samples in a profile of the bench's main
 * phase and runs on one thread whatever the threads, so a change to it is measured here in
 * seconds. Each round places every report in a fresh index, as a pipeline's main phase does
 * (the reports' fingerprints are derived in the round, as the index task derives them); the
 * placements must be the same in every round. Not part of the normal suite; run it with
 * <pre>./mvnw -B -pl app -am test -Dtest=DedupIndexCpuBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * and read the {@code dedup index} line ({@code -Dbench.reports=N}, default 10,000;
 * {@code -Dbench.rounds=N}, default 8, of which the first three are warm-up).
 */
@Tag("benchmark")
class DedupIndexCpuBenchmark {
    private static final int REPORTS = Integer.getInteger("bench.reports", 10_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 8);
    private static final int FIRST_WARM_ROUND = 4;

    /** A report as dedup-prepare leaves it for the index: everything but the fingerprints, which the index derives. */
    private record Prepared(String reportId, long time, String outlet, String urlKey, String bodyHash, TextEvidence.Parsed text) {
    }

    @Test
    void shouldPrintCpuPerReportOfTheIndex() throws Exception {
        final List<Prepared> reports = prepared();
        final NearCopyRules rules = NearCopyRules.defaults();
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final List<Double> warm = new ArrayList<>();
        Map<DedupIndex.Tier, Integer> first = null;
        for (int round = 1; round <= ROUNDS; round++) {
            final List<TextEvidence> evidence = new ArrayList<>(reports.size());
            for (final Prepared p : reports) {
                evidence.add(new TextEvidence(p.text().words(), p.text().figures(), p.text().figureAt(), rules.fingerprinter()));
            }
            final DedupIndex index = new DedupIndex(rules, Duration.ofDays(7).toMillis());
            final Map<DedupIndex.Tier, Integer> tiers = new EnumMap<>(DedupIndex.Tier.class);
            final long cpu0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < reports.size(); i++) {
                final Prepared p = reports.get(i);
                final DedupIndex.Placement placed = index.place(new DedupIndex.Report(p.reportId(), p.time(), p.outlet(), p.urlKey(),
                        p.bodyHash(), evidence.get(i)));
                tiers.merge(placed.tier(), 1, Integer::sum);
            }
            final double micros = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / reports.size();
            if (first == null) {
                first = tiers;
            } else if (!first.equals(tiers)) {
                throw new IllegalStateException("round " + round + " placed " + tiers + ", round 1 " + first);
            }
            if (round >= FIRST_WARM_ROUND) {
                warm.add(micros);
            }
        }
        warm.sort(Double::compare);
        System.out.printf("dedup index: median of %d warm rounds %.1f us CPU per report (best %.1f) [%d reports, placed %s]%n",
                warm.size(), warm.get(warm.size() / 2), warm.get(0), reports.size(), first);
        assertThat(first.get(DedupIndex.Tier.STORY)).isPositive();
    }

    /** The bench's main-phase reports, through the computation of {@code DedupTopology#prepare}. */
    private static List<Prepared> prepared() throws Exception {
        final ObjectMapper json = new ObjectMapper();
        final List<Prepared> out = new ArrayList<>();
        long time = 1_700_000_000_000L;
        for (final SyntheticReports.Report r : SyntheticReports.all(new SyntheticReports.Options(REPORTS, 0.10, 0.20,
                41, 42L, 0L, LocalDate.now(ZoneOffset.UTC), true))) {
            final JsonNode n = json.readTree(r.json());
            final String stripped = TextNormalizer.stripBoilerplate(n.get("body").asText());
            final String reportId = "report-" + out.size();
            final String url = n.hasNonNull("url") ? CanonicalUrl.canonicalize(n.get("url").asText()).orElse(null) : null;
            out.add(new Prepared(reportId, time++, n.path("sourceOutlet").asText(""), url != null ? url : "report:" + reportId,
                    TextNormalizer.sha256Hex(stripped.toLowerCase(Locale.ROOT)), TextEvidence.parse(stripped)));
        }
        return out;
    }
}
