package io.sitrep.app;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.streams.escalation.EscalationSettings;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.streams.attribution.domain.ActorTable;
import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.Gazetteer;
import io.sitrep.streams.PipelineTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle of the pipeline's Kafka Streams application: build, start, close; its health for the
 * probes ({@link StreamsHealth}). A stream thread that dies is replaced, or, when threads keep
 * dying of a non-transient error, the client shuts down into ERROR ({@link ThreadDeathPolicy}).
 */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
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
        final var props = settings.toProperties(topics.registry());
        final Topology topology = pipeline.build(props);
        this.streams = new KafkaStreams(topology, props);
        streams.setGlobalStateRestoreListener(health);
        streams.setStateListener((newState, oldState) -> {
            health.stateChanged(newState);
            log.info("Kafka Streams {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.RUNNING) {
                running.countDown();
            } else if (newState == KafkaStreams.State.ERROR) {
                failed.countDown();
            }
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
    }

    /** Starts processing and returns at once: restoring state may take long, the probes report it. */
    public void start() {
        streams.start();
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

    public KafkaStreams streams() {
        return streams;
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
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    }
}
