package io.sitrep.ingest.client;

import java.lang.System.Logger.Level;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parsing of ingest's answers: the JSON body, its per-line items and the {@code Retry-After} header. */
final class IngestAnswer {

    private static final System.Logger log = System.getLogger(IngestClient.class.getName());

    private IngestAnswer() {
    }

    /** The answer's JSON object; empty when the body is not one (e.g. a proxy's error page). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(final String body) {
        try {
            final Object parsed = Json.parse(body);
            if (parsed instanceof Map<?, ?>) {
                return (Map<String, Object>) parsed;
            }
        } catch (IllegalArgumentException e) {
            log.log(Level.DEBUG, "Answer is not JSON: {0}", e.getMessage());
        }
        return Map.of();
    }

    /** Completes accepted and rejected items; returns the ones still undecided (unavailable, not processed). */
    static List<PendingReport> applyItems(final List<PendingReport> batch, final List<?> items) {
        final Map<Long, Map<?, ?>> byLine = new HashMap<>();
        for (final Object item : items) {
            if (item instanceof Map<?, ?> m && m.get("line") instanceof Long line) {
                byLine.put(line, m);
            }
        }
        final List<PendingReport> undecided = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            final PendingReport p = batch.get(i);
            final Map<?, ?> item = byLine.get((long) i + 1);
            final String status = item == null ? null : string(item.get("status"));
            if ("accepted".equals(status)) {
                p.future().complete(ReportOutcome.accepted(string(item.get("reportId"))));
            } else if ("rejected".equals(status)) {
                p.future().complete(ReportOutcome.rejected(string(item.get("reportId")), string(item.get("reason")),
                        string(item.get("message"))));
            } else {
                undecided.add(p);
            }
        }
        return undecided;
    }

    /** {@code Retry-After} in seconds, or null. */
    static Duration retryAfter(final HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.strip()));
            } catch (NumberFormatException e) {
                return null; // an HTTP-date: ingest never sends one; fall back to backoff
            }
        }).orElse(null);
    }

    static String string(final Object o) {
        return o == null ? null : o.toString();
    }
}
