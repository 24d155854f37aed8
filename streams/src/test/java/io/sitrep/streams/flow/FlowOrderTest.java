package io.sitrep.streams.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowOrderTest {
    private static final FlowOrder ORDER = new FlowOrder(List.of("raw", "to-index", "unique", "by-group", "events"));

    /** A partition as the test sees it: topic and number. */
    private record Part(String topic, int n) {
    }

    private static java.util.Set<Part> hold(final Map<Part, Long> backlogs) {
        return ORDER.toHold(backlogs.keySet(), Part::topic, backlogs::get);
    }

    @Test
    void shouldRankTopicsInFlowOrderAndOthersOutside() {
        assertThat(ORDER.rank("raw")).isZero();
        assertThat(ORDER.rank("events")).isEqualTo(4);
        assertThat(ORDER.rank("sitrep.escalation.clock")).isEqualTo(-1);
    }

    @Test
    void shouldHoldTheRawReportsWhileTheIndexHasABacklog() {
        final Part raw0 = new Part("raw", 0);
        final Part raw1 = new Part("raw", 1);
        final Part index = new Part("to-index", 0);
        assertThat(hold(Map.of(raw0, 500L, raw1, 0L, index, 3L))).containsExactlyInAnyOrder(raw0, raw1);
    }

    @Test
    void shouldHoldNothingWhenTheLatestInputsAreCaughtUp() {
        final Part raw0 = new Part("raw", 0);
        final Part index = new Part("to-index", 0);
        assertThat(hold(Map.of(raw0, 500L, index, 0L))).isEmpty();
    }

    @Test
    void shouldHoldEveryEarlierInputBehindTheLatestWithABacklog() {
        final Part unique = new Part("unique", 2);
        final Part byGroup = new Part("by-group", 2);
        final Part events = new Part("events", 2);
        final Part raw = new Part("raw", 2);
        // the group hop has a backlog, the events none: everything before the group hop waits
        assertThat(hold(Map.of(raw, 9L, unique, 9L, byGroup, 1L, events, 0L))).containsExactlyInAnyOrder(raw, unique);
    }

    @Test
    void shouldNeverHoldOrBeHeldByTopicsOutsideTheFlow() {
        final Part raw = new Part("raw", 0);
        final Part other = new Part("sitrep.escalation.clock", 0);
        assertThat(hold(Map.of(raw, 9L, other, 9L))).isEmpty();
        final Part index = new Part("to-index", 0);
        assertThat(hold(Map.of(raw, 9L, other, 9L, index, 1L))).containsExactly(raw);
    }

    @Test
    void shouldRefuseATopicListedTwice() {
        assertThatThrownBy(() -> new FlowOrder(List.of("raw", "unique", "raw")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("raw");
    }
}
