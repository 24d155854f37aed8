package io.sitrep.app;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.streams.escalation.EscalationSettings;
import io.sitrep.streams.StreamsSettings;
import io.sitrep.streams.attribution.domain.ActorTable;
import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.Gazetteer;
import io.sitrep.streams.PipelineTopology;
import java.time.Duration;
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

/** Lifecycle of the pipeline's Kafka Streams application: build, start, wait until running, close. */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final PipelineTopology pipeline;
    private final HostInfo self;
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;

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
        streams.setStateListener((newState, oldState) -> {
            state = newState;
            log.info("Kafka Streams {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        // a crashed stream thread is replaced; the record that crashed it already went to the
        // rejected topic through the processing handler, so this is for broker-level failures
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stream thread died; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public void start(final Duration timeout) throws InterruptedException, TimeoutException {
        streams.start();
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("Kafka Streams did not reach RUNNING within " + timeout + " (state " + state + ")");
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** This instance's advertised query address, or null for a lone instance. */
    public HostInfo self() {
        return self;
    }

    public KafkaStreams.State state() {
        return state;
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
