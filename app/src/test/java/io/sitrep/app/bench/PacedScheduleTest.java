package io.sitrep.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacedScheduleTest {

    /** Runs the sender's loop on a simulated clock that wakes exactly when asked; returns the wakes. */
    private static int simulate(final PacedSchedule schedule, final int reports, final long[] sentAt) {
        int wakes = 0;
        long lastWake = schedule.start() - schedule.tick();
        for (int i = 0; i < reports; ) {
            final long now = schedule.wakeFor(i, lastWake);
            lastWake = now;
            wakes++;
            for (; i < reports && schedule.intended(i) <= now; i++) {
                sentAt[i] = now;
            }
        }
        return wakes;
    }

    @Test
    void shouldWakeAtMostOncePerTickAndSendNothingBeforeItsTime() {
        // 1,250 reports a second (one every 0.8 ms), a tick of 4 ms, one second
        final PacedSchedule schedule = PacedSchedule.of(1_000_000_000L, 1_250, 4_000_000L);
        final long[] sentAt = new long[1_250];

        final int wakes = simulate(schedule, sentAt.length, sentAt);

        assertThat(wakes).isBetween(250, 251);
        for (int i = 0; i < sentAt.length; i++) {
            assertThat(sentAt[i]).isGreaterThanOrEqualTo(schedule.intended(i));
            assertThat(sentAt[i] - schedule.intended(i)).isLessThan(schedule.tick());
        }
    }

    @Test
    void shouldWakeForEachReportWhenReportsAreFurtherApartThanATick() {
        // 100 reports a second: every report is its own wake, at its own time
        final PacedSchedule schedule = PacedSchedule.of(0L, 100, 4_000_000L);
        final long[] sentAt = new long[50];

        assertThat(simulate(schedule, sentAt.length, sentAt)).isEqualTo(50);
        for (int i = 0; i < sentAt.length; i++) {
            assertThat(sentAt[i]).isEqualTo(schedule.intended(i));
        }
    }

    @Test
    void shouldWakeForEveryReportWithoutATick() {
        final PacedSchedule schedule = PacedSchedule.of(0L, 1_250, 0L);
        final long[] sentAt = new long[100];

        assertThat(simulate(schedule, sentAt.length, sentAt)).isEqualTo(100);
    }

    @Test
    void shouldRefuseARateThatGivesNoInterval() {
        assertThatThrownBy(() -> PacedSchedule.of(0L, 2e9, 1L)).isInstanceOf(IllegalArgumentException.class);
    }
}
