package io.sitrep.streams;

import io.sitrep.streams.attribution.AttributionTopology;
import io.sitrep.streams.dedup.DedupTopology;
import io.sitrep.streams.escalation.EscalationTopology;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.streams.escalation.EscalationSettings;
import io.sitrep.streams.attribution.domain.EventExtractor;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/**
 * The three stages in one Kafka Streams application. They stay separate sub-topologies joined
 * only through their topics, so each could also run as its own application; one application is
 * cheaper on a small machine (one set of stream threads and transactional producers).
 */
public final class PipelineTopology {
    private final DedupTopology dedup;
    private final AttributionTopology attribution;
    private final EscalationTopology escalation;

    public PipelineTopology(final TopicSpecs topics, final Duration dedupHorizon, final EventExtractor extractor) {
        this(topics, dedupHorizon, extractor, EscalationSettings.DEFAULTS);
    }

    public PipelineTopology(final TopicSpecs topics, final Duration dedupHorizon, final EventExtractor extractor,
                            final EscalationSettings escalationSettings) {
        this.dedup = new DedupTopology(topics, dedupHorizon);
        this.attribution = new AttributionTopology(topics, extractor);
        this.escalation = new EscalationTopology(topics, escalationSettings.lateEventGrace(), escalationSettings.rules(),
                escalationSettings.punctuateInterval());
    }

    public Topology build(final Properties streamsProps) {
        final StreamsBuilder builder = new StreamsBuilder();
        dedup.addTo(builder);
        attribution.addTo(builder);
        escalation.addTo(builder);
        return builder.build(streamsProps);
    }

    public DedupTopology dedup() {
        return dedup;
    }
}
