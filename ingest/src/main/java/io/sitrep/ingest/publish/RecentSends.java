package io.sitrep.ingest.publish;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends each report id at most once per ingest process while it is in flight or was recently
 * acknowledged: a resend joins the pending send, or gets the stored record's coordinates back,
 * instead of writing a second copy.
 *
 * <p>Why: a 503 does not cancel a send. The producer keeps the record and delivers it when the
 * broker is back (up to {@code delivery.timeout.ms}). The scraper, told to retry, resends; without
 * this cache the topic would then hold the report twice. With it, one ingest instance writes a
 * report id to {@code sitrep.reports.raw} once, however often it is resent within the retention.
 *
 * <p>What it does not guarantee: across ingest instances or restarts, or after the retention (or
 * the size bound) evicted an entry, a resend is written again. The dedup stage downstream drops
 * those by report id. A failed send is forgotten at once, so the next resend really sends.
 *
 * <p>Thread-safe.
 */
public final class RecentSends {

    /** Default time an acknowledged report id is remembered. */
    public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(10);
    /** Default bound on remembered ids (about 100 bytes each). */
    public static final int DEFAULT_MAX_ENTRIES = 200_000;

    private final Duration retention;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Queue<String> insertionOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger joined = new AtomicInteger();

    /** Defaults: 10 minutes, 200 000 ids, {@link System#nanoTime()}. */
    public RecentSends() {
        this(DEFAULT_RETENTION, DEFAULT_MAX_ENTRIES, System::nanoTime);
    }

    /**
     * @param retention  how long an acknowledged id is remembered
     * @param maxEntries bound on remembered ids; the oldest go first
     * @param nanoTime   monotonic clock
     */
    public RecentSends(final Duration retention, final int maxEntries, final LongSupplier nanoTime) {
        this.retention = Objects.requireNonNull(retention, "retention");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * The pending or recent send of {@code reportId}, or a new one made by {@code send}.
     *
     * @param reportId the record key
     * @param send     starts the real send; called at most once per call, and only when needed
     */
    public CompletableFuture<RecordMetadata> sendOnce(final String reportId,
            final Supplier<CompletableFuture<RecordMetadata>> send) {
        final long now = nanoTime.getAsLong();
        final Entry[] created = new Entry[1];
        final Entry entry = entries.compute(reportId, (id, existing) -> {
            if (existing != null && existing.reusable(now, retention)) {
                return existing;
            }
            created[0] = new Entry(new CompletableFuture<>());
            return created[0];
        });
        if (created[0] == null) {
            joined.incrementAndGet();
            return entry.future;
        }
        insertionOrder.add(reportId);
        // start the send outside compute(): send() may block up to max.block.ms
        send.get().whenComplete((metadata, error) -> {
            if (error != null) {
                entries.remove(reportId, created[0]);
                created[0].future.completeExceptionally(error);
            } else {
                created[0].completedAtNanos = nanoTime.getAsLong();
                created[0].future.complete(metadata);
            }
        });
        evict(now);
        return created[0].future;
    }

    /** How many sends were joined or answered from memory instead of being sent again. */
    public int joined() {
        return joined.get();
    }

    /** Remembered ids now. */
    public int size() {
        return entries.size();
    }

    private void evict(final long now) {
        while (entries.size() > maxEntries || expiredHead(now)) {
            final String oldest = insertionOrder.poll();
            if (oldest == null) {
                return;
            }
            entries.computeIfPresent(oldest, (id, e) -> e.future.isDone() || entries.size() > maxEntries ? null : e);
        }
    }

    private boolean expiredHead(final long now) {
        final String head = insertionOrder.peek();
        if (head == null) {
            return false;
        }
        final Entry e = entries.get(head);
        return e == null || (e.future.isDone() && !e.reusable(now, retention));
    }

    private static final class Entry {
        private final CompletableFuture<RecordMetadata> future;
        private volatile long completedAtNanos = Long.MIN_VALUE;

        Entry(final CompletableFuture<RecordMetadata> future) {
            this.future = future;
        }

        boolean reusable(final long now, final Duration retention) {
            if (!future.isDone()) {
                return true;
            }
            if (future.isCompletedExceptionally()) {
                return false;
            }
            return completedAtNanos != Long.MIN_VALUE && now - completedAtNanos <= retention.toNanos();
        }
    }
}
