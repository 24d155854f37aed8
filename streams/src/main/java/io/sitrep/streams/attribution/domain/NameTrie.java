package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.Tokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Names of one or more words (gazetteer places, actor aliases), looked up token by token so that
 * the longest name starting at a token wins ("North Waziristan" over "Waziristan"). Each name holds
 * one value; its owner decides what a name that two rows share keeps.
 */
final class NameTrie<V> {

    /** The value of the name at tokens {@code first..last} inclusive. */
    record Match<V>(V value, int first, int last) {
    }

    private static final class Node<V> {
        private final Map<String, Node<V>> next = new HashMap<>();
        private V value;
    }

    private final Node<V> root = new Node<>();
    /** The first nodes by the ids {@link #firstWordIds} gave their words (index 0 unused); null until then. */
    private volatile Node<V>[] firstNodes;
    private Map<String, Integer> firstWordIds;

    /** The value of the name {@code words} (normal forms), made by {@code make} the first time; null for no words. */
    synchronized V computeIfAbsent(final List<String> words, final Supplier<V> make) {
        if (words.isEmpty()) {
            return null;
        }
        if (firstNodes != null && !root.next.containsKey(words.get(0))) {
            throw new IllegalStateException("the first words have ids already; a name cannot start with a new one: " + words);
        }
        Node<V> node = root;
        for (final String w : words) {
            node = node.next.computeIfAbsent(w, k -> new Node<>());
        }
        if (node.value == null) {
            node.value = make.get();
        }
        return node.value;
    }

    /** The first words of all names: a token that is none of these starts no name. */
    Set<String> firstWords() {
        return Set.copyOf(root.next.keySet());
    }

    /**
     * An id from 1 for each first word of the names, so that a token tagged with its word's id
     * ({@link WordTags#placeId}) finds its first node in an array, without hashing and comparing its
     * word in the root's map: that map holds every first word of a gazetteer, and its lookups (a
     * miss in the caches for the table, the entry and the key's characters) and those of the names'
     * next words were about a fifth of attribution's samples in a main phase of the bench (round 28). Names added later cannot start
     * with a new word.
     */
    @SuppressWarnings("unchecked")
    synchronized Map<String, Integer> firstWordIds() {
        if (firstWordIds != null) {
            return firstWordIds;
        }
        final Map<String, Integer> ids = new HashMap<>();
        final Node<V>[] nodes = new Node[root.next.size() + 1];
        int id = 0;
        for (final Map.Entry<String, Node<V>> e : new TreeMap<>(root.next).entrySet()) {
            nodes[++id] = e.getValue();
            ids.put(e.getKey(), id);
        }
        firstWordIds = Map.copyOf(ids);
        firstNodes = nodes;
        return firstWordIds;
    }

    /** The longest name starting at token {@code i}, or null. */
    Match<V> longestAt(final List<Tokens.Token> tokens, final int i) {
        return longestFrom(tokens, i, root.next.get(tokens.get(i).norm()));
    }

    /** The longest name starting at token {@code i} whose first word's node is {@code first} (null: none), or null. */
    private Match<V> longestFrom(final List<Tokens.Token> tokens, final int i, final Node<V> first) {
        Node<V> node = first;
        Match<V> best = null;
        for (int j = i; node != null; ) {
            if (node.value != null) {
                best = new Match<>(node.value, i, j);
            }
            if (++j == tokens.size()) {
                break;
            }
            node = node.next.get(tokens.get(j).norm());
        }
        return best;
    }

    /** Every name in {@code tokens}, left to right, the longest at each token, not overlapping. */
    List<Match<V>> findAll(final List<Tokens.Token> tokens) {
        return findAll(tokens, 0);
    }

    /**
     * {@link #findAll(List)}, where a token {@link WordTags#TAGGED tagged} without {@code firstWordTag}
     * (the tag of this trie's {@link #firstWords}) is skipped without a lookup; 0 = look every token up.
     */
    List<Match<V>> findAll(final List<Tokens.Token> tokens, final int firstWordTag) {
        return findAll(tokens, firstWordTag, false);
    }

    /**
     * {@link #findAll(List, int)}; with {@code byId}, a tagged token carries its first word's id from
     * {@link #firstWordIds} ({@link WordTags#placeId}), and its first node is read from the ids' array.
     */
    List<Match<V>> findAll(final List<Tokens.Token> tokens, final int firstWordTag, final boolean byId) {
        final List<Match<V>> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            final Tokens.Token t = tokens.get(i);
            final boolean tagged = firstWordTag != 0 && t.is(WordTags.TAGGED);
            if (tagged && !t.is(firstWordTag)) {
                i++;
                continue;
            }
            // tags without an id (made without firstWordIds) take the map
            final int id = tagged && byId ? WordTags.placeId(t.tags()) : 0;
            final Match<V> m = id != 0 ? longestFrom(tokens, i, firstNodes[id]) : longestAt(tokens, i);
            if (m == null) {
                i++;
            } else {
                out.add(m);
                i = m.last() + 1;
            }
        }
        return out;
    }
}
