package io.sitrep.ingest.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP transport of an {@link IngestClient}: posts one NDJSON batch, completes the reports
 * that got an outcome and retries the undecided ones with backoff (see the client's guarantees).
 */
final class RetryingTransport {

    private static final System.Logger log = System.getLogger(IngestClient.class.getName());

    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;
    private final RetryPolicy retry;
    private final Duration requestTimeout;

    RetryingTransport(final URI endpoint, final String authorization, final HttpClient http, final RetryPolicy retry,
            final Duration requestTimeout) {
        this.endpoint = endpoint;
        this.authorization = authorization;
        this.http = http;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
    }

    /** Sends one batch until each report has an outcome, retrying the undecided ones. */
    void sendWithRetries(final List<PendingReport> batch) throws InterruptedException {
        List<PendingReport> open = new ArrayList<>();
        for (final PendingReport p : batch) {
            if (p.bytes().length == 0 || NdjsonBatch.isBlank(p.bytes())) {
                p.future().complete(ReportOutcome.rejected(null, "MALFORMED_JSON", "the report is empty"));
            } else {
                open.add(p);
            }
        }
        final long giveUpAt = System.nanoTime() + retry.giveUpAfter().toNanos();
        int attempt = 0;
        while (!open.isEmpty()) {
            attempt++;
            final Attempt result = attempt(open);
            open = result.undecided();
            if (open.isEmpty()) {
                return;
            }
            if (result.split()) {
                // 413: halve and send each half on its own (recursion ends at one report per request)
                final int half = open.size() / 2;
                sendWithRetries(new ArrayList<>(open.subList(0, half)));
                sendWithRetries(new ArrayList<>(open.subList(half, open.size())));
                return;
            }
            final Duration wait = retry.backoff(attempt, result.retryAfter(), ThreadLocalRandom.current().nextDouble());
            if (attempt >= retry.maxAttempts() || System.nanoTime() + wait.toNanos() > giveUpAt) {
                final IngestException failure = new IngestException(result.status(), "RETRIES_EXHAUSTED",
                        "no outcome after " + attempt + " attempts; last answer: " + result.describe()
                                + "; the report may or may not be stored, resending later is safe", result.error());
                open.forEach(p -> p.future().completeExceptionally(failure));
                return;
            }
            log.log(Level.DEBUG, () -> "Retrying " + result.undecided().size() + " reports in " + wait.toMillis() + " ms after "
                    + result.describe());
            TimeUnit.MILLISECONDS.sleep(wait.toMillis());
        }
    }

    /** One request. Completes the futures that got a final outcome; returns the others. */
    private Attempt attempt(final List<PendingReport> batch) throws InterruptedException {
        final byte[] body = NdjsonBatch.encode(batch);
        final HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        final HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Attempt.retry(batch, 0, null, "network error: " + e, e);
        }
        final int status = response.statusCode();
        final Map<String, Object> answer = IngestAnswer.parse(response.body());
        final String reason = IngestAnswer.string(answer.get("reason"));
        final String message = IngestAnswer.string(answer.get("message"));
        final Duration retryAfter = IngestAnswer.retryAfter(response);
        switch (status) {
            case 202, 207, 400, 403, 503 -> {
                final Object items = answer.get("items");
                if (!(items instanceof List<?> list)) {
                    // a 503 from a proxy or load balancer carries no items: everything is undecided
                    return status == 503 ? Attempt.retry(batch, status, retryAfter, "503 " + reason + ": " + message, null)
                            : failAll(batch, status, reason, message);
                }
                final List<PendingReport> undecided = IngestAnswer.applyItems(batch, list);
                return status == 503 || !undecided.isEmpty()
                        ? Attempt.retry(undecided, status, retryAfter, reason + ": " + message, null)
                        : Attempt.done();
            }
            case 413 -> {
                if (batch.size() > 1) {
                    return Attempt.split(batch, reason + ": " + message);
                }
                return failAll(batch, status, reason, message);
            }
            case 429, 502, 504 -> {
                return Attempt.retry(batch, status, retryAfter, status + " " + reason + ": " + message, null);
            }
            default -> {
                if (status >= 500) {
                    return Attempt.retry(batch, status, retryAfter, status + " " + reason + ": " + message, null);
                }
                return failAll(batch, status, reason, message);
            }
        }
    }

    private static Attempt failAll(final List<PendingReport> batch, final int status, final String reason,
            final String message) {
        final IngestException failure = new IngestException(status, reason == null ? "HTTP_" + status : reason,
                "ingest refused the request with " + status + (message == null ? "" : ": " + message), null);
        batch.forEach(p -> p.future().completeExceptionally(failure));
        return Attempt.done();
    }

    /** Result of one request. */
    private record Attempt(List<PendingReport> undecided, int status, Duration retryAfter, String describe,
            Throwable error, boolean split) {
        static Attempt done() {
            return new Attempt(List.of(), 0, null, "", null, false);
        }

        static Attempt retry(final List<PendingReport> undecided, final int status, final Duration retryAfter,
                final String describe, final Throwable error) {
            return new Attempt(undecided, status, retryAfter, describe, error, false);
        }

        static Attempt split(final List<PendingReport> batch, final String describe) {
            return new Attempt(batch, 413, null, describe, null, true);
        }
    }
}
