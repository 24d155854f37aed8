package io.sitrep.streams.dedup.domain;

/**
 * A hash table from {@code long} keys to values, open addressing with linear probing: the
 * fingerprint postings of {@link DedupIndex}, looked up for every fingerprint of every report, so
 * no {@code Long} is boxed and no node allocated per lookup. Keys are expected to be well-mixed
 * hashes already (fingerprints are), so the slot is taken from their bits directly. Deletion
 * shifts the following entries back, so no tombstones pile up as reports leave the horizon.
 * Does not shrink. Not thread-safe.
 *
 * @param <V> the value type; null values are not allowed (null marks a free slot)
 */
final class LongKeyedTable<V> {
    private static final int INITIAL_CAPACITY = 1 << 10;

    private long[] keys = new long[INITIAL_CAPACITY];
    private Object[] values = new Object[INITIAL_CAPACITY];
    private int mask = INITIAL_CAPACITY - 1;
    private int size;

    /** The value of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(final long key) {
        for (int i = slot(key); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return (V) values[i];
            }
        }
        return null;
    }

    /** Puts {@code value} under {@code key}, replacing any value it had. */
    void put(final long key, final V value) {
        if (value == null) {
            throw new IllegalArgumentException("null values are not allowed");
        }
        int i = slot(key);
        while (values[i] != null) {
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
        while (values[gap] != null && keys[gap] != key) {
            gap = (gap + 1) & mask;
        }
        if (values[gap] == null) {
            return;
        }
        values[gap] = null;
        size--;
        // move back every following entry of the run whose probe path crosses the gap
        for (int j = (gap + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            if (((j - slot(keys[j])) & mask) >= ((j - gap) & mask)) {
                keys[gap] = keys[j];
                values[gap] = values[j];
                values[j] = null;
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

    @SuppressWarnings("unchecked")
    private void grow() {
        final long[] oldKeys = keys;
        final Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        mask = values.length - 1;
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }
}
