package io.sitrep.streams.flow;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Passes every record on unchanged, and asks Kafka Streams to commit its task as soon as the stream
 * thread that runs it has worked through a backlog and run out of input, instead of at the next
 * commit interval. Placed right after the source of every stage (one per sub-topology).
 *
 * <p>Why: under exactly-once a record written to a hop is read downstream only once the upstream
 * transaction commits, and a report crosses five hops. With commits every
 * {@code commit.interval.ms} (100 ms) only, the last reports of a backlog waited for up to five
 * intervals after the stages had finished everything else: the cores stood idle for 0.4-0.7 s at
 * the end of every 5-second bench phase (docs/PERFORMANCE.md, round 23). Under a paced load, on the
 * other hand, a thread runs dry after every batch its upstream commits: asking each time, the
 * stream threads committed twice as often as at the interval alone, a commit costs the same
 * whatever it carries, and at 1,000 reports/s the machine saturated. So a thread asks only while
 * the process works through a backlog: an input of any stream thread of this process {@link #BACKLOG_RECORDS} or more
 * behind at a poll ({@link DownstreamFirstConsumer} reports it, {@link #inputsBehind}) within the last
 * {@link #AFTER_BACKLOG}. Of the process, not of the thread: the threads after the one with the
 * backlog get its output a commit's worth at a time, never far behind, and it is at their hops that
 * the last reports wait (a first version asked only on the thread that saw the backlog, and the
 * time from the last unique report to the end of a bench phase stayed as before).
 *
 * <p>Idle is a property of the thread, not of the task: under exactly-once v2 one commit covers
 * every task of a thread, and a task whose input is held back by {@link DownstreamFirstConsumer}
 * while its thread works through a later stage's backlog is not what should trigger one. So the
 * time of the thread's latest record is kept per thread; each task remembers whether it processed
 * anything since it last asked, and asks ({@code context.commit()}) when it has, its thread has
 * been without input for {@link #IDLE} after a backlog of the process, and the thread's last request is
 * {@link #SPACING} old. Checked by a wall-clock punctuator every {@link #CHECK}; the thread comes
 * back from an empty poll within {@code poll.ms} to run it ({@code StreamsSettings} sets it to the
 * same period).
 */
public final class CommitWhenIdle<K, V> implements FixedKeyProcessor<K, V, V> {
    /** How often a task checks whether to ask for a commit. */
    public static final Duration CHECK = Duration.ofMillis(10);
    /** How long its thread must have been without a record. */
    public static final Duration IDLE = Duration.ofMillis(5);
    /** How long after its thread's last request a task may ask again. */
    public static final Duration SPACING = Duration.ofMillis(20);
    /**
     * How far behind an input must be for its thread to be working through a backlog: more than a
     * paced load of 1,000 reports/s leaves between two fetches of a stage (its upstream commits every
     * 100 ms, about 70 unique reports at that rate).
     */
    public static final long BACKLOG_RECORDS = 150;
    /**
     * How long after a thread last saw a backlog it still asks: the last reports of a backlog cross
     * the thread's later stages one commit after another, each without a backlog of its own.
     */
    public static final Duration AFTER_BACKLOG = Duration.ofSeconds(1);
    private static final long IDLE_NANOS = IDLE.toNanos();
    private static final long SPACING_NANOS = SPACING.toNanos();
    private static final long AFTER_BACKLOG_NANOS = AFTER_BACKLOG.toNanos();

    /** Per stream thread: {@link System#nanoTime} of the latest record any of its tasks processed, and of its latest request. */
    private static final ThreadLocal<long[]> THREAD = ThreadLocal.withInitial(() -> {
        final long now = System.nanoTime();
        return new long[] {now, now - SPACING_NANOS};
    });
    private static final int LATEST_RECORD = 0;
    private static final int LATEST_REQUEST = 1;
    /** {@link System#nanoTime} of the latest poll of any stream thread of the process that found an input {@link #BACKLOG_RECORDS} behind. */
    private static volatile long latestBacklog = System.nanoTime() - AFTER_BACKLOG_NANOS - 1;

    private FixedKeyProcessorContext<K, V> context;
    /** Whether this task processed a record since it last asked for a commit. */
    private boolean processedSinceAsked;

    @Override
    public void init(final FixedKeyProcessorContext<K, V> context) {
        this.context = context;
        context.schedule(CHECK, PunctuationType.WALL_CLOCK_TIME, now -> maybeAskForCommit(System.nanoTime()));
    }

    @Override
    public void process(final FixedKeyRecord<K, V> record) {
        // read on the thread that processes the record: a task may be initialised elsewhere
        THREAD.get()[LATEST_RECORD] = System.nanoTime();
        processedSinceAsked = true;
        context.forward(record);
    }

    /**
     * The stream thread's consumer, before a poll: its inputs are {@code mostBehind} records behind
     * at most (committed records it has not fetched).
     */
    static void inputsBehind(final long mostBehind) {
        if (mostBehind >= BACKLOG_RECORDS) {
            latestBacklog = System.nanoTime();
        }
    }

    /**
     * Asks for a commit when this task has uncommitted input, the process saw a backlog within
     * {@link #AFTER_BACKLOG}, has had no input for {@link #IDLE} and asked no sooner than
     * {@link #SPACING} ago; true when it asked. One request commits every task of the thread that
     * has something to commit.
     */
    boolean maybeAskForCommit(final long nowNanos) {
        final long[] thread = THREAD.get();
        if (processedSinceAsked && nowNanos - thread[LATEST_RECORD] >= IDLE_NANOS
                && nowNanos - latestBacklog <= AFTER_BACKLOG_NANOS
                && nowNanos - thread[LATEST_REQUEST] >= SPACING_NANOS) {
            context.commit();
            processedSinceAsked = false;
            thread[LATEST_REQUEST] = nowNanos;
            return true;
        }
        return false;
    }

    /** Forgets what this thread did, and any backlog (tests run their tasks on one thread, one after the other). */
    static void forgetThisThread() {
        THREAD.remove();
        latestBacklog = System.nanoTime() - AFTER_BACKLOG_NANOS - 1;
    }

    /** Milliseconds a stream thread may block in an empty poll so that {@link #CHECK} runs on time: {@code poll.ms}. */
    public static long pollMillis() {
        return TimeUnit.NANOSECONDS.toMillis(CHECK.toNanos());
    }
}
