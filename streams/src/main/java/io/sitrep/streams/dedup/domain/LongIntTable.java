package io.sitrep.streams.dedup.domain;

/**
 * A hash table from {@code long} keys to non-zero {@code int} values, open addressing with linear
 * probing: the fingerprint postings of {@link DedupIndex} ({@link PostingsTable}), looked up for
 * every fingerprint of every report. Primitive arrays: no {@code Long} boxed, no node or value
 * object to follow (a lookup touches the key's and the value's cache lines only), and nothing in
 * it for the garbage collector to trace. Keys are expected to be well-mixed hashes already
 * (fingerprints are), so the segment and the slot are taken from their bits directly. Deletion
 * shifts the following entries back, so no tombstones pile up as reports leave the horizon. Does
 * not shrink. Not thread-safe.
 *
 * <p>The table is {@value #SEGMENTS} tables (segments), chosen by four bits of a key, and each grows
 * on its own, at a load between 0.6 and 0.75 that differs from segment to segment.
 * One table of the whole horizon doubled in one step: at 3 million fingerprints (about 27,000
 * article-size reports) that rehash held the index's stream thread for 0.2 s, at 6 million for
 * 0.4 s, and briefly needed three times the table's memory, while every report behind it waited.
 * The segments' growths are spread over the whole doubling, each 1/{@value #SEGMENTS} of the work.
 */
final class LongIntTable {
    static final int SEGMENTS = 16;
    /**
     * Where a key's segment bits start: bits 28-31. Not the top bits: winnowing keeps the smallest
     * hash of each window, so a fingerprint's top bits are skewed (a quarter of them start with
     * 0x8); the low half is not, and a slot takes bits 28 and up only in a segment of 2^28 slots.
     */
    static final int SEGMENT_SHIFT = 28;
    private static final int INITIAL_SEGMENT_CAPACITY = 1 << 8;

    // a segment's keys and values (0 marks a free slot), in arrays of arrays rather than segment
    // objects: a lookup loads its segment's two arrays, in parallel, and nothing before them
    private final long[][] keys = new long[SEGMENTS][];
    private final int[][] values = new int[SEGMENTS][];
    private final int[] sizes = new int[SEGMENTS];
    private final int[] growAt = new int[SEGMENTS];
    private int size;

    LongIntTable() {
        this(INITIAL_SEGMENT_CAPACITY);
    }

    /** @param segmentCapacity each segment's first capacity, a power of two (tests fill one segment without growing it) */
    LongIntTable(final int segmentCapacity) {
        if (Integer.bitCount(segmentCapacity) != 1) {
            throw new IllegalArgumentException("segment capacity must be a power of two, was " + segmentCapacity);
        }
        for (int s = 0; s < SEGMENTS; s++) {
            allocate(s, segmentCapacity);
        }
    }

    /** The value of {@code key}, or 0 when it has none. */
    int get(final long key) {
        final int s = segment(key);
        final long[] k = keys[s];
        final int[] v = values[s];
        final int mask = v.length - 1;
        for (int i = slot(key, mask); v[i] != 0; i = (i + 1) & mask) {
            if (k[i] == key) {
                return v[i];
            }
        }
        return 0;
    }

    /** Puts {@code value} (not 0) under {@code key}, replacing any value it had. */
    void put(final long key, final int value) {
        if (value == 0) {
            throw new IllegalArgumentException("0 marks a free slot, it cannot be a value");
        }
        final int s = segment(key);
        final long[] k = keys[s];
        final int[] v = values[s];
        final int mask = v.length - 1;
        int i = slot(key, mask);
        while (v[i] != 0) {
            if (k[i] == key) {
                v[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        k[i] = key;
        v[i] = value;
        size++;
        if (++sizes[s] > growAt[s]) {
            grow(s);
        }
    }

    /** Removes {@code key} and its value, if present. */
    void remove(final long key) {
        final int s = segment(key);
        final long[] k = keys[s];
        final int[] v = values[s];
        final int mask = v.length - 1;
        int gap = slot(key, mask);
        while (v[gap] != 0 && k[gap] != key) {
            gap = (gap + 1) & mask;
        }
        if (v[gap] == 0) {
            return;
        }
        v[gap] = 0;
        sizes[s]--;
        size--;
        // move back every following entry of the run whose probe path crosses the gap
        for (int j = (gap + 1) & mask; v[j] != 0; j = (j + 1) & mask) {
            if (((j - slot(k[j], mask)) & mask) >= ((j - gap) & mask)) {
                k[gap] = k[j];
                v[gap] = v[j];
                v[j] = 0;
                gap = j;
            }
        }
    }

    int size() {
        return size;
    }

    /** Slots of segment {@code s} (tests: when it grew). */
    int segmentCapacity(final int s) {
        return values[s].length;
    }

    /** Slots of every segment: the table's memory is 12 bytes each. */
    long capacity() {
        long slots = 0;
        for (final int[] v : values) {
            slots += v.length;
        }
        return slots;
    }

    private static int segment(final long key) {
        return (int) (key >>> SEGMENT_SHIFT) & (SEGMENTS - 1);
    }

    private static int slot(final long key, final int mask) {
        return (int) (key ^ (key >>> 32)) & mask;
    }

    private void allocate(final int s, final int capacity) {
        keys[s] = new long[capacity];
        values[s] = new int[capacity];
        // segment s grows at a load from 0.6 to 0.75 (probe runs stay short, a few slots of one cache
        // line): as the table fills, the segments (of about equal size) reach their loads one after
        // another. A wider range spreads them further but leaves more segments at a load where a
        // lookup that misses, most of a new report's, probes long runs
        growAt[s] = (int) (capacity * (0.6 + 0.15 * (s + 0.5) / SEGMENTS));
    }

    private void grow(final int s) {
        final long[] oldKeys = keys[s];
        final int[] oldValues = values[s];
        allocate(s, oldValues.length * 2);
        size -= sizes[s];
        sizes[s] = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
