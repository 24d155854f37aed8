package io.sitrep.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT/SIGTERM) as a latch: {@link #await()} returns when the JVM is asked to stop, and
 * the shutdown hook then waits until the main thread called {@link #closed()}, so everything is
 * closed cleanly before the JVM exits (Kafka's threads are not daemons).
 */
final class ShutdownSignal {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    ShutdownSignal() {
        hook = new Thread(() -> {
            requested.countDown();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sitrep-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void await() throws InterruptedException {
        requested.await();
    }

    boolean await(final long millis) throws InterruptedException {
        return requested.await(millis, TimeUnit.MILLISECONDS);
    }

    boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** The main thread has closed everything; when stopping on its own, also drops the hook. */
    void closed() {
        done.countDown();
        if (!isRequested()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is already exiting: the hook runs and finds done released
            }
        }
    }
}
