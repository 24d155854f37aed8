package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dedup index's fingerprint table ({@link LongIntTable}) as it fills to a long horizon: the
 * longest single insert (a rehash holds the index's stream thread, and every report behind it
 * waits), the time of lookups that miss and hit, and the memory per fingerprint. Keys are drawn
 * as winnowing selects them, the smallest of a window of four hashes. A report of
 * article size adds about 128 new fingerprints, so 8 million is about 60,000 reports. Prints
 * figures, asserts only that every key is found. Not part of the normal build (the class name does
 * not match surefire's patterns). Run:
 * {@code ./mvnw -B -pl streams -am test -Dtest=FingerprintTableBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class FingerprintTableBenchmark {
    private static final int KEYS = 8_000_000;

    @Test
    void printLongestInsertAndLookupCost() {
        for (int round = 1; round <= 2; round++) {
            final LongIntTable table = new LongIntTable();
            final SplittableRandom random = new SplittableRandom(round);
            long longest = 0;
            int longestAt = 0;
            int over10ms = 0;
            final long start = System.nanoTime();
            for (int i = 1; i <= KEYS; i++) {
                final long t0 = System.nanoTime();
                table.put(fingerprint(random), i);
                final long took = System.nanoTime() - t0;
                if (took > longest) {
                    longest = took;
                    longestAt = i;
                }
                over10ms += took > 10_000_000 ? 1 : 0;
            }
            final double fillSeconds = (System.nanoTime() - start) / 1e9;
            // the same keys again (hits), then keys never put (misses: most lookups of a new report)
            final SplittableRandom again = new SplittableRandom(round);
            final long h0 = System.nanoTime();
            int found = 0;
            for (int i = 1; i <= KEYS; i++) {
                found += table.get(fingerprint(again)) == i ? 1 : 0;
            }
            final long h1 = System.nanoTime();
            final SplittableRandom other = new SplittableRandom(round + 1_000);
            int missed = 0;
            for (int i = 0; i < KEYS; i++) {
                missed += table.get(fingerprint(other)) == 0 ? 1 : 0;
            }
            final long h2 = System.nanoTime();
            assertThat(found).isEqualTo(KEYS);
            System.out.printf("fingerprint table, round %d: %,d keys in %.2f s; longest insert %.1f ms (at key %,d), %d inserts over 10 ms; "
                            + "lookup %.0f ns (hit), %.0f ns (miss, %,d of %,d); %.1f bytes per key%n",
                    round, KEYS, fillSeconds, longest / 1e6, longestAt, over10ms, (double) (h1 - h0) / KEYS,
                    (double) (h2 - h1) / KEYS, missed, KEYS, table.capacity() * 12.0 / table.size());
        }
    }

    /** The smallest of four random hashes, as {@link Fingerprinter} keeps of each window: skewed top bits. */
    private static long fingerprint(final SplittableRandom random) {
        return Math.min(Math.min(random.nextLong(), random.nextLong()), Math.min(random.nextLong(), random.nextLong()));
    }
}
