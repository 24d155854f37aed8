package io.sitrep.streams;

import io.sitrep.streams.attribution.AttributionTopology;
import io.sitrep.streams.dedup.DedupTopology;
import io.sitrep.streams.escalation.EscalationTopology;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.streams.escalation.EscalationSettings;
import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.flow.FlowOrder;
import java.time.Duration;
import java.util.List;
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
    private final TopicSpecs topics;

    public PipelineTopology(final TopicSpecs topics, final Duration dedupHorizon, final EventExtractor extractor) {
        this(topics, dedupHorizon, extractor, EscalationSettings.DEFAULTS);
    }

    public PipelineTopology(final TopicSpecs topics, final Duration dedupHorizon, final EventExtractor extractor,
                            final EscalationSettings escalationSettings) {
        this.topics = topics;
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

    /**
     * The application's input topics in the order a report passes them, for its stream threads to
     * fetch the later ones first ({@link FlowOrder}); {@code applicationId} names the repartition topics.
     */
    public FlowOrder flowOrder(final String applicationId) {
        return new FlowOrder(List.of(
                topics.reportsRaw().name(),
                repartitionTopic(applicationId, DedupTopology.TO_INDEX_REPARTITION),
                topics.reportsUnique().name(),
                repartitionTopic(applicationId, AttributionTopology.BY_GROUP_REPARTITION),
                topics.eventsAttributed().name()));
    }

    /** Kafka Streams' name for a repartition topic named {@code name} in the topology. */
    static String repartitionTopic(final String applicationId, final String name) {
        return applicationId + "-" + name + "-repartition";
    }

    public DedupTopology dedup() {
        return dedup;
    }
}
