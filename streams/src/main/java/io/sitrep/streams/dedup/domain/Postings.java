package io.sitrep.streams.dedup.domain;

import java.util.Arrays;

/**
 * The reports that carry one fingerprint, oldest first, and how many of them opened a story: an
 * array read newest first by index, so reading postings allocates no iterator.
 */
final class Postings<E> {
    // most fingerprints belong to one story and its few copies
    private E[] entries = newArray(2);
    private int head;
    private int size;
    int stories;

    int size() {
        return size;
    }

    /** The {@code k}-th newest entry (0 = newest). */
    E newest(final int k) {
        return entries[head + size - 1 - k];
    }

    void addLast(final E entry) {
        if (head + size == entries.length) {
            // reuse the room left by removals from the front before growing
            final E[] to = size * 2 <= entries.length ? entries : newArray(entries.length * 2);
            System.arraycopy(entries, head, to, 0, size);
            if (to == entries) {
                Arrays.fill(entries, size, entries.length, null);
            }
            entries = to;
            head = 0;
        }
        entries[head + size++] = entry;
    }

    /** Removes {@code entry} (by identity); usually the oldest, as reports leave in arrival order. */
    boolean remove(final E entry) {
        for (int i = head; i < head + size; i++) {
            if (entries[i] == entry) {
                if (i == head) {
                    entries[head++] = null;
                } else {
                    System.arraycopy(entries, i + 1, entries, i, head + size - 1 - i);
                    entries[head + size - 1] = null;
                }
                size--;
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static <E> E[] newArray(final int n) {
        // erased to Object[]: only read back as E by this class
        return (E[]) new Object[n];
    }
}
