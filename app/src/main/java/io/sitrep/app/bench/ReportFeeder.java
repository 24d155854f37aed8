package io.sitrep.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread that sends every phase's reports of a run, one after the other, as a scraper would:
 * one thread for the whole run, its loop never left between phases.
 *
 * <p>Why a thread of its own: the JIT compiles a hot loop on its stack (OSR) into one method with
 * everything it calls inlined, the whole producer path. A loop in a method called once per phase
 * was compiled again in each run's measured phase (the warm-up rounds' loops, 1,000 reports each,
 * did not reach C2's threshold), and that compilation (1.4 CPU-seconds in a round 21 recording,
 * the send loop's two and the output monitor's) took the cores the stream threads were measured
 * on. This loop is compiled in the first warm-up pipeline and runs compiled from then on.
 */
final class ReportFeeder implements AutoCloseable {
    /** Reports sent but not acknowledged at most: the producer's buffer, not the heap, holds the rest. */
    static final int MAX_IN_FLIGHT = 20_000;

    /** What one batch's sends came to. */
    record Sent(long refused, long lastAckNanos) {
    }

    private record Batch(List<String> texts, PipelinePhase.Sink sink, CompletableFuture<Sent> done) {
    }

    private static final Batch STOP = new Batch(List.of(), null, null);

    private final LinkedBlockingQueue<Batch> batches = new LinkedBlockingQueue<>();
    private final Thread thread;

    ReportFeeder() {
        thread = new Thread(this::loop, "sitrep-bench-feeder");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Sends every text of {@code texts} through {@code sink}, in order, on the feeder thread; the
     * list's entries are cleared as they are sent (they are then garbage, as a scraper's would be).
     * Completes when every send is acknowledged.
     */
    CompletableFuture<Sent> send(final List<String> texts, final PipelinePhase.Sink sink) {
        if (!thread.isAlive()) {
            throw new IllegalStateException("the report feeder is closed");
        }
        final CompletableFuture<Sent> done = new CompletableFuture<>();
        batches.add(new Batch(texts, sink, done));
        return done;
    }

    private void loop() {
        while (true) {
            final Batch batch;
            try {
                batch = batches.take();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == STOP) {
                return;
            }
            // per batch: a batch that failed half way leaves nothing behind for the next
            final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
            final AtomicLong refused = new AtomicLong();
            final AtomicLong lastAck = new AtomicLong();
            final List<CompletableFuture<Boolean>> pending = new ArrayList<>();
            try {
                final List<String> texts = batch.texts();
                for (int i = 0; i < texts.size(); i++) {
                    inFlight.acquire();
                    final String json = texts.get(i);
                    texts.set(i, null);
                    pending.add(batch.sink().send(json).whenComplete((ok, e) -> {
                        if (e != null || !Boolean.TRUE.equals(ok)) {
                            refused.incrementAndGet();
                        }
                        lastAck.accumulateAndGet(System.nanoTime(), Math::max);
                        inFlight.release();
                    }));
                    if (pending.size() >= 10_000) {
                        pending.removeIf(CompletableFuture::isDone);
                    }
                }
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).handle((v, e) -> null).get();
                batch.done().complete(new Sent(refused.get(), lastAck.get()));
            } catch (InterruptedException e) {
                batch.done().completeExceptionally(e);
                return;
            } catch (Exception | Error e) {
                batch.done().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        batches.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
