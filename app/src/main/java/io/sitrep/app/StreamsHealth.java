package io.sitrep.app;

import io.sitrep.ops.health.CheckResult;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * What the probes of a streams instance say, from its Kafka Streams state and restore progress.
 *
 * <ul>
 *   <li><b>Readiness</b> passes in RUNNING, and in REBALANCING once the instance has been RUNNING:
 *       a rebalance (another instance joins or leaves) moves partitions, but this instance still
 *       serves what it has, and failing readiness on every pod at each rebalance would empty the
 *       Service. Before the first RUNNING it fails, and says how far the restore is.</li>
 *   <li><b>Liveness</b> fails only in PENDING_ERROR and ERROR: every stream thread is gone and the
 *       instance cannot recover by itself. A long restore never fails liveness.</li>
 * </ul>
 *
 * <p>Registered as the global restore listener (called from the restore threads) and told every
 * state change; thread-safe.
 */
final class StreamsHealth implements StateRestoreListener {
    static final String CHECK = "streams";

    private final Map<String, Restore> restoring = new ConcurrentHashMap<>();
    private final AtomicLong restoredDone = new AtomicLong();
    private final AtomicLong totalDone = new AtomicLong();
    private volatile State state = State.CREATED;
    private volatile boolean wasRunning;

    /** Records in flight of one store partition's restore. */
    private static final class Restore {
        final long total;
        final AtomicLong restored = new AtomicLong();

        Restore(final long total) {
            this.total = total;
        }
    }

    /** Restore progress over every store partition this instance restored since it started. */
    record RestoreProgress(long restored, long total, int inProgress) {
        static final RestoreProgress NONE = new RestoreProgress(0, 0, 0);

        String describe() {
            final long percent = total == 0 ? 100 : Math.min(100, restored * 100 / total);
            return String.format(Locale.ROOT, "%d of %d records (%d%%), %d store partition(s) in progress",
                    restored, total, percent, inProgress);
        }
    }

    void stateChanged(final State newState) {
        state = newState;
        if (newState == State.RUNNING) {
            wasRunning = true;
        }
    }

    State state() {
        return state;
    }

    CheckResult readiness() {
        return readiness(state, wasRunning, progress());
    }

    CheckResult liveness() {
        return liveness(state);
    }

    RestoreProgress progress() {
        long restored = restoredDone.get();
        long total = totalDone.get();
        for (Restore r : restoring.values()) {
            restored += r.restored.get();
            total += r.total;
        }
        return new RestoreProgress(restored, total, restoring.size());
    }

    /** Records still to restore in the restores under way. */
    long remainingRestoreRecords() {
        final RestoreProgress p = progress();
        return Math.max(0, p.total() - p.restored());
    }

    static CheckResult readiness(final State state, final boolean wasRunning, final RestoreProgress progress) {
        return switch (state) {
            case RUNNING -> CheckResult.ok(CHECK, "state RUNNING");
            case REBALANCING -> wasRunning
                    ? CheckResult.ok(CHECK, "state REBALANCING (was RUNNING: serves what it has while partitions move)")
                    : CheckResult.failed(CHECK, progress.total() == 0
                            ? "state REBALANCING: joining the group, no state to restore yet"
                            : "state REBALANCING: restoring state, " + progress.describe());
            case CREATED -> CheckResult.failed(CHECK, "state CREATED: starting");
            case PENDING_SHUTDOWN, NOT_RUNNING -> CheckResult.failed(CHECK, "state " + state + ": shutting down");
            case PENDING_ERROR, ERROR -> CheckResult.failed(CHECK, "state " + state + ": stream threads failed, the process exits");
        };
    }

    static CheckResult liveness(final State state) {
        return state == State.ERROR || state == State.PENDING_ERROR
                ? CheckResult.failed(CHECK, "state " + state + ": stream threads failed and are not replaced")
                : CheckResult.ok(CHECK, "state " + state);
    }

    private static String key(final TopicPartition partition, final String store) {
        return store + "/" + partition;
    }

    @Override
    public void onRestoreStart(final TopicPartition partition, final String storeName, final long startingOffset,
                               final long endingOffset) {
        restoring.put(key(partition, storeName), new Restore(Math.max(0, endingOffset - startingOffset)));
    }

    @Override
    public void onBatchRestored(final TopicPartition partition, final String storeName, final long batchEndOffset,
                                final long numRestored) {
        final Restore r = restoring.get(key(partition, storeName));
        if (r != null) {
            r.restored.addAndGet(numRestored);
        }
    }

    @Override
    public void onRestoreEnd(final TopicPartition partition, final String storeName, final long totalRestored) {
        final Restore r = restoring.remove(key(partition, storeName));
        if (r != null) {
            // a restore ends at the changelog's end, possibly short of the estimate (transaction markers)
            restoredDone.addAndGet(r.total);
            totalDone.addAndGet(r.total);
        }
    }

    @Override
    public void onRestoreSuspended(final TopicPartition partition, final String storeName, final long totalRestored) {
        // the task moved to another instance mid-restore: its records no longer count here
        restoring.remove(key(partition, storeName));
    }
}
