package io.sitrep.streams;

import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/**
 * One stage of the pipeline (dedup, attribution, escalation): it adds its nodes to a builder shared
 * with the other stages ({@link PipelineTopology}), or builds a topology of its own, as the stage
 * tests do.
 */
public interface StageTopology {

    /** Adds this stage's nodes to a builder shared with the other stages. */
    void addTo(StreamsBuilder builder);

    /** This stage alone, as a topology of its own. */
    default Topology build(final Properties streamsProps) {
        final StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        return builder.build(streamsProps);
    }
}
