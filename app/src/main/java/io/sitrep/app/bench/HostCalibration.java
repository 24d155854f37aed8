package io.sitrep.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;

/**
 * How fast the host is at the time of a run: the CPU per report of the pipeline's two text steps
 * (what {@code dedup-prepare} computes of a raw report, and attribution's extraction), on one
 * thread, with no pipeline running, on the same article-size reports every time (fixed seed and
 * date). On this shared development machine the same pipeline work took 0.8 CPU-ms per report on
 * one day and 1.6 on another, so a rate means little without the host's speed beside it; the bench
 * measures this after its last pipeline, in a JVM whose compilers have made the steps' code, and
 * prints it ({@code host_us_per_report=}), with the memory's latency ({@code host_ns_per_read=})
 * and the same steps on two threads at once ({@code host_two_thread_factor=}). The steps are the
 * same code the stream threads run, without Kafka, Avro or state: a figure of the host and of that
 * code together, which is why it is measured in every run rather than once. It is a figure of the
 * seconds it ran in: the host also moves within a run (docs/PERFORMANCE.md, round 25).
 */
public final class HostCalibration {
    /** Reports per round: about a tenth of a second of work per round on this machine. */
    static final int REPORTS = 400;
    /**
     * Rounds: 15 warm ones, about two seconds. With five, the median moved with the host's short
     * bursts: the rounds of one run ranged from 251 to over 400 us per report.
     */
    static final int ROUNDS = 20;
    /** Rounds before this one are the compilers' (not counted). */
    static final int FIRST_WARM_ROUND = 6;
    /** The generator's date: relative dates in the texts are written from it, so a run on any day measures the same texts. */
    private static final LocalDate FIXED_DAY = LocalDate.of(2026, 1, 15);

    /** What the text steps read of a report. */
    public record Article(String headline, String body, Instant published) {
    }

    /**
     * Median and best CPU per report of the warm rounds; with {@link #measure(Gazetteer)}, also the
     * memory's latency and the CPU per report of the same steps on two threads at once (else 0).
     */
    public record Result(double microsPerReport, double bestMicrosPerReport, int reports, int warmRounds, double nanosPerMemoryRead,
                         double twoThreadMicrosPerReport) {
        /** The two threads' CPU per report ÷ one thread's alone: 1 when the two cores do not slow each other. */
        public double twoThreadFactor() {
            return microsPerReport <= 0 || twoThreadMicrosPerReport <= 0 ? 0 : twoThreadMicrosPerReport / microsPerReport;
        }

        Map<String, Object> asMap() {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("microsPerReport", BenchRun.round(microsPerReport, 1));
            m.put("bestMicrosPerReport", BenchRun.round(bestMicrosPerReport, 1));
            m.put("reports", reports);
            m.put("warmRounds", warmRounds);
            m.put("nanosPerMemoryRead", BenchRun.round(nanosPerMemoryRead, 1));
            m.put("twoThreadMicrosPerReport", BenchRun.round(twoThreadMicrosPerReport, 1));
            m.put("twoThreadFactor", BenchRun.round(twoThreadFactor(), 2));
            return m;
        }
    }

    /** Ints of the chain {@link #nanosPerMemoryRead} follows: 32 MB, far larger than the caches, as the dedup index's tables are. */
    static final int CHAIN_INTS = 1 << 23;

    /**
     * The memory's latency: nanoseconds per read of a chain of dependent reads through {@code ints}
     * ints at random (each read's address is the previous read's value, so no two are in flight at
     * once), the median of three walks. The text steps run mostly in the caches; the dedup index's
     * lookups in tables of a whole horizon are mostly misses, so a host whose memory is slower (a
     * neighbour's load) slows the index more than the text steps show.
     */
    static double nanosPerMemoryRead(final int ints) {
        // one cycle through every slot in a random order (Sattolo's algorithm), fixed seed
        final int[] next = new int[ints];
        for (int i = 0; i < ints; i++) {
            next[i] = i;
        }
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = ints - 1; i > 0; i--) {
            final int j = random.nextInt(i);
            final int t = next[i];
            next[i] = next[j];
            next[j] = t;
        }
        final int reads = Math.max(1, ints / 2);
        final double[] walks = new double[3];
        int at = 0;
        for (int w = 0; w < walks.length; w++) {
            final long t0 = System.nanoTime();
            for (int r = 0; r < reads; r++) {
                at = next[at];
            }
            walks[w] = (double) (System.nanoTime() - t0) / reads;
        }
        if (at < 0) {
            throw new AssertionError("unreachable: keeps the walk from being optimized away");
        }
        Arrays.sort(walks);
        return walks[1];
    }

    private HostCalibration() {
    }

    /** The calibration's reports: the bench's generator, fixed seed and date, article-size bodies. */
    public static List<Article> articles(final int count) {
        return articles(new SyntheticReports.Options(count, 0.10, 0.20, SyntheticReports.PROVINCES.size(), 42L, 0L, FIXED_DAY, true));
    }

    public static List<Article> articles(final SyntheticReports.Options options) {
        final ObjectMapper json = new ObjectMapper();
        final List<Article> out = new ArrayList<>();
        for (final SyntheticReports.Report r : SyntheticReports.all(options)) {
            try {
                final JsonNode n = json.readTree(r.json());
                out.add(new Article(n.get("headline").asText(), n.get("body").asText(), Instant.parse(n.get("publishedAt").asText())));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The calls of {@code DedupTopology#prepare}, without the Avro record around them; returns a checksum. */
    public static long prepare(final Article a) {
        final String stripped = TextNormalizer.stripBoilerplate(a.body());
        final TextEvidence.Parsed parsed = TextEvidence.parse(stripped);
        return parsed.words().length + parsed.figures().size() + TextNormalizer.sha256Hex(stripped.toLowerCase(Locale.ROOT)).length();
    }

    /** Attribution's extraction of one report; returns its event count. */
    public static ToLongFunction<Article> attribution(final EventExtractor extractor) {
        return a -> extractor.extract(ReportText.of(a.headline(), a.body(), a.published())).size();
    }

    /** Both steps over {@link #REPORTS} reports, {@link #ROUNDS} times, on the calling thread. */
    public static Result measure(final Gazetteer gazetteer) {
        final List<Article> articles = articles(REPORTS);
        final ToLongFunction<Article> extract = attribution(new EventExtractor(gazetteer));
        final ToLongFunction<Article> steps = a -> prepare(a) + extract.applyAsLong(a);
        final Result alone = measure(articles, steps, ROUNDS, FIRST_WARM_ROUND);
        return new Result(alone.microsPerReport(), alone.bestMicrosPerReport(), alone.reports(), alone.warmRounds(),
                nanosPerMemoryRead(CHAIN_INTS), onTwoThreadsAtOnce(articles, steps));
    }

    /**
     * The same rounds on two threads started together: their mean CPU per report. The bench's
     * two-thread phase took up to 31 % more CPU per report than its one-thread phase in some runs of
     * round 25, less in others and in round 23's; when the cores slow each other (a shared physical
     * core, the memory), two threads cannot gain twice, and this shows how far.
     */
    static double onTwoThreadsAtOnce(final List<Article> articles, final ToLongFunction<Article> step) {
        final CyclicBarrier start = new CyclicBarrier(2);
        final ExecutorService two = Executors.newFixedThreadPool(2, r -> {
            final Thread t = new Thread(r, "sitrep-bench-host-calibration");
            t.setDaemon(true);
            return t;
        });
        try {
            final List<Future<Result>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(two.submit(() -> {
                    start.await();
                    return measure(articles, step, ROUNDS, FIRST_WARM_ROUND);
                }));
            }
            double sum = 0;
            for (final Future<Result> run : runs) {
                sum += run.get().microsPerReport();
            }
            return sum / runs.size();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calibrating", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("a calibration thread failed", e.getCause());
        } finally {
            two.shutdownNow();
        }
    }

    /**
     * Runs {@code step} over every article, {@code rounds} times; the median and best CPU per report of
     * the rounds from {@code firstWarmRound}. Every round must give the first round's checksum.
     */
    public static Result measure(final List<Article> articles, final ToLongFunction<Article> step, final int rounds,
                                 final int firstWarmRound) {
        if (articles.isEmpty() || firstWarmRound > rounds) {
            throw new IllegalArgumentException("need articles and at least one warm round");
        }
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final List<Double> warm = new ArrayList<>();
        long firstSum = -1;
        for (int round = 1; round <= rounds; round++) {
            long sum = 0;
            final long cpu0 = threads.getCurrentThreadCpuTime();
            for (final Article a : articles) {
                sum += step.applyAsLong(a);
            }
            final double micros = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / articles.size();
            if (firstSum < 0) {
                firstSum = sum;
            } else if (sum != firstSum) {
                throw new IllegalStateException("round " + round + " gave checksum " + sum + ", round 1 gave " + firstSum);
            }
            if (round >= firstWarmRound) {
                warm.add(micros);
            }
        }
        warm.sort(Double::compare);
        return new Result(warm.get(warm.size() / 2), warm.get(0), articles.size(), warm.size(), 0, 0);
    }
}
