package io.sitrep.ingest.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** NDJSON batch encoding: one report per line, batches cut to the report and byte caps. */
final class NdjsonBatch {

    private NdjsonBatch() {
    }

    /** Splits a list into chunks within the report and byte caps. */
    static List<List<PendingReport>> chunks(final List<PendingReport> all, final int maxReports, final int maxBytes) {
        final List<List<PendingReport>> chunks = new ArrayList<>();
        List<PendingReport> current = new ArrayList<>();
        int bytes = 0;
        for (final PendingReport p : all) {
            if (!current.isEmpty() && (current.size() >= maxReports || bytes + p.lineBytes() > maxBytes)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(p);
            bytes += p.lineBytes();
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** The request body: each report's line followed by a line break. */
    static byte[] encode(final List<PendingReport> batch) {
        int size = 0;
        for (final PendingReport p : batch) {
            size += p.lineBytes();
        }
        final byte[] body = new byte[size];
        int pos = 0;
        for (final PendingReport p : batch) {
            System.arraycopy(p.bytes(), 0, body, pos, p.bytes().length);
            pos += p.bytes().length;
            body[pos++] = '\n';
        }
        return body;
    }

    /** Raw line breaks only occur between tokens in valid JSON; spaces there mean the same. */
    static byte[] oneLine(final String json) {
        return json.replace('\n', ' ').replace('\r', ' ').getBytes(StandardCharsets.UTF_8);
    }

    /** An empty line or one of spaces and tabs only: nothing to send. */
    static boolean isBlank(final byte[] bytes) {
        for (final byte b : bytes) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
