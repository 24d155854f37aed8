package io.sitrep.streams.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class RegionPartitionerTest {
    private final RegionPartitioner<Object> partitioner = new RegionPartitioner<>();

    @Test
    void shouldPutEveryEventOfARegionWhereTheDefaultPartitionerPutsTheRegionCode() {
        // interactive queries look a region up by its code with the default partitioner
        for (String region : new String[] {"AF-KHO", "PK-KP", "AF-PKA", "PK-BA", "AF-NAN"}) {
            final int expected = BuiltInPartitioner.partitionForKey(new StringSerializer().serialize("t", region), 3);
            for (String rest : new String[] {"|2026-03-01|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN", "|2026-03-09|ARMED_CLASH|UNKNOWN>UNKNOWN"}) {
                assertThat(partitioner.partitions("t", region + rest, null, 3)).isEqualTo(Optional.of(Set.of(expected)));
            }
        }
    }

    @Test
    void shouldTakeTheRegionFromTheEventIdAndTheWholeKeyWithoutOne() {
        assertThat(RegionPartitioner.region("AF-KHO|2026-03-01|AIR_DRONE_STRIKE|PAKISTAN>AFGHANISTAN")).isEqualTo("AF-KHO");
        assertThat(RegionPartitioner.region("e1")).isEqualTo("e1");
    }
}
