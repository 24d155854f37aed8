package io.sitrep.streams.dedup.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Dense ids for the live reports of the index, and the count of fingerprints each shares with the
 * report being placed, in arrays indexed by id. Counting reads posting lists of ids and these
 * arrays, not the reports: a report placed against stock phrases reads thousands of postings, and
 * following each to its report object (scattered over a heap that holds a whole horizon) was most
 * of the index's cost on article-size reports. An id is reused once its report leaves. Not
 * thread-safe.
 *
 * @param <E> the report type
 */
final class SharedCounter<E> {
    /** A distinctive fingerprint counts once in each half of a packed count. */
    private static final long DISTINCTIVE = 1L << 32 | 1;

    private Object[] byId = new Object[1024];
    /**
     * Per id, the fingerprints shared in this probe (low 32 bits) and how many of them are
     * distinctive (high 32 bits): one array, so a count touches one cache line. Zero for every id
     * not in {@link #seen}.
     */
    private long[] counts = new long[1024];
    private final DenseIds ids = new DenseIds();
    /**
     * Ids counted in the current probe, in the order first seen: one longer than {@link #byId}, so
     * that a count never checks for room (a probe sees each id once at most, and a count writes its
     * id one past the last seen before deciding whether to keep it).
     */
    private int[] seen = new int[1024 + 1];
    private int seenCount;
    /** {@link #mostShared}'s copy of the counts of the ids seen, reused from one probe to the next. */
    private int[] shared = new int[1024];

    /** A new id for {@code report}. */
    int register(final E report) {
        final int id = ids.take();
        if (id == byId.length) {
            byId = Arrays.copyOf(byId, id * 2);
            counts = Arrays.copyOf(counts, id * 2);
            seen = Arrays.copyOf(seen, id * 2 + 1);
        }
        byId[id] = report;
        return id;
    }

    /** Frees {@code id}: its report left the index, and from every posting list. */
    void release(final int id) {
        byId[id] = null;
        ids.release(id);
    }

    /** Starts counting for a new report: every count reads as zero (only the last probe's ids are not). */
    void newProbe() {
        for (int i = 0; i < seenCount; i++) {
            counts[seen[i]] = 0;
        }
        seenCount = 0;
    }

    /** One more fingerprint shared with the report of {@code id}; {@code distinctive}: not a stock phrase. */
    void count(final int id, final boolean distinctive) {
        final long before = counts[id];
        counts[id] = before + (distinctive ? DISTINCTIVE : 1);
        // without a branch: whether an id is new to the probe is a coin toss (about 1,250 of the
        // 2,150 postings an article-size report reads), and a mispredicted branch on it was most of a count
        seen[seenCount] = id;
        seenCount += before == 0 ? 1 : 0;
    }

    /** Shared fingerprints counted for {@code id} in this probe. */
    int sharedOf(final int id) {
        return (int) counts[id];
    }

    /** Of {@link #sharedOf}, those counted as distinctive. */
    int distinctiveOf(final int id) {
        return (int) (counts[id] >>> 32);
    }

    /**
     * The reports counted in this probe, at most {@code k}: those sharing the most fingerprints,
     * then first in {@code ties}, in no particular order. The k-th highest count comes from a
     * histogram, so only the reports tied at it are compared.
     */
    @SuppressWarnings("unchecked")
    List<E> mostShared(final int k, final Comparator<E> ties) {
        final List<E> out = new ArrayList<>(Math.min(k, seenCount));
        if (seenCount <= k) {
            for (int i = 0; i < seenCount; i++) {
                out.add((E) byId[seen[i]]);
            }
            return out;
        }
        // each count read once, at random, into an array in the order seen: the passes below read that
        // copy in order (three passes over counts[] at random were most of this method's time)
        if (shared.length < seenCount) {
            shared = new int[Math.max(seenCount, 2 * shared.length)];
        }
        final int[] sharedInOrder = shared;
        int most = 0;
        for (int i = 0; i < seenCount; i++) {
            final int count = (int) counts[seen[i]];
            sharedInOrder[i] = count;
            most = Math.max(most, count);
        }
        final int[] withCount = new int[most + 1];
        for (int i = 0; i < seenCount; i++) {
            withCount[sharedInOrder[i]]++;
        }
        int threshold = most;
        int above = 0;
        while (above + withCount[threshold] < k) {
            above += withCount[threshold];
            threshold--;
        }
        final List<E> tied = new ArrayList<>();
        for (int i = 0; i < seenCount; i++) {
            final int count = sharedInOrder[i];
            if (count > threshold) {
                out.add((E) byId[seen[i]]);
            } else if (count == threshold) {
                tied.add((E) byId[seen[i]]);
            }
        }
        out.addAll(firstOf(tied, k - above, ties));
        return out;
    }

    /**
     * The first {@code n} of {@code items} in {@code order}, in no particular order: a bounded heap,
     * not a sort. Hundreds of reports can tie at the k-th count (those sharing one stock phrase), and
     * sorting them all by id for the few needed was a twentieth of the index's CPU.
     */
    private static <E> Collection<E> firstOf(final List<E> items, final int n, final Comparator<E> order) {
        if (items.size() <= n) {
            return items;
        }
        final PriorityQueue<E> lastFirst = new PriorityQueue<>(n, order.reversed());
        for (final E item : items) {
            if (lastFirst.size() < n) {
                lastFirst.add(item);
            } else if (order.compare(item, lastFirst.peek()) < 0) {
                lastFirst.poll();
                lastFirst.add(item);
            }
        }
        return lastFirst;
    }
}
