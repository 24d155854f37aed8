package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.Tokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** The value of the name {@code words} (normal forms), made by {@code make} the first time; null for no words. */
    V computeIfAbsent(final List<String> words, final Supplier<V> make) {
        if (words.isEmpty()) {
            return null;
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

    /** The longest name starting at token {@code i}, or null. */
    Match<V> longestAt(final List<Tokens.Token> tokens, final int i) {
        Node<V> node = root;
        Match<V> best = null;
        for (int j = i; j < tokens.size(); j++) {
            node = node.next.get(tokens.get(j).norm());
            if (node == null) {
                break;
            }
            if (node.value != null) {
                best = new Match<>(node.value, i, j);
            }
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
        final List<Match<V>> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            final Tokens.Token t = tokens.get(i);
            if (firstWordTag != 0 && t.is(WordTags.TAGGED) && !t.is(firstWordTag)) {
                i++;
                continue;
            }
            final Match<V> m = longestAt(tokens, i);
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
