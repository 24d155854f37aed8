package io.sitrep.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void shouldProbeAgainWhenTheOperatingSystemHandsOutThePortTakenAMomentAgo() {
        final Iterator<Integer> probes = List.of(40_001, 40_001, 40_002).iterator();

        assertThat(Ports.otherThan(40_001, 0, probes::next)).isEqualTo(40_002);
    }

    @Test
    void shouldProbeAPortAskedForOnceEvenWhenItIsTheOther() {
        final Iterator<Integer> probes = List.of(40_001, 40_002).iterator();

        // the caller then refuses the clash with a message naming the port
        assertThat(Ports.otherThan(40_001, 40_001, probes::next)).isEqualTo(40_001);
    }

    @Test
    void shouldGiveAFreePortOtherThanTheOneTaken() {
        final int first = Ports.checkFree(0, "test", "none");

        assertThat(Ports.checkFreeOtherThan(0, first, "test", "none")).isNotEqualTo(first).isPositive();
    }

    @Test
    void shouldGiveDistinctFreePortsAllAtOnce() {
        final List<Integer> ports = Ports.freeDistinct(12);

        assertThat(ports).hasSize(12).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isPositive());
    }
}
