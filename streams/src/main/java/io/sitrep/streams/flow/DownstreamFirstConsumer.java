package io.sitrep.streams.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A stream thread's main consumer that fetches the later inputs of the pipeline first
 * ({@link FlowOrder}): before each poll, the thread's earlier inputs are paused while a later one
 * has committed records the thread has not fetched yet, and resumed once it has none.
 *
 * <p>Kafka Streams pauses and resumes partitions itself (a full buffer, a task restoring, the
 * whole client paused); those calls are kept apart from the holds, so a partition Streams paused
 * stays paused whatever the flow order says, {@link #paused()} shows Streams its own pauses only,
 * and a partition Streams paused neither holds others back nor is released by this class.
 * Everything else is the wrapped consumer's.
 */
final class DownstreamFirstConsumer implements Consumer<byte[], byte[]> {
    private final Consumer<byte[], byte[]> delegate;
    private final FlowOrder order;
    private final Set<TopicPartition> pausedByStreams = new HashSet<>();
    private Set<TopicPartition> held = Set.of();

    DownstreamFirstConsumer(final Consumer<byte[], byte[]> delegate, final FlowOrder order) {
        this.delegate = delegate;
        this.order = order;
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(final Duration timeout) {
        holdEarlierInputs();
        return delegate.poll(timeout);
    }

    /** Partitions held back now (for tests and figures). */
    Set<TopicPartition> held() {
        return Set.copyOf(held);
    }

    private void holdEarlierInputs() {
        final Set<TopicPartition> assigned = delegate.assignment();
        pausedByStreams.retainAll(assigned);
        final List<TopicPartition> fetchable = new ArrayList<>(assigned.size());
        for (final TopicPartition tp : assigned) {
            if (!pausedByStreams.contains(tp)) {
                fetchable.add(tp);
            }
        }
        final Map<TopicPartition, Long> lags = new HashMap<>();
        long mostBehind = 0;
        for (final TopicPartition tp : fetchable) {
            final OptionalLong lag = delegate.currentLag(tp);
            final long behind = lag.isPresent() ? lag.getAsLong() : 0;
            lags.put(tp, behind);
            mostBehind = Math.max(mostBehind, behind);
        }
        CommitWhenIdle.inputsBehind(mostBehind);
        final Set<TopicPartition> next = order.toHold(fetchable, TopicPartition::topic, lags::get);
        final List<TopicPartition> release = new ArrayList<>();
        for (final TopicPartition tp : held) {
            if (!next.contains(tp) && assigned.contains(tp) && !pausedByStreams.contains(tp)) {
                release.add(tp);
            }
        }
        if (!release.isEmpty()) {
            delegate.resume(release);
        }
        // all of them, not only the new holds: a partition revoked and assigned again in one
        // rebalance comes back unpaused, and pausing a paused partition changes nothing
        if (!next.isEmpty()) {
            delegate.pause(next);
        }
        held = next;
    }

    @Override
    public void pause(final Collection<TopicPartition> partitions) {
        pausedByStreams.addAll(partitions);
        delegate.pause(partitions);
    }

    @Override
    public void resume(final Collection<TopicPartition> partitions) {
        pausedByStreams.removeAll(partitions);
        final List<TopicPartition> resume = new ArrayList<>(partitions.size());
        for (final TopicPartition tp : partitions) {
            if (!held.contains(tp)) {
                resume.add(tp);
            }
        }
        delegate.resume(resume);
    }

    @Override
    public Set<TopicPartition> paused() {
        final Set<TopicPartition> paused = new HashSet<>(delegate.paused());
        for (final TopicPartition tp : held) {
            if (!pausedByStreams.contains(tp)) {
                paused.remove(tp);
            }
        }
        return paused;
    }

    // Everything below is the wrapped consumer's.

    @Override
    public Set<TopicPartition> assignment() {
        return delegate.assignment();
    }

    @Override
    public Set<String> subscription() {
        return delegate.subscription();
    }

    @Override
    public void subscribe(final Collection<String> topics) {
        delegate.subscribe(topics);
    }

    @Override
    public void subscribe(final Collection<String> topics, final ConsumerRebalanceListener callback) {
        delegate.subscribe(topics, callback);
    }

    @Override
    public void assign(final Collection<TopicPartition> partitions) {
        delegate.assign(partitions);
    }

    @Override
    public void subscribe(final Pattern pattern, final ConsumerRebalanceListener callback) {
        delegate.subscribe(pattern, callback);
    }

    @Override
    public void subscribe(final Pattern pattern) {
        delegate.subscribe(pattern);
    }

    @Override
    public void subscribe(final SubscriptionPattern pattern, final ConsumerRebalanceListener callback) {
        delegate.subscribe(pattern, callback);
    }

    @Override
    public void subscribe(final SubscriptionPattern pattern) {
        delegate.subscribe(pattern);
    }

    @Override
    public void unsubscribe() {
        delegate.unsubscribe();
    }

    @Override
    public void commitSync() {
        delegate.commitSync();
    }

    @Override
    public void commitSync(final Duration timeout) {
        delegate.commitSync(timeout);
    }

    @Override
    public void commitSync(final Map<TopicPartition, OffsetAndMetadata> offsets) {
        delegate.commitSync(offsets);
    }

    @Override
    public void commitSync(final Map<TopicPartition, OffsetAndMetadata> offsets, final Duration timeout) {
        delegate.commitSync(offsets, timeout);
    }

    @Override
    public void commitAsync() {
        delegate.commitAsync();
    }

    @Override
    public void commitAsync(final OffsetCommitCallback callback) {
        delegate.commitAsync(callback);
    }

    @Override
    public void commitAsync(final Map<TopicPartition, OffsetAndMetadata> offsets, final OffsetCommitCallback callback) {
        delegate.commitAsync(offsets, callback);
    }

    @Override
    public void registerMetricForSubscription(final KafkaMetric metric) {
        delegate.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(final KafkaMetric metric) {
        delegate.unregisterMetricFromSubscription(metric);
    }

    @Override
    public void seek(final TopicPartition partition, final long offset) {
        delegate.seek(partition, offset);
    }

    @Override
    public void seek(final TopicPartition partition, final OffsetAndMetadata offsetAndMetadata) {
        delegate.seek(partition, offsetAndMetadata);
    }

    @Override
    public void seekToBeginning(final Collection<TopicPartition> partitions) {
        delegate.seekToBeginning(partitions);
    }

    @Override
    public void seekToEnd(final Collection<TopicPartition> partitions) {
        delegate.seekToEnd(partitions);
    }

    @Override
    public long position(final TopicPartition partition) {
        return delegate.position(partition);
    }

    @Override
    public long position(final TopicPartition partition, final Duration timeout) {
        return delegate.position(partition, timeout);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(final Set<TopicPartition> partitions) {
        return delegate.committed(partitions);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(final Set<TopicPartition> partitions, final Duration timeout) {
        return delegate.committed(partitions, timeout);
    }

    @Override
    public Uuid clientInstanceId(final Duration timeout) {
        return delegate.clientInstanceId(timeout);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return delegate.metrics();
    }

    @Override
    public List<PartitionInfo> partitionsFor(final String topic) {
        return delegate.partitionsFor(topic);
    }

    @Override
    public List<PartitionInfo> partitionsFor(final String topic, final Duration timeout) {
        return delegate.partitionsFor(topic, timeout);
    }

    @Override
    public Map<String, List<PartitionInfo>> listTopics() {
        return delegate.listTopics();
    }

    @Override
    public Map<String, List<PartitionInfo>> listTopics(final Duration timeout) {
        return delegate.listTopics(timeout);
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(final Map<TopicPartition, Long> timestampsToSearch) {
        return delegate.offsetsForTimes(timestampsToSearch);
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(final Map<TopicPartition, Long> timestampsToSearch,
                                                                   final Duration timeout) {
        return delegate.offsetsForTimes(timestampsToSearch, timeout);
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(final Collection<TopicPartition> partitions) {
        return delegate.beginningOffsets(partitions);
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(final Collection<TopicPartition> partitions, final Duration timeout) {
        return delegate.beginningOffsets(partitions, timeout);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(final Collection<TopicPartition> partitions) {
        return delegate.endOffsets(partitions);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(final Collection<TopicPartition> partitions, final Duration timeout) {
        return delegate.endOffsets(partitions, timeout);
    }

    @Override
    public OptionalLong currentLag(final TopicPartition partition) {
        return delegate.currentLag(partition);
    }

    @Override
    public ConsumerGroupMetadata groupMetadata() {
        return delegate.groupMetadata();
    }

    @Override
    public void enforceRebalance() {
        delegate.enforceRebalance();
    }

    @Override
    public void enforceRebalance(final String reason) {
        delegate.enforceRebalance(reason);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void close(final Duration timeout) {
        delegate.close(timeout);
    }

    @Override
    public void close(final CloseOptions option) {
        delegate.close(option);
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }
}
