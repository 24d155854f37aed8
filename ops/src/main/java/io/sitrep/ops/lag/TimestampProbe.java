package io.sitrep.ops.lag;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the timestamp of the first record at or after a committed offset, for many partitions at
 * once, with one group-less consumer. Package-private: {@link GroupLagReader} is the API.
 */
final class TimestampProbe {
    /** What was found after a committed offset: a record's age, or only transaction markers up to the log end. */
    record Oldest(long ageMillis, boolean onlyMarkers) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Duration timeout;
    private final Clock clock;

    TimestampProbe(final Consumer<byte[], byte[]> consumer, final Duration timeout, final Clock clock) {
        this.consumer = consumer;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * @param committed per partition, the offset to read from (-1: from the beginning)
     * @param ends      per partition, the last stable offset
     * @return per partition, what was found; partitions missing when the timeout passed first
     */
    Map<TopicPartition, Oldest> oldestUnconsumed(final Map<TopicPartition, Long> committed,
                                                  final Map<TopicPartition, Long> ends) {
        final Map<TopicPartition, Oldest> found = new HashMap<>();
        if (committed.isEmpty()) {
            consumer.assign(Set.of());
            return found;
        }
        consumer.assign(committed.keySet());
        committed.forEach((tp, offset) -> {
            if (offset < 0) {
                consumer.seekToBeginning(Set.of(tp));
            } else {
                consumer.seek(tp, offset);
            }
        });
        final Set<TopicPartition> open = new HashSet<>(committed.keySet());
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                final TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (open.remove(tp)) {
                    // a timestamp in the future (producer clock skew) counts as "just now", never negative
                    final long age = record.timestamp() < 0 ? PartitionLag.UNKNOWN
                            : Math.max(0, clock.millis() - record.timestamp());
                    found.put(tp, new Oldest(age, false));
                    consumer.pause(Set.of(tp));
                }
            }
            for (TopicPartition tp : Set.copyOf(open)) {
                // the position moves past transaction markers without returning records
                if (consumer.position(tp, Duration.ofSeconds(1)) >= ends.get(tp)) {
                    open.remove(tp);
                    found.put(tp, new Oldest(0, true));
                }
            }
        }
        consumer.resume(consumer.paused());
        return found;
    }
}
