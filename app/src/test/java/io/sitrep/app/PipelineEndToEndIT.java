package io.sitrep.app;

import io.sitrep.streams.StreamsSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real in-process KRaft broker and the embedded registry: reports posted over
 * HTTP (with a resend, a syndicated copy, a non-event and an invalid report) come out as exact
 * per-region counts on the escalation topic, read with the registry-backed deserializer, and the
 * invalid report is on the rejected topic with its reason.
 */
@Tag("integration")
@Timeout(180)
class PipelineEndToEndIT {
    @TempDir
    static Path dataDir;
    private static EmbeddedPipeline pipeline;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = EmbeddedPipeline.start(new EmbeddedPipeline.Options(0, 0, 0, dataDir, 2), step -> { });
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private static EndToEndScenarios.Target target() {
        return new EndToEndScenarios.Target(pipeline.http().baseUrl(), pipeline.bootstrapServers(), pipeline.registryUrl(),
                StreamsSettings.DEFAULT_APPLICATION_ID, "the embedded pipeline");
    }

    @Test
    void shouldCountEachRealEventOnceAndRejectTheInvalidReport() throws Exception {
        EndToEndScenarios.countEachRealEventOnceAndRejectTheInvalidReport(target());
    }

    @Test
    void shouldRouteUndecodableRecordToRejectedTopicWithItsCoordinates() throws Exception {
        EndToEndScenarios.routeUndecodableRecordToRejectedTopicWithItsCoordinates(target());
    }
}
