package io.sitrep.ingest.client;

import java.util.concurrent.CompletableFuture;

/** One report on its way: its NDJSON line (without the line break) and the future of its outcome. */
record PendingReport(byte[] bytes, CompletableFuture<ReportOutcome> future) {

    /** A report to send, its line breaks already turned into spaces. */
    static PendingReport of(final String reportJson) {
        return new PendingReport(NdjsonBatch.oneLine(reportJson), new CompletableFuture<>());
    }

    /** Bytes the report takes in a request body, with its line break. */
    int lineBytes() {
        return bytes.length + 1;
    }
}
