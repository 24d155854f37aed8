package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RewriteOrderTest {

    private static RewriteOrder of(final String a, final String b) {
        final Fingerprinter f = Fingerprinter.defaults();
        return new RewriteOrder(TextEvidence.ofStripped(a, f), TextEvidence.ofStripped(b, f));
    }

    @Test
    void shouldCountSharedWordsInTheSameOrderWhenEachIsRetoldInOtherWords() {
        final RewriteOrder r = of("Kabul police reported blasts near Jalalabad road Tuesday; elders blamed smugglers",
                "Kabul officers described explosions by Jalalabad highway early Tuesday, and elders suspected smugglers");

        assertThat(r.shared()).isEqualTo(5); // kabul, jalalabad, tuesday, elders, smugglers
        assertThat(r.ordered()).isEqualTo(5);
        assertThat(r.orderedShare()).isEqualTo(1.0);
    }

    @Test
    void shouldCountFewInOrderWhenTheSameWordsComeInAnotherOrder() {
        final RewriteOrder r = of("Kabul police reported blasts near Jalalabad road Tuesday; elders blamed smugglers",
                "Smugglers were blamed by elders on Tuesday for explosions by the Jalalabad highway, Kabul officers said");

        assertThat(r.shared()).isEqualTo(6); // and "blamed"
        assertThat(r.ordered()).isEqualTo(1);
    }

    @Test
    void shouldLeaveOutWordsCarriedVerbatimAndFunctionWords() {
        // "held their positions until" is a shared run; "the", "of", "and" say nothing of the facts
        final RewriteOrder r = of("The men of Wana held their positions until dawn and Kandahar",
                "Soldiers held their positions until morning, the governor of Kandahar and Wana said");

        assertThat(r.shared()).isEqualTo(2); // wana, kandahar
        assertThat(r.ordered()).isEqualTo(1);
    }

    @Test
    void shouldShareNothingWithAnEmptyText() {
        assertThat(RewriteOrder.NONE.shared()).isZero();
        assertThat(RewriteOrder.NONE.orderedShare()).isZero();
        assertThat(of("Kabul police reported blasts", "").ordered()).isZero();
    }
}
