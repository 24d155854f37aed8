package io.sitrep.streams.dedup.domain;

import java.util.Arrays;

/**
 * Fingerprint → the reports that carry it, oldest first, as their ids ({@link SharedCounter}), and
 * how many of them opened a story. Most fingerprints belong to one report alone, and the index
 * keeps every report of its horizon: such a fingerprint's slot holds that report's id and whether
 * it opened a story in the table's own {@code int}. A fingerprint that two reports carry (a story
 * and one copy, most of the rest) takes three {@code int}s of a shared array, and a {@link Postings}
 * row is made only when a third report carries it: a list object and its array cost 64 bytes (a row
 * alone, since round 19, 48), and one per fingerprint of two reports was a fifth of the
 * index's memory on article-size reports. So
 * the lookup of a fingerprint that one or two reports carry reads arrays and follows no reference:
 * it is most of the lookups of a report, and following each to its report object (scattered over a
 * heap that holds a whole horizon) was a third of the index's time. Read a lookup's slot with
 * {@link #size}, {@link #newestId} and {@link #stories}. Not thread-safe.
 */
final class PostingsTable {
    /** No report carries the fingerprint. */
    static final int NONE = 0;

    /**
     * A slot: {@code (id + 1) << 1 | opened} (above 0) for a fingerprint of one report,
     * {@code -((pair index << 1 | 1) + 1)} for one of two, {@code -((list index << 1) + 1)} for one
     * that more carry (or carried: a list is not made a pair again as reports leave).
     */
    private final LongIntTable table = new LongIntTable();
    private int[][] lists = new int[256][];
    private final DenseIds listIds = new DenseIds();
    /** Of each pair, the older id, the newer id and how many of the two opened a story. */
    private int[] pairs = new int[3 * 256];
    private final DenseIds pairIds = new DenseIds();

    /** The slot of {@code fingerprint}: {@link #NONE} when no report carries it. */
    int find(final long fingerprint) {
        return table.get(fingerprint);
    }

    /** Reports in a slot other than {@link #NONE}. */
    int size(final int slot) {
        if (slot > 0) {
            return 1;
        }
        return isPair(slot) ? 2 : Postings.size(list(slot));
    }

    /** The id of the {@code k}-th newest report of a slot other than {@link #NONE} (0 = newest). */
    int newestId(final int slot, final int k) {
        if (slot > 0) {
            return (slot >>> 1) - 1;
        }
        return isPair(slot) ? pairs[3 * index(slot) + 1 - k] : Postings.newest(list(slot), k);
    }

    /** Reports of a slot other than {@link #NONE} that opened a story. */
    int stories(final int slot) {
        if (slot > 0) {
            return slot & 1;
        }
        return isPair(slot) ? pairs[3 * index(slot) + 2] : Postings.stories(list(slot));
    }

    /** Adds report {@code id} to the reports of {@code fingerprint}; {@code opensStory}: it opened a story. */
    void add(final long fingerprint, final int id, final boolean opensStory) {
        final int slot = table.get(fingerprint);
        final int opens = opensStory ? 1 : 0;
        if (slot == NONE) {
            table.put(fingerprint, single(id, opensStory));
        } else if (slot > 0) {
            final int pair = pairIds.take();
            if (3 * pair == pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
            pairs[3 * pair] = newestId(slot, 0);
            pairs[3 * pair + 1] = id;
            pairs[3 * pair + 2] = stories(slot) + opens;
            table.put(fingerprint, -((pair << 1 | 1) + 1));
        } else if (isPair(slot)) {
            final int pair = index(slot);
            final int[] list = Postings.of(pairs[3 * pair], pairs[3 * pair + 1], id, pairs[3 * pair + 2] + opens);
            pairIds.release(pair);
            table.put(fingerprint, -((newListIndex(list) << 1) + 1));
        } else {
            final int[] list = Postings.addLast(list(slot), id);
            lists[index(slot)] = list;
            Postings.addStories(list, opens);
        }
    }

    /** Removes report {@code id} from {@code fingerprint}'s reports; {@code opened}: whether it counts as a story there. */
    void remove(final long fingerprint, final int id, final boolean opened) {
        final int slot = table.get(fingerprint);
        if (slot > 0) {
            if (newestId(slot, 0) == id) {
                table.remove(fingerprint);
            }
        } else if (slot < 0 && isPair(slot)) {
            final int pair = index(slot);
            final int at = pairs[3 * pair] == id ? 0 : pairs[3 * pair + 1] == id ? 1 : -1;
            if (at >= 0) {
                // the other report stays alone, and opened a story if the pair counted one without this one
                final int left = pairs[3 * pair + 1 - at];
                final int stories = pairs[3 * pair + 2] - (opened ? 1 : 0);
                pairIds.release(pair);
                table.put(fingerprint, single(left, stories > 0));
            }
        } else if (slot < 0 && Postings.remove(list(slot), id)) {
            final int[] list = list(slot);
            Postings.addStories(list, opened ? -1 : 0);
            if (Postings.size(list) == 0) {
                table.remove(fingerprint);
                releaseListIndex(index(slot));
            }
        }
    }

    /** One report of {@code fingerprint} that opened a story became a copy (a merge of stories). */
    void storyBecameCopy(final long fingerprint) {
        final int slot = table.get(fingerprint);
        if (slot > 0) {
            table.put(fingerprint, slot & ~1);
        } else if (slot < 0 && isPair(slot)) {
            pairs[3 * index(slot) + 2]--;
        } else if (slot < 0) {
            Postings.addStories(list(slot), -1);
        }
    }

    private static int single(final int id, final boolean opensStory) {
        return (id + 1) << 1 | (opensStory ? 1 : 0);
    }

    /** Of a slot below 0: a pair's, not a list's. */
    private static boolean isPair(final int slot) {
        return ((-slot - 1) & 1) == 1;
    }

    /** Of a slot below 0: its pair's or list's index. */
    private static int index(final int slot) {
        return (-slot - 1) >>> 1;
    }

    private int[] list(final int slot) {
        return lists[index(slot)];
    }

    private int newListIndex(final int[] list) {
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
