package io.sitrep.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceSamplerTest {
    private static final long MS = 1_000_000L;

    @Test
    void spreadsEachTicksCpuOverTheSlicesItSpans() {
        // 0-500 ms: 500 ms of CPU (one core); 500-750: 500 ms (two cores); 750-1200: none
        final List<long[]> ticks = List.of(new long[] {0, 0}, new long[] {500 * MS, 500 * MS},
                new long[] {750 * MS, 1000 * MS}, new long[] {1200 * MS, 1000 * MS});
        // the second slice: 500 ms of CPU over 500 ms; the last slice is 200 ms long and idle
        assertEquals(List.of(1.0, 1.0, 0.0), ResourceSampler.coresBySlice(ticks, 500 * MS));
    }

    @Test
    void aTickAcrossASliceBoundaryIsSplitByTime() {
        final List<long[]> ticks = List.of(new long[] {0, 0}, new long[] {1000 * MS, 1500 * MS});
        assertEquals(List.of(1.5, 1.5), ResourceSampler.coresBySlice(ticks, 500 * MS));
    }

    @Test
    void fewerThanTwoTicksHaveNoSlices() {
        assertEquals(List.of(), ResourceSampler.coresBySlice(List.of(new long[] {0, 0}), 500 * MS));
    }
}
