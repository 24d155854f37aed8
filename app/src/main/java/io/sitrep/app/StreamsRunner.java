package io.sitrep.app;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.streams.escalation.EscalationSettings;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.streams.attribution.domain.ActorTable;
import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.Gazetteer;
import io.sitrep.streams.PipelineTopology;
import io.sitrep.streams.flow.DownstreamFirstClientSupplier;
import io.sitrep.streams.flow.FlowOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle of the pipeline's Kafka Streams application: build, start, close; its health for the
 * probes ({@link StreamsHealth}). A stream thread that dies is replaced, or, when threads keep
 * dying of a non-transient error, the client shuts down into ERROR ({@link ThreadDeathPolicy}).
 *
 * <p>One Kafka Streams client per stream thread, all in this process and in the same group: Kafka
 * Streams shares one client's tasks between its threads by count, so the dedup index's thread
 * would also run half of the other tasks; as separate clients, the pipeline's assignor
 * ({@code IndexIsolatingTaskAssignor}) gives the index a thread of its own (docs/PERFORMANCE.md,
 * round 8), alone when it has one thread (round 29). The first client keeps the configured state directory; client {@code i} uses its
 * {@code client-i} folder, so that each has its own process id and task directories.
 */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final List<KafkaStreams> clients = new ArrayList<>();
    private final KafkaStreams.State[] states;
    private final PipelineTopology pipeline;
    private final HostInfo self;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch failed = new CountDownLatch(1);
    private final StreamsHealth health = new StreamsHealth();
    private final ThreadDeathPolicy deaths = new ThreadDeathPolicy();

    public StreamsRunner(final StreamsSettings settings, final TopicSpecs topics, final Gazetteer gazetteer) {
        this(settings, topics, gazetteer, EscalationSettings.DEFAULTS);
    }

    public StreamsRunner(final StreamsSettings settings, final TopicSpecs topics, final Gazetteer gazetteer,
                         final EscalationSettings escalation) {
        this(settings, topics, gazetteer, ActorTable.loadDefault(), escalation);
    }

    public StreamsRunner(final StreamsSettings settings, final TopicSpecs topics, final Gazetteer gazetteer,
                         final ActorTable actors, final EscalationSettings escalation) {
        this.self = settings.applicationServer() == null ? null : HostInfo.buildFromEndpoint(settings.applicationServer());
        this.pipeline = new PipelineTopology(topics, settings.dedupHorizon(), new EventExtractor(gazetteer, actors), escalation);
        final Properties props = settings.toProperties(topics.registry());
        // the overrides may set the thread count too (the bench does); an instance runs at least one client
        final int threads = Math.max(1, Integer.parseInt(String.valueOf(props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG))));
        this.states = new KafkaStreams.State[threads];
        for (int i = 0; i < threads; i++) {
            final Properties clientProps = new Properties();
            clientProps.putAll(props);
            clientProps.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
            if (i > 0) {
                clientProps.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().resolve("client-" + i).toAbsolutePath().toString());
            }
            final Topology topology = pipeline.build(clientProps);
            clients.add(client(i, topology, clientProps, pipeline.flowOrder(clientProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG))));
        }
    }

    private KafkaStreams client(final int index, final Topology topology, final Properties props, final FlowOrder flow) {
        // each thread fetches the pipeline's later inputs first: the dedup index before the raw reports it is fed from
        final KafkaStreams streams = new KafkaStreams(topology, props, new DownstreamFirstClientSupplier(flow));
        states[index] = KafkaStreams.State.CREATED;
        streams.setGlobalStateRestoreListener(health);
        streams.setStateListener((newState, oldState) -> {
            final KafkaStreams.State whole = stateChanged(index, newState);
            log.info("Kafka Streams client {} of {}: {} -> {} (the instance: {})", index + 1, states.length, oldState, newState, whole);
        });
        // a crashed stream thread is replaced; the record that crashed it already went to the
        // rejected topic through the processing handler, so this is for broker-level failures
        // and the registry not answering
        streams.setUncaughtExceptionHandler(e -> {
            final StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse response = deaths.onDeath(e, Instant.now());
            if (response == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD) {
                log.error("Stream thread died; replacing it", e);
            } else {
                log.error("Stream thread died, more than {} times within {}: shutting down into ERROR",
                        ThreadDeathPolicy.REPLACEMENTS, ThreadDeathPolicy.WINDOW, e);
            }
            return response;
        });
        return streams;
    }

    /** Records a client's new state; returns the instance's, which the probes and the latches follow. */
    private synchronized KafkaStreams.State stateChanged(final int index, final KafkaStreams.State newState) {
        states[index] = newState;
        final KafkaStreams.State whole = combined(states);
        health.stateChanged(whole);
        if (whole == KafkaStreams.State.RUNNING) {
            running.countDown();
        } else if (whole == KafkaStreams.State.ERROR) {
            failed.countDown();
        }
        return whole;
    }

    /**
     * The instance's state from its clients': the worst of them, so that it is RUNNING only when
     * every client is, and in ERROR as soon as one is (its tasks would stop for good).
     */
    static KafkaStreams.State combined(final KafkaStreams.State... states) {
        KafkaStreams.State worst = KafkaStreams.State.RUNNING;
        for (final KafkaStreams.State s : states) {
            if (severity(s) > severity(worst)) {
                worst = s;
            }
        }
        return worst;
    }

    private static int severity(final KafkaStreams.State state) {
        return switch (state) {
            case RUNNING -> 0;
            case REBALANCING -> 1;
            case CREATED -> 2;
            case PENDING_SHUTDOWN -> 3;
            case NOT_RUNNING -> 4;
            case PENDING_ERROR -> 5;
            case ERROR -> 6;
        };
    }

    /** Starts processing and returns at once: restoring state may take long, the probes report it. */
    public void start() {
        clients.forEach(KafkaStreams::start);
    }

    /** Starts and waits until RUNNING (the demo and tests, whose state is small). */
    public void start(final Duration timeout) throws InterruptedException, TimeoutException {
        start();
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("Kafka Streams did not reach RUNNING within " + timeout + " (state " + state() + ")");
        }
    }

    /** Waits up to {@code millis} for the client to reach ERROR; true when it did. */
    public boolean awaitFailure(final long millis) throws InterruptedException {
        return failed.await(millis, TimeUnit.MILLISECONDS);
    }

    StreamsHealth health() {
        return health;
    }

    /** The Kafka Streams clients of this instance, one per stream thread. */
    public List<KafkaStreams> clients() {
        return List.copyOf(clients);
    }

    /** Stream threads alive over all clients (0 for a client that is not running or rebalancing). */
    public int aliveThreads() {
        int n = 0;
        for (final KafkaStreams c : clients) {
            if (c.state().isRunningOrRebalancing()) {
                n += c.metadataForLocalThreads().size();
            }
        }
        return n;
    }

    /** This instance's advertised query address, or null for a lone instance. */
    public HostInfo self() {
        return self;
    }

    public KafkaStreams.State state() {
        return health.state();
    }

    public long duplicatesDropped() {
        return pipeline.dedup().duplicatesDropped();
    }

    /**
     * Stops processing, commits, and leaves the consumer group, so the remaining instances take over
     * this one's partitions at once instead of after the session timeout (45 s by default). Kafka
     * Streams' own default is to stay in the group (cheaper for a quick rolling restart); an
     * instance that is stopped here is not expected back within the session timeout. A killed
     * process cannot leave; the group notices it only when the session times out.
     */
    @Override
    public void close() {
        // all clients at once: one leaving first would hand its tasks to another that is about to close
        final CloseOptions options = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT);
        final List<Thread> closing = new ArrayList<>();
        for (int i = 1; i < clients.size(); i++) {
            final KafkaStreams c = clients.get(i);
            final Thread t = new Thread(() -> c.close(options), "sitrep-streams-close-" + i);
            t.start();
            closing.add(t);
        }
        clients.get(0).close(options);
        for (final Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
