package io.sitrep.streams.escalation;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions events by region: an event id starts with its region code
 * ({@code <region>|<date>|<type>|<actor>><target>}), so every version and every tombstone of an
 * event, and all events of one region, meet in one task. The partition is the one Kafka's default
 * partitioner gives the region code itself, so the region-keyed stores it feeds are found by the
 * default key lookup of interactive queries.
 */
public final class RegionPartitioner<V> implements StreamPartitioner<String, V> {

    /** The region part of an event id (the whole id when it has no region prefix). */
    public static String region(final String eventId) {
        final int bar = eventId.indexOf('|');
        return bar < 0 ? eventId : eventId.substring(0, bar);
    }

    @Override
    public Optional<Set<Integer>> partitions(final String topic, final String eventId, final V value,
                                             final int numPartitions) {
        final byte[] region = region(eventId).getBytes(StandardCharsets.UTF_8);
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(region)) % numPartitions));
    }
}
