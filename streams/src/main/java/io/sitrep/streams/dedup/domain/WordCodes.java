package io.sitrep.streams.dedup.domain;

import java.util.Arrays;

/**
 * The words of every text a {@link DedupIndex} holds, each distinct word hash under a small code,
 * so that a text can be kept as its codes in a variable-length byte form: one byte for the first
 * 128 codes, two up to 16,384, three up to about two million. The common words of a language are
 * met first and keep the one-byte codes. A text's 32-bit word hashes were the largest part of the
 * index's memory (2.7 of 9.8 KB per article-size report); packed, a word takes one to two bytes.
 * A code is counted by the packed texts that use it and handed out again once none does, so the
 * codes stay as few as the distinct words of one horizon. Not thread-safe.
 */
final class WordCodes {
    /** Word hash (as an unsigned {@code long}) → its code + 1. */
    private final LongIntTable codeOf = new LongIntTable();
    private final DenseIds codes = new DenseIds();
    private int[] hashOf = new int[1024];
    /** Of each code, the word occurrences of packed texts that use it. */
    private int[] uses = new int[1024];
    private byte[] scratch = new byte[1024];
    /** Where {@link #readCode} reads next. */
    private int readAt;

    /** {@code words} as codes, each used once more per occurrence. */
    byte[] pack(final int[] words) {
        if (scratch.length < words.length * 5) {
            scratch = new byte[words.length * 5];
        }
        int at = 0;
        for (final int word : words) {
            at = writeCode(scratch, at, codeFor(word));
        }
        return Arrays.copyOf(scratch, at);
    }

    /** The {@code count} word hashes of a text {@link #pack}ed into {@code packed}. */
    int[] unpack(final byte[] packed, final int count) {
        final int[] words = new int[count];
        readAt = 0;
        for (int i = 0; i < count; i++) {
            words[i] = hashOf[readCode(packed)];
        }
        return words;
    }

    /** A packed text leaves: each of its words used once less; a code no text uses any more is free. */
    void release(final byte[] packed) {
        readAt = 0;
        while (readAt < packed.length) {
            final int code = readCode(packed);
            if (--uses[code] == 0) {
                codeOf.remove(Integer.toUnsignedLong(hashOf[code]));
                codes.release(code);
            }
        }
    }

    /** Distinct words in use (tests and metrics). */
    int size() {
        return codeOf.size();
    }

    private int codeFor(final int word) {
        final long key = Integer.toUnsignedLong(word);
        final int found = codeOf.get(key);
        final int code;
        if (found != 0) {
            code = found - 1;
        } else {
            code = codes.take();
            if (code == hashOf.length) {
                hashOf = Arrays.copyOf(hashOf, code * 2);
                uses = Arrays.copyOf(uses, code * 2);
            }
            hashOf[code] = word;
            codeOf.put(key, code + 1);
        }
        uses[code]++;
        return code;
    }

    private int readCode(final byte[] packed) {
        int code = 0;
        int shift = 0;
        byte b;
        do {
            b = packed[readAt++];
            code |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return code;
    }

    /** Seven bits a byte, low bits first; the top bit says another byte follows. */
    private static int writeCode(final byte[] out, final int from, final int code) {
        int at = from;
        int rest = code;
        while (rest >= 0x80) {
            out[at++] = (byte) (rest & 0x7f | 0x80);
            rest >>>= 7;
        }
        out[at++] = (byte) rest;
        return at;
    }
}
