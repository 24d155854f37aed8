package io.sitrep.streams.dedup.domain;

import java.util.Arrays;

/**
 * The reports that carry one fingerprint, oldest first, as their ids ({@link SharedCounter}), and
 * how many of them opened a story, in one {@code int} array (a row of {@link PostingsTable}):
 * {@code [head, size, stories, ids...]}, the ids from {@code HEADER + head}. One array and no
 * object around it: reading a fingerprint's postings follows one reference from the table, not
 * two (a list object, then its array), each most often a cache miss in a heap that holds a whole
 * horizon, and a list of three costs 48 bytes instead of 64 (an object of 32 and its array of four
 * ids, 32). Reading allocates nothing.
 */
final class Postings {
    private static final int HEAD = 0;
    private static final int SIZE = 1;
    private static final int STORIES = 2;
    private static final int HEADER = 3;

    private Postings() {
    }

    /** A row of three reports, oldest first, {@code stories} of them opened a story. */
    static int[] of(final int oldest, final int middle, final int newest, final int stories) {
        // most fingerprints belong to one story and its few copies
        final int[] row = new int[HEADER + 4];
        row[SIZE] = 3;
        row[STORIES] = stories;
        row[HEADER] = oldest;
        row[HEADER + 1] = middle;
        row[HEADER + 2] = newest;
        return row;
    }

    static int size(final int[] row) {
        return row[SIZE];
    }

    static int stories(final int[] row) {
        return row[STORIES];
    }

    static void addStories(final int[] row, final int delta) {
        row[STORIES] += delta;
    }

    /** The id of the {@code k}-th newest report (0 = newest). */
    static int newest(final int[] row, final int k) {
        return row[HEADER + row[HEAD] + row[SIZE] - 1 - k];
    }

    /** Appends {@code id}; returns the row, or a larger copy of it when it was full. */
    static int[] addLast(final int[] row, final int id) {
        int[] to = row;
        final int size = row[SIZE];
        if (HEADER + row[HEAD] + size == row.length) {
            // reuse the room left by removals from the front before growing
            final int capacity = row.length - HEADER;
            to = size * 2 <= capacity ? row : Arrays.copyOf(row, HEADER + capacity * 2);
            System.arraycopy(row, HEADER + row[HEAD], to, HEADER, size);
            if (to == row) {
                Arrays.fill(row, HEADER + size, row.length, 0);
            }
            to[HEAD] = 0;
        }
        to[HEADER + to[HEAD] + to[SIZE]++] = id;
        return to;
    }

    /** Removes {@code id}; usually the oldest, as reports leave in arrival order. False when the row does not hold it. */
    static boolean remove(final int[] row, final int id) {
        final int from = HEADER + row[HEAD];
        final int end = from + row[SIZE];
        for (int i = from; i < end; i++) {
            if (row[i] == id) {
                if (i == from) {
                    row[HEAD]++;
                } else {
                    System.arraycopy(row, i + 1, row, i, end - 1 - i);
                }
                row[SIZE]--;
                return true;
            }
        }
        return false;
    }
}
