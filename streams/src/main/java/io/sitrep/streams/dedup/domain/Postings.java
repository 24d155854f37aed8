package io.sitrep.streams.dedup.domain;

import java.util.Arrays;

/**
 * The reports that carry one fingerprint, oldest first, as their ids ({@link SharedCounter}), and
 * how many of them opened a story: an int array read newest first by index, so reading postings
 * allocates nothing and touches no report object.
 */
final class Postings {
    // most fingerprints belong to one story and its few copies
    private int[] ids = new int[2];
    private int head;
    private int size;
    int stories;

    int size() {
        return size;
    }

    /** The id of the {@code k}-th newest report (0 = newest). */
    int newest(final int k) {
        return ids[head + size - 1 - k];
    }

    void addLast(final int id) {
        if (head + size == ids.length) {
            // reuse the room left by removals from the front before growing
            final int[] to = size * 2 <= ids.length ? ids : new int[ids.length * 2];
            System.arraycopy(ids, head, to, 0, size);
            if (to == ids) {
                Arrays.fill(ids, size, ids.length, 0);
            }
            ids = to;
            head = 0;
        }
        ids[head + size++] = id;
    }

    /** Removes {@code id}; usually the oldest, as reports leave in arrival order. */
    boolean remove(final int id) {
        for (int i = head; i < head + size; i++) {
            if (ids[i] == id) {
                if (i == head) {
                    head++;
                } else {
                    System.arraycopy(ids, i + 1, ids, i, head + size - 1 - i);
                }
                size--;
                return true;
            }
        }
        return false;
    }
}
