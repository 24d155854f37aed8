package io.sitrep.streams.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.InternalFixedKeyRecordFactory;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommitWhenIdleTest {

    private static final long IDLE = CommitWhenIdle.IDLE.toNanos();
    private static final long SPACING = CommitWhenIdle.SPACING.toNanos();

    @BeforeEach
    void freshThreadWithABacklog() {
        CommitWhenIdle.forgetThisThread();
        CommitWhenIdle.inputsBehind(CommitWhenIdle.BACKLOG_RECORDS);
    }

    /** What a task's context was asked: the punctuators scheduled, the commits requested, the records forwarded. */
    private static final class Context {
        final List<Object[]> scheduled = new ArrayList<>();
        final List<FixedKeyRecord<?, ?>> forwarded = new ArrayList<>();
        int commits;

        @SuppressWarnings("unchecked")
        FixedKeyProcessorContext<String, String> proxy() {
            return (FixedKeyProcessorContext<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {FixedKeyProcessorContext.class}, (p, method, args) -> {
                        switch (method.getName()) {
                            case "schedule" -> scheduled.add(args);
                            case "commit" -> commits++;
                            case "forward" -> forwarded.add((FixedKeyRecord<?, ?>) args[0]);
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
        }
    }

    private static CommitWhenIdle<String, String> processor(final Context context) {
        final CommitWhenIdle<String, String> p = new CommitWhenIdle<>();
        p.init(context.proxy());
        return p;
    }

    private static FixedKeyRecord<String, String> record(final String value) {
        return InternalFixedKeyRecordFactory.create(new Record<>("k", value, 1L, new RecordHeaders()));
    }

    @Test
    void shouldForwardEveryRecordUnchangedAndCheckOnTheWallClock() {
        final Context context = new Context();
        final CommitWhenIdle<String, String> p = processor(context);
        final FixedKeyRecord<String, String> r = record("a report");
        p.process(r);
        assertThat(context.forwarded).containsExactly(r);
        assertThat(context.scheduled).hasSize(1);
        assertThat(context.scheduled.get(0)[0]).isEqualTo(CommitWhenIdle.CHECK);
        assertThat(context.scheduled.get(0)[1]).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(Duration.ofMillis(CommitWhenIdle.pollMillis())).isEqualTo(CommitWhenIdle.CHECK);
    }

    @Test
    void shouldAskForOneCommitOnceItsThreadHasHadNoRecordForTheIdleTime() {
        final Context context = new Context();
        final CommitWhenIdle<String, String> p = processor(context);
        p.process(record("r1"));
        final long processedAt = System.nanoTime();
        assertThat(p.maybeAskForCommit(processedAt + IDLE / 2)).as("the thread is still busy").isFalse();
        assertThat(context.commits).isZero();
        assertThat(p.maybeAskForCommit(processedAt + IDLE + 1)).isTrue();
        assertThat(context.commits).isEqualTo(1);
        // nothing processed since: no second request
        assertThat(p.maybeAskForCommit(processedAt + 10 * IDLE)).isFalse();
        assertThat(context.commits).isEqualTo(1);
    }

    @Test
    void shouldNotAskWhenItsThreadSawNoBacklog() {
        // a paced load: the thread runs dry after every small batch, and a commit each time costs more than it saves
        CommitWhenIdle.forgetThisThread();
        CommitWhenIdle.inputsBehind(CommitWhenIdle.BACKLOG_RECORDS - 1);
        final Context context = new Context();
        final CommitWhenIdle<String, String> p = processor(context);
        p.process(record("r1"));
        assertThat(p.maybeAskForCommit(System.nanoTime() + IDLE)).isFalse();
        assertThat(context.commits).isZero();
        // then a backlog
        CommitWhenIdle.inputsBehind(CommitWhenIdle.BACKLOG_RECORDS);
        assertThat(p.maybeAskForCommit(System.nanoTime() + IDLE)).isTrue();
    }

    @Test
    void shouldAskAfterABacklogThatAnotherThreadOfTheProcessSaw() throws Exception {
        // the thread after the backlog's gets its output a commit's worth at a time, never far behind
        CommitWhenIdle.forgetThisThread();
        final Context context = new Context();
        final CommitWhenIdle<String, String> p = processor(context);
        p.process(record("r1"));
        assertThat(p.maybeAskForCommit(System.nanoTime() + IDLE)).isFalse();
        final Thread upstream = new Thread(() -> CommitWhenIdle.inputsBehind(10 * CommitWhenIdle.BACKLOG_RECORDS));
        upstream.start();
        upstream.join();
        assertThat(p.maybeAskForCommit(System.nanoTime() + IDLE)).isTrue();
    }

    @Test
    void shouldStopAskingWhenTheBacklogIsLongPast() {
        final Context context = new Context();
        final CommitWhenIdle<String, String> p = processor(context);
        p.process(record("r1"));
        final long after = System.nanoTime() + CommitWhenIdle.AFTER_BACKLOG.toNanos() + 1_000_000;
        assertThat(p.maybeAskForCommit(after)).isFalse();
        assertThat(p.maybeAskForCommit(System.nanoTime() + IDLE)).as("within the time after the backlog").isTrue();
    }

    @Test
    void shouldNotAskWhenItsTaskProcessedNothing() {
        final Context context = new Context();
        final CommitWhenIdle<String, String> p = processor(context);
        assertThat(p.maybeAskForCommit(System.nanoTime() + 10 * IDLE)).isFalse();
        assertThat(context.commits).isZero();
    }

    @Test
    void shouldWaitWhileAnotherTaskOfTheSameThreadKeepsProcessing() {
        // a task held back (its thread works through a later stage's backlog) must not commit the thread early
        final Context heldContext = new Context();
        final Context busyContext = new Context();
        final CommitWhenIdle<String, String> held = processor(heldContext);
        final CommitWhenIdle<String, String> busy = processor(busyContext);
        held.process(record("r1"));
        busy.process(record("r2"));
        final long busyAt = System.nanoTime();
        assertThat(held.maybeAskForCommit(busyAt + IDLE / 2)).isFalse();
        assertThat(heldContext.commits).isZero();
        // once the whole thread is idle, one task asks (one commit covers every task of the thread);
        // the other's request waits for the spacing
        assertThat(held.maybeAskForCommit(busyAt + IDLE + 1)).isTrue();
        assertThat(busy.maybeAskForCommit(busyAt + IDLE + 2)).isFalse();
        assertThat(busy.maybeAskForCommit(busyAt + IDLE + 1 + SPACING)).isTrue();
        assertThat(heldContext.commits + busyContext.commits).isEqualTo(2);
    }

    @Test
    void shouldAskNoSoonerThanTheSpacingAfterItsThreadsLastRequest() {
        // under a paced load the thread runs dry after every batch: a commit each time cost more than it saved
        final Context context = new Context();
        final CommitWhenIdle<String, String> p = processor(context);
        p.process(record("r1"));
        final long first = System.nanoTime() + IDLE;
        assertThat(p.maybeAskForCommit(first)).isTrue();
        p.process(record("r2"));
        final long second = Math.max(System.nanoTime(), first) + IDLE;
        if (second - first < SPACING) {
            assertThat(p.maybeAskForCommit(second)).as("idle again, but asked %d ms ago", (second - first) / 1_000_000).isFalse();
            assertThat(p.maybeAskForCommit(first + SPACING)).isTrue();
        } else {
            // this machine stalled for the whole spacing between the two
            assertThat(p.maybeAskForCommit(second)).isTrue();
        }
        assertThat(context.commits).isEqualTo(2);
    }

    @Test
    void shouldKeepTheIdleTimeOfEachThreadApart() throws Exception {
        final Context context = new Context();
        final CommitWhenIdle<String, String> p = processor(context);
        p.process(record("r1"));
        final long processedAt = System.nanoTime();
        while (System.nanoTime() < processedAt + 2 * IDLE) {
            Thread.sleep(1);
        }
        // a record processed on another thread just now does not make this thread busy
        final long[] otherAt = new long[1];
        final Thread other = new Thread(() -> {
            processor(new Context()).process(record("elsewhere"));
            otherAt[0] = System.nanoTime();
        });
        other.start();
        other.join();
        assertThat(p.maybeAskForCommit(otherAt[0] + 1)).isTrue();
    }
}
