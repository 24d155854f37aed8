package io.sitrep.ingest.cli;

/**
 * Progress of a {@link JsonlLoader} run, reported every {@link JsonlLoader#PROGRESS_EVERY_LINES}
 * report lines and once at the end, on the loader's thread. Counts as in {@link LoadSummary}.
 */
@FunctionalInterface
public interface LoadProgress {

    /** A progress listener that does nothing. */
    LoadProgress NONE = (read, sent, rejected, failed) -> {
    };

    /** Called with the counts so far; {@code sent} lags {@code read} by the records in flight. */
    void onProgress(int read, int sent, int rejected, int failed);

    /**
     * Called just before {@link #onProgress} with how far into the input the loader is, for rate
     * and ETA. {@code totalBytes} is -1 when unknown (standard input).
     */
    default void onPosition(final long bytesRead, final long totalBytes) {
    }
}
