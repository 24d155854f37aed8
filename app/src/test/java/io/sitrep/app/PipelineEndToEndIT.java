package io.sitrep.app;

import io.sitrep.streams.StreamsSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end on a real in-process KRaft broker and the embedded registry: reports posted over
 * HTTP (with a resend, a syndicated copy, a non-event and an invalid report) come out as exact
 * per-region counts on the escalation topic, read with the registry-backed deserializer, and the
 * invalid report is on the rejected topic with its reason.
 */
@Tag("integration")
@Timeout(180)
class PipelineEndToEndIT implements EndToEndScenarios.AsTests {
    @RegisterExtension
    static final RunningPipeline RUNNING = new RunningPipeline();

    @Override
    public EndToEndScenarios.Target target() {
        final EmbeddedPipeline pipeline = RUNNING.pipeline();
        return new EndToEndScenarios.Target(pipeline.http().baseUrl(), pipeline.bootstrapServers(), pipeline.registryUrl(),
                StreamsSettings.DEFAULT_APPLICATION_ID, "the embedded pipeline");
    }
}
