package io.sitrep.streams.dedup.domain;

import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Fingerprint → the reports that carry it, oldest first, and how many of them opened a story.
 * Most fingerprints belong to one report alone, and the index keeps every report of its horizon:
 * such a fingerprint maps to the report itself, and a {@link Postings} list is made only when a
 * second report carries it (a list and its array cost about 56 bytes per fingerprint, about 5 KB
 * per report of 200 words). A list holds the reports' ids ({@link SharedCounter}), so reading it
 * touches no report. Read a lookup's slot with {@link #size}, {@link #newestId} and
 * {@link #stories}. Not thread-safe.
 */
final class PostingsTable<E> {
    private final LongKeyedTable<Object> table = new LongKeyedTable<>();
    /** Whether a report opened a story (read live: a merge of stories turns a story's first report into a copy). */
    private final Predicate<E> opensStory;
    private final ToIntFunction<E> idOf;

    PostingsTable(final Predicate<E> opensStory, final ToIntFunction<E> idOf) {
        this.opensStory = opensStory;
        this.idOf = idOf;
    }

    /** The slot of {@code fingerprint}: null when no report carries it. */
    Object find(final long fingerprint) {
        return table.get(fingerprint);
    }

    /** Reports in a non-null slot. */
    int size(final Object slot) {
        return slot instanceof Postings list ? list.size() : 1;
    }

    /** The id of the {@code k}-th newest report of a non-null slot (0 = newest). */
    @SuppressWarnings("unchecked")
    int newestId(final Object slot, final int k) {
        return slot instanceof Postings list ? list.newest(k) : idOf.applyAsInt((E) slot);
    }

    /** Reports of a non-null slot that opened a story. */
    @SuppressWarnings("unchecked")
    int stories(final Object slot) {
        return slot instanceof Postings list ? list.stories : opensStory.test((E) slot) ? 1 : 0;
    }

    @SuppressWarnings("unchecked")
    void add(final long fingerprint, final E entry) {
        final Object slot = table.get(fingerprint);
        if (slot == null) {
            table.put(fingerprint, entry);
            return;
        }
        final Postings list;
        if (slot instanceof Postings existing) {
            list = existing;
        } else {
            list = new Postings();
            list.addLast(idOf.applyAsInt((E) slot));
            list.stories = opensStory.test((E) slot) ? 1 : 0;
            table.put(fingerprint, list);
        }
        list.addLast(idOf.applyAsInt(entry));
        list.stories += opensStory.test(entry) ? 1 : 0;
    }

    /** Removes {@code entry} (by identity) from {@code fingerprint}'s reports; {@code opened}: whether it counts as a story there. */
    void remove(final long fingerprint, final E entry, final boolean opened) {
        final Object slot = table.get(fingerprint);
        if (slot == entry) {
            table.remove(fingerprint);
        } else if (slot instanceof Postings list && list.remove(idOf.applyAsInt(entry))) {
            list.stories -= opened ? 1 : 0;
            if (list.size() == 0) {
                table.remove(fingerprint);
            }
        }
    }

    /** One report of {@code fingerprint} that opened a story became a copy (a merge of stories). */
    void storyBecameCopy(final long fingerprint) {
        if (table.get(fingerprint) instanceof Postings list) {
            list.stories--;
        }
    }
}
