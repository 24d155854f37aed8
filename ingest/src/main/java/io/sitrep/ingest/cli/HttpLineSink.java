package io.sitrep.ingest.cli;

import io.sitrep.ingest.client.IngestClient;
import io.sitrep.ingest.client.IngestException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends each line to an ingest endpoint through {@link IngestClient} (batched, retried on 503 and
 * 429). The endpoint validates and writes refusals to the rejected topic; this sink only maps its
 * answers. Does not close the client.
 */
public final class HttpLineSink implements LineSink {

    private final IngestClient client;
    private final int maxLineBytes;

    /** @param maxLineBytes only for the message of a truncated line, which is refused here */
    public HttpLineSink(final IngestClient client, final int maxLineBytes) {
        this.client = Objects.requireNonNull(client, "client");
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public CompletableFuture<LineResult> submit(final String source, final int lineNumber, final byte[] bytes,
            final boolean truncated) {
        if (truncated) {
            return CompletableFuture.completedFuture(
                    LineResult.rejected("TEXT_TOO_LARGE", "the line is longer than " + maxLineBytes + " bytes (not sent)"));
        }
        return client.submit(new String(bytes, StandardCharsets.UTF_8)).handle((outcome, error) -> {
            if (error == null) {
                return outcome.isAccepted() ? LineResult.STORED : LineResult.rejected(outcome.reason(), outcome.message());
            }
            final Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof IngestException ie) {
                return LineResult.failed(ie.reason(), ie.getMessage());
            }
            return LineResult.failed("SEND_FAILED", cause.toString());
        });
    }
}
