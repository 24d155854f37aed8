package io.sitrep.streams.dedup.domain;

import java.util.Arrays;

/**
 * Small {@code int} ids, each in use at most once: a released id is handed out again before a new
 * one, so arrays indexed by id stay as long as the most ids ever in use at once. The index gives
 * its reports such ids ({@link SharedCounter}) and its posting lists ({@link PostingsTable}). Not
 * thread-safe.
 */
final class DenseIds {
    private int[] free = new int[64];
    private int freeCount;
    private int next;

    /** An id not in use: a released one, else one above every id handed out so far. */
    int take() {
        return freeCount > 0 ? free[--freeCount] : next++;
    }

    /** {@code id} is no longer in use. */
    void release(final int id) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = id;
    }
}
