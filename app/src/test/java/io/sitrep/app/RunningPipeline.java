package io.sitrep.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EmbeddedPipeline} (broker, registry, ingest, streams with two partitions, all on free
 * ports) shared by the tests of a class: register it in a static {@code @RegisterExtension} field.
 * It starts before the class's {@code @BeforeAll} methods and stops after all its tests, taking
 * its temporary data folder with it.
 */
public final class RunningPipeline implements BeforeAllCallback, AfterAllCallback {
    private Path dataDir;
    private EmbeddedPipeline pipeline;

    @Override
    public void beforeAll(final ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("sitrep-pipeline-");
        pipeline = EmbeddedPipeline.start(new EmbeddedPipeline.Options(0, 0, 0, dataDir, 2), step -> { });
    }

    public EmbeddedPipeline pipeline() {
        return pipeline;
    }

    /** The pipeline's data folder, for other temporary files of the test. */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void afterAll(final ExtensionContext context) throws IOException {
        try {
            if (pipeline != null) {
                pipeline.close();
            }
        } finally {
            if (dataDir != null) {
                try (Stream<Path> paths = Files.walk(dataDir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(RunningPipeline::delete);
                }
            }
        }
    }

    private static void delete(final Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
