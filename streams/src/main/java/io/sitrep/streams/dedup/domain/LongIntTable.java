package io.sitrep.streams.dedup.domain;

/**
 * A hash table from {@code long} keys to non-zero {@code int} values, open addressing with linear
 * probing: the fingerprint postings of {@link DedupIndex} ({@link PostingsTable}), looked up for
 * every fingerprint of every report. Two primitive arrays: no {@code Long} boxed, no node or value
 * object to follow (a lookup touches the key's and the value's cache lines only), and nothing in
 * it for the garbage collector to trace. Keys are expected to be well-mixed hashes already
 * (fingerprints are), so the slot is taken from their bits directly. Deletion shifts the following
 * entries back, so no tombstones pile up as reports leave the horizon. Does not shrink. Not
 * thread-safe.
 */
final class LongIntTable {
    private static final int INITIAL_CAPACITY = 1 << 10;

    private long[] keys = new long[INITIAL_CAPACITY];
    /** 0 marks a free slot. */
    private int[] values = new int[INITIAL_CAPACITY];
    private int mask = INITIAL_CAPACITY - 1;
    private int size;

    /** The value of {@code key}, or 0 when it has none. */
    int get(final long key) {
        for (int i = slot(key); values[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return 0;
    }

    /** Puts {@code value} (not 0) under {@code key}, replacing any value it had. */
    void put(final long key, final int value) {
        if (value == 0) {
            throw new IllegalArgumentException("0 marks a free slot, it cannot be a value");
        }
        int i = slot(key);
        while (values[i] != 0) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        // at most three quarters full: probe runs stay short (a few slots of one cache line), and the
        // table, the index's largest structure, takes a third less memory than at half
        if (++size * 4 > values.length * 3) {
            grow();
        }
    }

    /** Removes {@code key} and its value, if present. */
    void remove(final long key) {
        int gap = slot(key);
        while (values[gap] != 0 && keys[gap] != key) {
            gap = (gap + 1) & mask;
        }
        if (values[gap] == 0) {
            return;
        }
        values[gap] = 0;
        size--;
        // move back every following entry of the run whose probe path crosses the gap
        for (int j = (gap + 1) & mask; values[j] != 0; j = (j + 1) & mask) {
            if (((j - slot(keys[j])) & mask) >= ((j - gap) & mask)) {
                keys[gap] = keys[j];
                values[gap] = values[j];
                values[j] = 0;
                gap = j;
            }
        }
    }

    int size() {
        return size;
    }

    private int slot(final long key) {
        return (int) (key ^ (key >>> 32)) & mask;
    }

    private void grow() {
        final long[] oldKeys = keys;
        final int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldValues.length * 2];
        mask = values.length - 1;
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
