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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's article-size reports (warm-up, then the 4,000-report phase, as {@code sitrep bench}
 * generates them with its default seed and rates) through the dedup domain alone: no report may
 * join a story of another incident, and every syndicated copy or resend must join its own. The
 * article bodies' background paragraphs come from one shared grammar, the phenomenon of one
 * outlet's stock wording; {@code -Dsynthetic.days=N} repeats it for N dates (the texts' weekdays
 * and dates follow the day of the run).
 *
 * <p>Each set is replayed in send order and in orders the pipeline makes of it: the reports spread
 * over partitions and reach the one index task in batches of each partition in turn, while their
 * record times stay those of sending. Every report of the 4,000-report phase is within the dedup
 * horizon of every other, so incidents 1,900 apart, whose distance figure is the same, meet.
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
            falseMerges(day, SyntheticReports.all(new SyntheticReports.Options(900, 0.1, 0.2, 12, 17L, 0L, day)), 1);
            falseMerges(day, SyntheticReports.all(new SyntheticReports.Options(2400, 0.1, 0.2, 12, 11L, 0L, day)), 1);
        }
    }

    private static void falseMerges(final LocalDate today) {
        falseMerges(today, benchReports(today), 2);
    }

    /** The bench's warm-up and 4,000-report phase with its default seed and rates. */
    private static List<SyntheticReports.Report> benchReports(final LocalDate today) {
        final List<SyntheticReports.Report> reports = new ArrayList<>();
        final SyntheticReports.Options warmUp = new SyntheticReports.Options(400, 0.10, 0.20, 41, 42L, 0L, today, true);
        reports.addAll(SyntheticReports.all(warmUp));
        reports.addAll(SyntheticReports.all(new SyntheticReports.Options(4000, 0.10, 0.20, 41, 42L, warmUp.incidents(), today, true)));
        return reports;
    }

    /**
     * Order aside: after the 4,000-report phase every two reports of incidents 1,900 apart (the
     * same distance figure, stock background, different leads) are not copies as the index measures
     * them, and every syndicated copy is a copy of its incident's first report.
     */
    @Test
    void shouldTellIncidentsWithTheSameFigureApartByTheirOwnWording() {
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        final NearCopyRules rules = NearCopyRules.defaults();
        final List<Sent> sent = prepared(benchReports(today), rules);
        final DedupIndex index = new DedupIndex(rules, Long.MAX_VALUE / 4);
        final Map<Long, List<TextEvidence>> byIncident = new HashMap<>();
        for (final Sent s : sent) {
            index.place(s.report());
            byIncident.computeIfAbsent(s.incident(), k -> new ArrayList<>()).add(s.report().evidence());
        }
        int pairs = 0;
        final List<String> copies = new ArrayList<>();
        int missed = 0;
        for (final Map.Entry<Long, List<TextEvidence>> e : byIncident.entrySet()) {
            final TextEvidence first = e.getValue().get(0);
            for (final TextEvidence later : e.getValue().subList(1, e.getValue().size())) {
                missed += later.words().length > 0 && !rules.isCopy(index.measure(first, later)) ? 1 : 0;
            }
            for (final TextEvidence other : byIncident.getOrDefault(e.getKey() + 1_900, List.of())) {
                pairs++;
                if (rules.isCopy(index.measure(first, other))) {
                    copies.add(e.getKey() + "~" + (e.getKey() + 1_900) + " " + index.measure(first, other));
                }
            }
        }
        System.out.printf("incidents 1,900 apart: %d pairs compared, %d taken for copies; %d syndicated copies missed%n", pairs, copies.size(),
                missed);
        copies.stream().limit(5).forEach(c -> System.out.println("  " + c));
        assertThat(pairs).isGreaterThan(500);
        assertThat(copies).isEmpty();
        assertThat(missed).isZero();
    }

    /** Send order, then {@code interleavings} orders of 3 partitions (the bench's default) read in batches of 1 to 300. */
    private static void falseMerges(final LocalDate today, final List<SyntheticReports.Report> reports, final int interleavings) {
        final NearCopyRules rules = NearCopyRules.defaults();
        final List<Sent> sent = prepared(reports, rules);
        replay(today + " in send order", sent, rules);
        for (long seed = 1; seed <= interleavings; seed++) {
            replay(today + " interleaved (seed " + seed + ")", interleave(sent, 3, seed), rules);
        }
    }

    /** The reports as dedup-prepare hands them to the index, in send order. */
    private static List<Sent> prepared(final List<SyntheticReports.Report> reports, final NearCopyRules rules) {
        final ReportValidator validator = new ReportValidator(Clock.systemUTC(), code -> true);
        final List<Sent> sent = new ArrayList<>();
        for (final SyntheticReports.Report r : reports) {
            final RawReport raw = ((ValidationResult.Valid) validator.validate(r.json().getBytes(StandardCharsets.UTF_8))).report();
            final String stripped = TextNormalizer.stripBoilerplate(raw.getBody());
            sent.add(new Sent(new DedupIndex.Report(raw.getReportId(), sent.size(), raw.getSourceOutlet(),
                    CanonicalUrl.canonicalize(raw.getUrl()).orElse(raw.getUrl()), TextNormalizer.sha256Hex(stripped.toLowerCase(Locale.ROOT)),
                    TextEvidence.ofStripped(stripped, rules.fingerprinter())), r.incident()));
        }
        return sent;
    }

    /** A report as the index gets it (its record time is its place in the send order) and its incident. */
    private record Sent(DedupIndex.Report report, long incident) {
    }

    private static List<Sent> interleave(final List<Sent> sent, final int partitions, final long seed) {
        final List<ArrayDeque<Sent>> byPartition = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            byPartition.add(new ArrayDeque<>());
        }
        for (final Sent s : sent) {
            byPartition.get(Math.floorMod(s.report().reportId().hashCode(), partitions)).add(s);
        }
        final Random random = new Random(seed);
        final List<Sent> out = new ArrayList<>();
        while (out.size() < sent.size()) {
            final ArrayDeque<Sent> from = byPartition.get(random.nextInt(partitions));
            for (int n = 1 + random.nextInt(300); n > 0 && !from.isEmpty(); n--) {
                out.add(from.poll());
            }
        }
        return out;
    }

    /**
     * Places {@code order}; no story may hold two incidents, and each incident must end in one story.
     * A report's story is its latest placement: a merge of stories re-points reports placed earlier.
     */
    private static void replay(final String label, final List<Sent> order, final NearCopyRules rules) {
        final DedupIndex index = new DedupIndex(rules, Long.MAX_VALUE / 4);
        final Map<String, Long> incidentOf = new HashMap<>();
        final Map<String, String> storyOf = new HashMap<>();
        final List<String> falseMerges = new ArrayList<>();
        int merged = 0;
        for (final Sent s : order) {
            incidentOf.put(s.report().reportId(), s.incident());
            final DedupIndex.Placement p = index.place(s.report());
            storyOf.put(s.report().reportId(), p.storyId());
            final long storyIncident = incidentOf.get(p.storyId());
            if (storyIncident != s.incident()) {
                falseMerges.add("a report of incident " + s.incident() + " joined incident " + storyIncident + " via " + p.tier() + " "
                        + p.matchedReportId() + String.format(Locale.ROOT, " containment %.2f", p.containment()));
            }
            for (final DedupIndex.Repointed moved : p.repointed()) {
                merged++;
                storyOf.put(moved.reportId(), p.storyId());
                if (incidentOf.get(moved.reportId()) != storyIncident) {
                    falseMerges.add("a report of incident " + incidentOf.get(moved.reportId()) + " was merged into incident " + storyIncident
                            + " through " + s.report().reportId());
                }
            }
        }
        final Map<Long, Set<String>> storiesOf = new HashMap<>();
        storyOf.forEach((report, story) -> storiesOf.computeIfAbsent(incidentOf.get(report), k -> new HashSet<>()).add(story));
        final int missedCopies = storiesOf.values().stream().mapToInt(stories -> stories.size() - 1).sum();
        System.out.printf("synthetic dedup (%s): %d reports, %d false merges, %d copies missed, %d reports re-pointed by merges%n", label,
                order.size(), falseMerges.size(), missedCopies, merged);
        falseMerges.forEach(m -> System.out.println("  " + m));
        assertThat(falseMerges).isEmpty();
        assertThat(missedCopies).isZero();
    }
}
