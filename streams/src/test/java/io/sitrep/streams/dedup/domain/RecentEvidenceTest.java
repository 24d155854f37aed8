package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentEvidenceTest {

    private static TextEvidence text(final String words) {
        return TextEvidence.ofStripped(words, Fingerprinter.defaults());
    }

    @Test
    void shouldKeepTheArraysOfTheTextsUsedLastAndReleaseTheOldest() {
        final RecentEvidence recent = new RecentEvidence(2);
        final TextEvidence a = text("the bridge over the river was closed to lorries on the first morning of the week");
        final TextEvidence b = text("traders at the grain market said the price of flour rose again after the rains");
        final TextEvidence c = text("a new clinic opened beside the bus station and saw two hundred patients a day");
        final long[] aPrints = a.fingerprints();
        final long[] bPairs = b.pairs();
        recent.keep(a);
        recent.keep(b);
        // both still in the ring: the same arrays, not made again
        assertThat(a.fingerprints()).isSameAs(aPrints);
        assertThat(b.pairs()).isSameAs(bPairs);

        recent.keep(c); // pushes a out
        assertThat(a.fingerprints()).isNotSameAs(aPrints).isEqualTo(aPrints);
        assertThat(b.pairs()).isSameAs(bPairs);
    }

    @Test
    void shouldNotTakeASecondSlotForATextAlreadyInTheRing() {
        final RecentEvidence recent = new RecentEvidence(2);
        final TextEvidence a = text("the bridge over the river was closed to lorries on the first morning of the week");
        final TextEvidence b = text("traders at the grain market said the price of flour rose again after the rains");
        final long[] bTriples = b.triples();
        recent.keep(b);
        recent.keep(a);
        recent.keep(a);
        recent.keep(a);
        // a kept three times still takes one slot, so b was not pushed out
        assertThat(b.triples()).isSameAs(bTriples);
    }

    @Test
    void shouldRefuseAnEmptyRing() {
        assertThatThrownBy(() -> new RecentEvidence(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
