package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.ReportText;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Single-thread extraction throughput on a typical 800-word wire report. Prints, asserts nothing,
 * and is not part of the normal build (the class name does not match surefire's patterns). Run:
 *
 * <pre>
 * ./mvnw -B -pl streams -am test -Dtest=ExtractionBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("bench")
class ExtractionBenchmark {

    private static final List<String> PARAGRAPHS = List.of(
            "ISLAMABAD (SAWS) - Pakistani jets struck Khost and Paktika provinces on Thursday night, the third wave of "
                    + "strikes in a week, Pakistani security officials said on Friday, adding that the raids targeted "
                    + "hideouts of the Pakistani Taliban in the Barmal and Gurbuz districts.",
            "A spokesman for the provincial governor in Khost said eight civilians, among them three children, were "
                    + "killed and 14 wounded when bombs hit a cluster of mud-brick homes near the Mandozai bazaar. The "
                    + "figure could not be independently verified.",
            "Afghan forces fired mortars at Pakistani border posts in North Waziristan hours later, the military's "
                    + "media wing ISPR said, and two soldiers were killed. The Taliban's defence ministry said its "
                    + "fighters had destroyed five posts and killed dozens of Pakistani soldiers.",
            "Residents described hearing at least four large explosions. A shopkeeper reached by phone said the blasts "
                    + "shattered windows across the bazaar and that families spent the rest of the night in the open, "
                    + "fearing a second wave of strikes.",
            "Taliban spokesman Zabihullah Mujahid said in Kabul that any further violation of Afghan airspace would be "
                    + "met with a decisive response, and that Afghanistan reserved the right to retaliate at a time of "
                    + "its choosing. Pakistan's foreign office rejected the accusations as baseless.",
            "Relations between the two neighbours have soured since Islamabad accused the Taliban government of "
                    + "sheltering fighters of the Pakistani Taliban, a charge Kabul denies. Hundreds of people have "
                    + "been killed on both sides of the 2,600-km frontier since fighting flared last October.",
            "Trade through the Torkham and Ghulam Khan crossings was suspended on Friday, customs officials in Landi "
                    + "Kotal said, leaving hundreds of lorries loaded with fruit and cement stranded on both sides.",
            "Delegations from both countries are due to meet in Doha next week for talks aimed at restoring a "
                    + "ceasefire agreed in October, Qatari mediators said, though neither side has confirmed it will "
                    + "attend.");

    @Test
    void measureReportsPerSecond() {
        final StringBuilder body = new StringBuilder();
        int words = 0;
        int k = 0;
        while (words < 800) {
            final String p = PARAGRAPHS.get(k++ % PARAGRAPHS.size());
            body.append(p).append("\n\n");
            words += p.split("\\s+").length;
        }
        final ReportText report = ReportText.of("Pakistan strikes Khost and Paktika again as border war widens",
                body.toString(), Instant.parse("2026-03-06T06:10:00Z"));
        final EventExtractor extractor = new EventExtractor(Gazetteer.loadDefault());

        // Per core: the thread's own CPU time, so a machine shared with other builds shows what one
        // core does, while the wall-clock rate shows what this run got. Warm-up is 5 s of this
        // thread's CPU (at most 60 s of wall time), so the JIT is done even when the cores are busy.
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int sink = 0;
        final long warmCpuEnd = threads.getCurrentThreadCpuTime() + 5_000_000_000L;
        final long warmWallEnd = System.nanoTime() + 60_000_000_000L;
        while (threads.getCurrentThreadCpuTime() < warmCpuEnd && System.nanoTime() < warmWallEnd) {
            sink += extractor.extract(report).size();
        }
        for (int round = 1; round <= 3; round++) {
            final long start = System.nanoTime();
            final long cpuStart = threads.getCurrentThreadCpuTime();
            int n = 0;
            while (System.nanoTime() - start < 5_000_000_000L) {
                sink += extractor.extract(report).size();
                n++;
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            final double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf(Locale.ROOT, "extraction: words=%d round=%d reports=%d seconds=%.2f reports_per_s=%.0f"
                    + " cpu_seconds=%.2f reports_per_cpu_s=%.0f%n", words, round, n, seconds, n / seconds, cpuSeconds,
                    n / cpuSeconds);
        }
        System.out.println("events per report (sink check): " + extractor.extract(report).size() + " " + (sink > 0));
    }
}
