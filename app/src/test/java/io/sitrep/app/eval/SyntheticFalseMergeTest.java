package io.sitrep.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.app.bench.SyntheticReports;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.id.CanonicalUrl;
import io.sitrep.streams.dedup.domain.DedupIndex;
import io.sitrep.streams.dedup.domain.NearCopyRules;
import io.sitrep.streams.dedup.domain.TextEvidence;
import io.sitrep.streams.text.TextNormalizer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's article-size reports (warm-up, then the 4,000-report phase, as {@code sitrep bench}
 * generates them with its default seed and rates) through the dedup domain alone: no report may
 * join a story of another incident, and every syndicated copy or resend must join its own. The
 * article bodies' background paragraphs come from one shared grammar, the phenomenon of one
 * outlet's stock wording; {@code -Dsynthetic.days=N} repeats it for N dates (the texts' weekdays
 * and dates follow the day of the run).
 */
class SyntheticFalseMergeTest {

    @Test
    void shouldNeverMergeReportsOfDifferentIncidents() {
        for (int back = 0; back < Integer.getInteger("synthetic.days", 1); back++) {
            falseMerges(LocalDate.now(ZoneOffset.UTC).minusDays(back * 3L));
        }
    }

    /** The short-body sets the fault tests post (ClusterFaultIT, StreamsKillAndRestartIT), whose counts must be exact too. */
    @Test
    void shouldNeverMergeReportsOfDifferentIncidentsInTheFaultTestsSets() {
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int back = 0; back < Integer.getInteger("synthetic.days", 1); back++) {
            final LocalDate day = today.minusDays(back * 3L);
            falseMerges(day, SyntheticReports.all(new SyntheticReports.Options(900, 0.1, 0.2, 12, 17L, 0L, day)));
            falseMerges(day, SyntheticReports.all(new SyntheticReports.Options(2400, 0.1, 0.2, 12, 11L, 0L, day)));
        }
    }

    private static void falseMerges(final LocalDate today) {
        final List<SyntheticReports.Report> reports = new ArrayList<>();
        final SyntheticReports.Options warmUp = new SyntheticReports.Options(400, 0.10, 0.20, 41, 42L, 0L, today, true);
        reports.addAll(SyntheticReports.all(warmUp));
        reports.addAll(SyntheticReports.all(new SyntheticReports.Options(4000, 0.10, 0.20, 41, 42L, warmUp.incidents(), today, true)));
        falseMerges(today, reports);
    }

    private static void falseMerges(final LocalDate today, final List<SyntheticReports.Report> reports) {

        final NearCopyRules rules = NearCopyRules.defaults();
        final DedupIndex index = new DedupIndex(rules, Long.MAX_VALUE / 4);
        final ReportValidator validator = new ReportValidator(Clock.systemUTC(), code -> true);
        final Map<String, Long> incidentOf = new HashMap<>();
        final List<String> falseMerges = new ArrayList<>();
        int missedCopies = 0;
        long time = 0;
        for (final SyntheticReports.Report r : reports) {
            final RawReport raw = ((ValidationResult.Valid) validator.validate(r.json().getBytes(StandardCharsets.UTF_8))).report();
            incidentOf.put(raw.getReportId(), r.incident());
            final String stripped = TextNormalizer.stripBoilerplate(raw.getBody());
            final TextEvidence evidence = TextEvidence.ofStripped(stripped, rules.fingerprinter());
            final DedupIndex.Placement p = index.place(new DedupIndex.Report(raw.getReportId(), time++, raw.getSourceOutlet(),
                    CanonicalUrl.canonicalize(raw.getUrl()).orElse(raw.getUrl()), TextNormalizer.sha256Hex(stripped.toLowerCase(Locale.ROOT)),
                    evidence));
            final Long storyIncident = incidentOf.get(p.storyId());
            if (storyIncident != null && storyIncident != r.incident()) {
                falseMerges.add(r.kind() + " of incident " + r.incident() + " joined incident " + storyIncident + " via "
                        + p.tier() + " " + p.matchedReportId() + String.format(Locale.ROOT, " containment %.2f", p.containment()));
            } else if (r.kind() != SyntheticReports.Kind.NEW && p.tier() == DedupIndex.Tier.STORY) {
                missedCopies++;
            }
        }
        System.out.printf("synthetic dedup (" + today + "): %d reports, %d false merges, %d copies missed%n", reports.size(), falseMerges.size(), missedCopies);
        falseMerges.forEach(m -> System.out.println("  " + m));
        assertThat(falseMerges).isEmpty();
        assertThat(missedCopies).isZero();
    }
}
