package io.sitrep.app.bench;

import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the pipeline's public output topics from outside, as a downstream service would
 * ({@code read_committed}): when the last unique report and the last event arrived, and every
 * region's {@code totalEvents} on {@value Topics#ESCALATION_LATEST}. A phase is complete when each
 * region's total reached its target. Receipt times are wall-clock {@link System#nanoTime()}.
 */
final class OutputMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputMonitor.class);

    /** Called on the monitor thread for every escalation update. */
    interface UpdateListener {
        void onUpdate(String region, long totalEvents, long receivedNanos);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<RegionEscalation> escalation;
    private final Poller poller;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, Long> totals = new ConcurrentHashMap<>();
    private final AtomicLong uniqueRecords = new AtomicLong();
    private final AtomicLong eventRecords = new AtomicLong();
    private final AtomicLong escalationRecords = new AtomicLong();
    private volatile long lastUniqueNanos;
    private volatile long lastEventNanos;
    private volatile long lastEscalationNanos;
    private volatile long lastPollNanos;
    private volatile boolean running = true;
    private volatile UpdateListener listener = (r, t, n) -> { };
    private volatile Map<String, Long> target = Map.of();
    private volatile CountDownLatch reached = new CountDownLatch(1);
    private volatile long reachedNanos;

    /** A monitor polled by {@code poller}'s thread, until closed; one monitor at a time per poller. */
    OutputMonitor(final String bootstrapServers, final SchemaRegistryClient registry, final Poller poller) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "sitrep-bench-monitor-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // what a downstream service sees: only committed output of the exactly-once pipeline
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        consumer = new KafkaConsumer<>(props, new org.apache.kafka.common.serialization.StringDeserializer(),
                new ByteArrayDeserializer());
        escalation = new AvroDeserializer<>(registry, RegionEscalation.class);
        consumer.subscribe(List.of(Topics.REPORTS_UNIQUE, Topics.EVENTS_ATTRIBUTED, Topics.ESCALATION_LATEST));
        this.poller = poller;
        try {
            poller.attach(this);
        } catch (RuntimeException e) {
            // no thread will poll or close this consumer
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * The thread that polls the monitors of a run, one after the other, in one loop that it never
     * leaves: a thread per monitor ran a new loop in every pipeline, and the JIT compiled that loop
     * on its stack (OSR) again in each measured phase (0.7 CPU-seconds in a round 21 recording),
     * beside the stream threads being measured. This loop is compiled once.
     */
    static final class Poller implements AutoCloseable {
        private final Thread thread;
        private final Object lock = new Object();
        private OutputMonitor active;
        private boolean stopped;

        Poller() {
            thread = new Thread(this::loop, "sitrep-bench-monitor");
            thread.setDaemon(true);
            thread.start();
        }

        private void attach(final OutputMonitor monitor) {
            synchronized (lock) {
                if (stopped) {
                    throw new IllegalStateException("the monitor poller is closed");
                }
                if (active != null) {
                    throw new IllegalStateException("another output monitor is open on this poller");
                }
                active = monitor;
                lock.notifyAll();
            }
        }

        /** The monitor to poll, waiting for one; null when the poller stops. */
        private OutputMonitor next() throws InterruptedException {
            synchronized (lock) {
                while (active == null && !stopped) {
                    lock.wait();
                }
                return stopped ? null : active;
            }
        }

        private void loop() {
            try {
                while (true) {
                    final OutputMonitor m = next();
                    if (m == null) {
                        return;
                    }
                    if (m.running) {
                        try {
                            for (ConsumerRecord<String, byte[]> r : m.consumer.poll(Duration.ofMillis(50))) {
                                final long now = System.nanoTime();
                                switch (r.topic()) {
                                    case Topics.REPORTS_UNIQUE -> {
                                        m.uniqueRecords.incrementAndGet();
                                        m.lastUniqueNanos = now;
                                    }
                                    case Topics.EVENTS_ATTRIBUTED -> {
                                        m.eventRecords.incrementAndGet();
                                        m.lastEventNanos = now;
                                    }
                                    default -> m.onEscalation(r, now);
                                }
                            }
                            m.lastPollNanos = System.nanoTime();
                        } catch (WakeupException e) {
                            // the monitor is closing
                        } catch (RuntimeException e) {
                            log.warn("Output monitor poll failed; the monitor stops: {}", e.toString());
                            m.running = false;
                        }
                    }
                    if (!m.running) {
                        detach(m);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                final OutputMonitor left;
                synchronized (lock) {
                    left = active;
                }
                if (left != null) {
                    detach(left);
                }
            }
        }

        private void detach(final OutputMonitor m) {
            try {
                m.consumer.close(Duration.ofSeconds(5));
            } finally {
                synchronized (lock) {
                    active = null;
                }
                m.closed.countDown();
            }
        }

        boolean isAlive() {
            return thread.isAlive();
        }

        @Override
        public void close() {
            synchronized (lock) {
                stopped = true;
                lock.notifyAll();
            }
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void onEscalation(final ConsumerRecord<String, byte[]> r, final long now) {
        escalationRecords.incrementAndGet();
        lastEscalationNanos = now;
        if (r.value() == null) {
            return;
        }
        final RegionEscalation value;
        try {
            value = escalation.deserialize(r.topic(), r.value());
        } catch (SerializationException e) {
            log.warn("Undecodable escalation record topic={} partition={} offset={}", r.topic(), r.partition(), r.offset());
            return;
        }
        totals.put(r.key(), value.getTotalEvents());
        listener.onUpdate(r.key(), value.getTotalEvents(), now);
        if (reached.getCount() > 0 && targetReached()) {
            reachedNanos = now;
            reached.countDown();
        }
    }

    private boolean targetReached() {
        for (Map.Entry<String, Long> e : target.entrySet()) {
            if (totals.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Current totals per region (a copy). */
    Map<String, Long> totals() {
        return new HashMap<>(totals);
    }

    void listener(final UpdateListener l) {
        this.listener = l;
    }

    /** Sets the totals that complete the next phase (absolute, not deltas). */
    synchronized void expect(final Map<String, Long> absoluteTotals) {
        this.target = Map.copyOf(absoluteTotals);
        this.reached = new CountDownLatch(1);
        if (targetReached()) {
            reachedNanos = System.nanoTime();
            reached.countDown();
        }
    }

    /** Waits until the totals reached the target; returns the nanoTime when they did, or -1 on timeout. */
    long awaitTarget(final Duration timeout) throws InterruptedException {
        return reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? reachedNanos : -1;
    }

    /** Waits until the monitor has polled at least twice after now (so it saw what was committed by now). */
    void awaitCaughtUp() throws InterruptedException {
        final long since = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
        while (lastPollNanos < since && running && poller.isAlive()) {
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    long uniqueRecords() {
        return uniqueRecords.get();
    }

    long eventRecords() {
        return eventRecords.get();
    }

    long escalationRecords() {
        return escalationRecords.get();
    }

    long lastUniqueNanos() {
        return lastUniqueNanos;
    }

    long lastEventNanos() {
        return lastEventNanos;
    }

    long lastEscalationNanos() {
        return lastEscalationNanos;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (!closed.await(10, TimeUnit.SECONDS)) {
                log.warn("Output monitor did not close within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
