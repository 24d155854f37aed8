package io.sitrep.streams.flow;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Passes every record on unchanged, and asks Kafka Streams to commit its task as soon as the stream
 * thread that runs it has run out of input, instead of at the next commit interval. Placed right
 * after the source of every stage (one per sub-topology).
 *
 * <p>Why: under exactly-once a record written to a hop is read downstream only once the upstream
 * transaction commits, and a report crosses five hops. With commits every
 * {@code commit.interval.ms} (100 ms) only, the last reports of a burst waited for up to five
 * intervals after the stages had finished everything else: the cores stood idle for 0.4-0.7 s at
 * the end of every 5-second bench phase (docs/PERFORMANCE.md, round 23), and a paced report waited
 * half an interval at every hop. Under a backlog the thread always has records, nothing is asked
 * for, and the commits stay at the interval (a commit costs the same whatever it carries).
 *
 * <p>Idle is a property of the thread, not of the task: under exactly-once v2 one commit covers
 * every task of a thread, and a task whose input is held back by {@link DownstreamFirstConsumer}
 * while its thread works through a later stage's backlog is not what should trigger one. So the
 * time of the thread's latest record is kept per thread; each task remembers whether it processed
 * anything since it last asked, and asks ({@code context.commit()}) when it has, its thread
 * has been without input for {@link #IDLE}, and the thread's last request is {@link #SPACING} old. Checked by a wall-clock punctuator every {@link #CHECK};
 * the thread comes back from an empty poll within {@code poll.ms} to run it ({@code StreamsSettings}
 * sets it to the same period).
 */
public final class CommitWhenIdle<K, V> implements FixedKeyProcessor<K, V, V> {
    /** How often a task checks whether to ask for a commit. */
    public static final Duration CHECK = Duration.ofMillis(10);
    /** How long its thread must have been without a record. */
    public static final Duration IDLE = Duration.ofMillis(5);
    /**
     * How long after its thread's last request a task may ask again. A commit costs the same whatever
     * it carries, and under a paced load a thread runs dry after every batch its upstream commits:
     * asking each time, the attribution thread committed 3.5 times as often as at the interval alone,
     * and at 1,000 reports/s the stream threads took 12 % more CPU (round 23).
     */
    public static final Duration SPACING = Duration.ofMillis(50);
    private static final long IDLE_NANOS = IDLE.toNanos();
    private static final long SPACING_NANOS = SPACING.toNanos();

    /** Per stream thread: {@link System#nanoTime} of the latest record any of its tasks processed, and of its latest request. */
    private static final ThreadLocal<long[]> THREAD = ThreadLocal.withInitial(() -> {
        final long now = System.nanoTime();
        return new long[] {now, now - SPACING_NANOS};
    });
    private static final int LATEST_RECORD = 0;
    private static final int LATEST_REQUEST = 1;

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
     * Asks for a commit when this task has uncommitted input, its thread has had none for
     * {@link #IDLE} and asked no sooner than {@link #SPACING} ago; true when it asked. One request
     * commits every task of the thread that has something to commit.
     */
    boolean maybeAskForCommit(final long nowNanos) {
        final long[] thread = THREAD.get();
        if (processedSinceAsked && nowNanos - thread[LATEST_RECORD] >= IDLE_NANOS
                && nowNanos - thread[LATEST_REQUEST] >= SPACING_NANOS) {
            context.commit();
            processedSinceAsked = false;
            thread[LATEST_REQUEST] = nowNanos;
            return true;
        }
        return false;
    }

    /** Forgets what this thread did (tests run their tasks on one thread, one after the other). */
    static void forgetThisThread() {
        THREAD.remove();
    }

    /** Milliseconds a stream thread may block in an empty poll so that {@link #CHECK} runs on time: {@code poll.ms}. */
    public static long pollMillis() {
        return TimeUnit.NANOSECONDS.toMillis(CHECK.toNanos());
    }
}
