package io.sitrep.app.fault;

import io.sitrep.app.bench.SyntheticReports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Posts reports to ingest as NDJSON batches, as a scraper's client does: a 202 means every report of
 * the batch is stored (acks=all); anything else (503 while a broker fails over, a reset connection)
 * is retried with the same batch, which is harmless because a resend keeps its report id.
 */
final class HttpLoad {
    private static final int BATCH = 20;
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();

    HttpLoad(final String ingestBaseUrl) {
        this.endpoint = URI.create(ingestBaseUrl + "/v1/reports");
    }

    /** Posts every report; returns once each batch was answered 202. */
    void post(final List<SyntheticReports.Report> reports) {
        for (int from = 0; from < reports.size(); from += BATCH) {
            final String body = reports.subList(from, Math.min(from + BATCH, reports.size())).stream()
                    .map(SyntheticReports.Report::json).collect(Collectors.joining("\n"));
            postUntilStored(body);
            batches.incrementAndGet();
        }
    }

    int batches() {
        return batches.get();
    }

    /** Attempts that were not answered 202 and were sent again. */
    int retries() {
        return retries.get();
    }

    private void postUntilStored(final String ndjson) {
        final long deadline = System.nanoTime() + GIVE_UP.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                final HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                        .header("Content-Type", "application/x-ndjson").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    return;
                }
                if (response.statusCode() == 207 || response.statusCode() == 400) {
                    throw new AssertionError("ingest refused generated reports: " + response.body());
                }
                last = response.statusCode() + " " + response.body();
            } catch (final IOException e) {
                last = e.toString();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            retries.incrementAndGet();
            try {
                TimeUnit.MILLISECONDS.sleep(500);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new AssertionError("batch not stored within " + GIVE_UP + "; last answer: " + last);
    }
}
