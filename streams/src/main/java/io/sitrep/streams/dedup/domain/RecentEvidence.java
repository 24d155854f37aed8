package io.sitrep.streams.dedup.domain;

/**
 * The texts the index used last, whose derived arrays (fingerprints, word pairs and triples) it
 * keeps; a text pushed out of this ring lets go of them ({@link TextEvidence#releaseDerived}).
 * Copies of one story arrive close together, so the reports compared with a new one are mostly
 * those compared with the last few: remaking their arrays for every comparison took about a
 * twentieth of the index's CPU on article-size reports, keeping them for every report of the
 * horizon a quarter of its memory. A ring of {@value #DEFAULT_SIZE} costs a few megabytes.
 */
final class RecentEvidence {
    static final int DEFAULT_SIZE = 256;

    private final TextEvidence[] ring;
    private int next;

    RecentEvidence(final int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive, was " + size);
        }
        this.ring = new TextEvidence[size];
    }

    /**
     * Marks {@code evidence} as just used: it enters the ring unless it is in it, and when the ring
     * is full the text that entered first leaves and lets go of its arrays (first in, first out: a
     * text used again while in the ring keeps its place).
     */
    void keep(final TextEvidence evidence) {
        if (evidence == TextEvidence.EMPTY) {
            return; // shared by every thread; its arrays are made once
        }
        if (evidence.recentSlot >= 0 && ring[evidence.recentSlot] == evidence) {
            return; // still in the ring: its arrays stay until it is pushed out
        }
        final TextEvidence out = ring[next];
        if (out != null) {
            out.recentSlot = -1;
            out.releaseDerived();
        }
        ring[next] = evidence;
        evidence.recentSlot = next;
        next = (next + 1) % ring.length;
    }
}
