package io.sitrep.streams.dedup.domain;

import java.util.Arrays;

/**
 * Fingerprint → the reports that carry it, oldest first, as their ids ({@link SharedCounter}), and
 * how many of them opened a story. Most fingerprints belong to one report alone, and the index
 * keeps every report of its horizon: such a fingerprint's slot holds that report's id and whether
 * it opened a story in the table's own {@code int}, and a {@link Postings} list is made only when
 * a second report carries it (a list and its array cost about 56 bytes per fingerprint, about 5 KB
 * per report of 200 words). So the lookup of a fingerprint that one report carries reads two
 * arrays and follows no reference: it is most of the lookups of a report, and following each to
 * its report object (scattered over a heap that holds a whole horizon) was a third of the index's
 * time. Read a lookup's slot with {@link #size}, {@link #newestId} and {@link #stories}. Not
 * thread-safe.
 */
final class PostingsTable {
    /** No report carries the fingerprint. */
    static final int NONE = 0;

    /**
     * A slot: {@code (id + 1) << 1 | opened} (above 0) for a fingerprint of one report,
     * {@code -(list index + 1)} (below 0) for one that several carry.
     */
    private final LongIntTable table = new LongIntTable();
    private Postings[] lists = new Postings[256];
    private final DenseIds listIds = new DenseIds();

    /** The slot of {@code fingerprint}: {@link #NONE} when no report carries it. */
    int find(final long fingerprint) {
        return table.get(fingerprint);
    }

    /** Reports in a slot other than {@link #NONE}. */
    int size(final int slot) {
        return slot > 0 ? 1 : list(slot).size();
    }

    /** The id of the {@code k}-th newest report of a slot other than {@link #NONE} (0 = newest). */
    int newestId(final int slot, final int k) {
        return slot > 0 ? (slot >>> 1) - 1 : list(slot).newest(k);
    }

    /** Reports of a slot other than {@link #NONE} that opened a story. */
    int stories(final int slot) {
        return slot > 0 ? slot & 1 : list(slot).stories;
    }

    /** Adds report {@code id} to the reports of {@code fingerprint}; {@code opensStory}: it opened a story. */
    void add(final long fingerprint, final int id, final boolean opensStory) {
        final int slot = table.get(fingerprint);
        if (slot == NONE) {
            table.put(fingerprint, single(id, opensStory));
            return;
        }
        final Postings list;
        if (slot < 0) {
            list = list(slot);
        } else {
            list = new Postings();
            list.addLast(newestId(slot, 0));
            list.stories = stories(slot);
            table.put(fingerprint, -(newListIndex(list) + 1));
        }
        list.addLast(id);
        list.stories += opensStory ? 1 : 0;
    }

    /** Removes report {@code id} from {@code fingerprint}'s reports; {@code opened}: whether it counts as a story there. */
    void remove(final long fingerprint, final int id, final boolean opened) {
        final int slot = table.get(fingerprint);
        if (slot > 0) {
            if (newestId(slot, 0) == id) {
                table.remove(fingerprint);
            }
        } else if (slot < 0 && list(slot).remove(id)) {
            final Postings list = list(slot);
            list.stories -= opened ? 1 : 0;
            if (list.size() == 0) {
                table.remove(fingerprint);
                releaseListIndex(-slot - 1);
            }
        }
    }

    /** One report of {@code fingerprint} that opened a story became a copy (a merge of stories). */
    void storyBecameCopy(final long fingerprint) {
        final int slot = table.get(fingerprint);
        if (slot > 0) {
            table.put(fingerprint, slot & ~1);
        } else if (slot < 0) {
            list(slot).stories--;
        }
    }

    private static int single(final int id, final boolean opensStory) {
        return (id + 1) << 1 | (opensStory ? 1 : 0);
    }

    private Postings list(final int slot) {
        return lists[-slot - 1];
    }

    private int newListIndex(final Postings list) {
        final int index = listIds.take();
        if (index == lists.length) {
            lists = Arrays.copyOf(lists, index * 2);
        }
        lists[index] = list;
        return index;
    }

    private void releaseListIndex(final int index) {
        lists[index] = null;
        listIds.release(index);
    }
}
