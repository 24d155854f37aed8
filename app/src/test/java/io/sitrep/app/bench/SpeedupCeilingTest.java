package io.sitrep.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeedupCeilingTest {
    @Test
    void isTheMachinesCoresOverTheCoresOneThreadKeptBusy() {
        // one thread kept 1.25 of 2 cores busy: at its CPU per report two threads reach 1.6 × at most
        assertThat(BenchRun.speedupCeiling(2, 1.25, 2, 1)).isEqualTo(1.6);
        assertThat(BenchRun.speedupCeiling(2, 1.22, 2, 1)).isEqualTo(1.64);
    }

    @Test
    void isNeverMoreThanTheRatioOfThreads() {
        // one thread on a 16-core machine keeps 1.3 cores busy: two threads still do at most twice its work
        assertThat(BenchRun.speedupCeiling(16, 1.3, 2, 1)).isEqualTo(2.0);
        assertThat(BenchRun.speedupCeiling(16, 1.3, 4, 2)).isEqualTo(2.0);
    }

    @Test
    void isZeroWithoutAComparisonOfFewerThreads() {
        assertThat(BenchRun.speedupCeiling(2, 0.0, 2, 1)).isZero();
        assertThat(BenchRun.speedupCeiling(2, 1.2, 1, 1)).isZero();
        assertThat(BenchRun.speedupCeiling(2, 1.2, 2, 4)).isZero();
        assertThat(BenchRun.speedupCeiling(2, 1.2, 2, 0)).isZero();
    }
}
