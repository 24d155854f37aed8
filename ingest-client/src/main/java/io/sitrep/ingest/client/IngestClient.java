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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client for sitrep's {@code POST /v1/reports}, for scrapers. JDK only (no dependencies).
 *
 * <pre>{@code
 * try (IngestClient client = IngestClient.builder(URI.create("https://ingest.example.org"))
 *         .token(System.getenv("SITREP_TOKEN")).build()) {
 *     client.submit(reportJson).whenComplete((outcome, error) -> ...);   // batched in the background
 *     List<ReportOutcome> outcomes = client.send(List.of(a, b, c));      // or: one blocking call
 * }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>A report's future completes with {@link ReportOutcome#accepted} only after ingest
 *       answered that the broker stored it; with {@link ReportOutcome#rejected} when ingest
 *       refused it for good (its reason code says why; do not resend unchanged).</li>
 *   <li>503, 429, 502, 504 and network errors are retried with backoff ({@link RetryPolicy}),
 *       never sooner than the server's {@code Retry-After}. Only reports that are still undecided
 *       are resent. Resends are harmless: ingest derives the same report id, joins a send still in
 *       flight and does not store the report twice.</li>
 *   <li>When the retry budget runs out the future fails with a retryable {@link IngestException};
 *       the report may or may not be stored. Requests refused as a whole (401, 415) fail every
 *       report of the request with a non-retryable one. A batch over the server's size caps (413)
 *       is split in halves and resent.</li>
 * </ul>
 *
 * <p>Reports are sent as {@code application/x-ndjson} batches of up to {@code maxBatchReports}
 * reports and {@code maxBatchBytes} bytes. Line breaks inside a report (pretty-printed JSON) are
 * turned into spaces, which keeps valid JSON valid. Thread-safe. {@link #close()} sends what is
 * queued, then stops.
 */
public final class IngestClient implements AutoCloseable {

    /** Path of the endpoint below the base URL. */
    public static final String PATH = "/v1/reports";

    private static final System.Logger log = System.getLogger(IngestClient.class.getName());

    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;
    private final RetryPolicy retry;
    private final int maxBatchReports;
    private final int maxBatchBytes;
    private final Duration linger;
    private final Duration requestTimeout;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger unsettled = new AtomicInteger();
    private final Object settledMonitor = new Object();

    private IngestClient(final Builder b) {
        this.endpoint = b.baseUrl.resolve(PATH);
        this.authorization = b.token == null ? null : "Bearer " + b.token;
        this.http = b.httpClient != null ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.retry = b.retry;
        this.maxBatchReports = b.maxBatchReports;
        this.maxBatchBytes = b.maxBatchBytes;
        this.linger = b.linger;
        this.requestTimeout = b.requestTimeout;
        this.queue = new LinkedBlockingQueue<>(b.maxQueued);
        for (int i = 0; i < b.senderThreads; i++) {
            final Thread t = new Thread(this::senderLoop, "sitrep-ingest-client-" + i);
            t.setDaemon(true);
            senders.add(t);
            t.start();
        }
    }

    /** A builder for the ingest at {@code baseUrl} (e.g. {@code http://localhost:8080}). */
    public static Builder builder(final URI baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Queues one report (a JSON object as text) for the next batch. Blocks while the queue is full
     * (backpressure).
     *
     * @return completes with the outcome, or fails with {@link IngestException}
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletableFuture<ReportOutcome> submit(final String reportJson) {
        Objects.requireNonNull(reportJson, "reportJson");
        if (closed.get()) {
            throw new IllegalStateException("the client is closed");
        }
        final Pending pending = new Pending(oneLine(reportJson), new CompletableFuture<>());
        unsettled.incrementAndGet();
        pending.future.whenComplete((o, e) -> settled());
        try {
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.future.completeExceptionally(new IngestException(0, "INTERRUPTED", "interrupted while queueing", e));
        }
        return pending.future;
    }

    /**
     * Sends reports now, on the calling thread, in as many requests as the batch caps need, with
     * retries; returns one outcome per report, in order.
     *
     * @throws IngestException for the first report without an outcome (see the class comment);
     *                         the reports before it in the list may have been stored
     */
    public List<ReportOutcome> send(final List<String> reportJsons) throws InterruptedException {
        final List<Pending> batch = new ArrayList<>(reportJsons.size());
        for (final String json : reportJsons) {
            batch.add(new Pending(oneLine(json), new CompletableFuture<>()));
        }
        for (final List<Pending> chunk : chunks(batch)) {
            sendWithRetries(chunk);
        }
        final List<ReportOutcome> outcomes = new ArrayList<>(batch.size());
        for (final Pending p : batch) {
            try {
                outcomes.add(p.future.join());
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof IngestException ie) {
                    throw ie;
                }
                throw e;
            }
        }
        return outcomes;
    }

    /** Waits until every report submitted so far has an outcome or failed. */
    public void flush() throws InterruptedException {
        synchronized (settledMonitor) {
            while (unsettled.get() > 0) {
                settledMonitor.wait(1_000);
            }
        }
    }

    /** Sends what is queued (waiting for it), then stops the sender threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.forEach(Thread::interrupt);
        for (final Thread t : senders) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void settled() {
        if (unsettled.decrementAndGet() == 0) {
            synchronized (settledMonitor) {
                settledMonitor.notifyAll();
            }
        }
    }

    private void senderLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            final List<Pending> batch = new ArrayList<>();
            try {
                final Pending first = queue.take();
                batch.add(first);
                int bytes = first.bytes.length + 1;
                final long until = System.nanoTime() + linger.toNanos();
                while (batch.size() < maxBatchReports) {
                    final Pending next = queue.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    bytes += next.bytes.length + 1;
                    if (bytes >= maxBatchBytes) {
                        break;
                    }
                }
                for (final List<Pending> chunk : chunks(batch)) {
                    sendWithRetries(chunk);
                }
            } catch (InterruptedException e) {
                batch.forEach(p -> p.future.completeExceptionally(
                        new IngestException(0, "CLIENT_CLOSED", "the client was closed before the report was sent", e)));
                return;
            } catch (RuntimeException e) {
                log.log(Level.ERROR, "Unexpected error in the ingest client sender", e);
                batch.forEach(p -> p.future.completeExceptionally(new IngestException(0, "CLIENT_ERROR", e.toString(), e)));
            }
        }
    }

    /** Splits a list into chunks within the report and byte caps. */
    private List<List<Pending>> chunks(final List<Pending> all) {
        final List<List<Pending>> chunks = new ArrayList<>();
        List<Pending> current = new ArrayList<>();
        int bytes = 0;
        for (final Pending p : all) {
            if (!current.isEmpty() && (current.size() >= maxBatchReports || bytes + p.bytes.length + 1 > maxBatchBytes)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(p);
            bytes += p.bytes.length + 1;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** Sends one batch until each report has an outcome, retrying the undecided ones. */
    private void sendWithRetries(final List<Pending> batch) throws InterruptedException {
        List<Pending> open = new ArrayList<>();
        for (final Pending p : batch) {
            if (p.bytes.length == 0 || isBlank(p.bytes)) {
                p.future.complete(ReportOutcome.rejected(null, "MALFORMED_JSON", "the report is empty"));
            } else {
                open.add(p);
            }
        }
        final long giveUpAt = System.nanoTime() + retry.giveUpAfter().toNanos();
        int attempt = 0;
        while (!open.isEmpty()) {
            attempt++;
            final Attempt result = attempt(open);
            open = result.undecided;
            if (open.isEmpty()) {
                return;
            }
            if (result.split) {
                // 413: halve and send each half on its own (recursion ends at one report per request)
                final int half = open.size() / 2;
                sendWithRetries(new ArrayList<>(open.subList(0, half)));
                sendWithRetries(new ArrayList<>(open.subList(half, open.size())));
                return;
            }
            final Duration wait = retry.backoff(attempt, result.retryAfter, ThreadLocalRandom.current().nextDouble());
            if (attempt >= retry.maxAttempts() || System.nanoTime() + wait.toNanos() > giveUpAt) {
                final IngestException failure = new IngestException(result.status, "RETRIES_EXHAUSTED",
                        "no outcome after " + attempt + " attempts; last answer: " + result.describe()
                                + "; the report may or may not be stored, resending later is safe", result.error);
                open.forEach(p -> p.future.completeExceptionally(failure));
                return;
            }
            log.log(Level.DEBUG, () -> "Retrying " + result.undecided.size() + " reports in " + wait.toMillis() + " ms after "
                    + result.describe());
            TimeUnit.MILLISECONDS.sleep(wait.toMillis());
        }
    }

    /** One request. Completes the futures that got a final outcome; returns the others. */
    private Attempt attempt(final List<Pending> batch) throws InterruptedException {
        final byte[] body = ndjson(batch);
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
        final Map<String, Object> answer = parseAnswer(response.body());
        final String reason = string(answer.get("reason"));
        final String message = string(answer.get("message"));
        final Duration retryAfter = retryAfter(response);
        switch (status) {
            case 202, 207, 400, 403, 503 -> {
                final Object items = answer.get("items");
                if (!(items instanceof List<?> list)) {
                    // a 503 from a proxy or load balancer carries no items: everything is undecided
                    return status == 503 ? Attempt.retry(batch, status, retryAfter, "503 " + reason + ": " + message, null)
                            : failAll(batch, status, reason, message);
                }
                final List<Pending> undecided = applyItems(batch, list);
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

    /** Completes accepted and rejected items; returns the ones still undecided (unavailable, not processed). */
    private static List<Pending> applyItems(final List<Pending> batch, final List<?> items) {
        final Map<Long, Map<?, ?>> byLine = new HashMap<>();
        for (final Object item : items) {
            if (item instanceof Map<?, ?> m && m.get("line") instanceof Long line) {
                byLine.put(line, m);
            }
        }
        final List<Pending> undecided = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            final Pending p = batch.get(i);
            final Map<?, ?> item = byLine.get((long) i + 1);
            final String status = item == null ? null : string(item.get("status"));
            if ("accepted".equals(status)) {
                p.future.complete(ReportOutcome.accepted(string(item.get("reportId"))));
            } else if ("rejected".equals(status)) {
                p.future.complete(ReportOutcome.rejected(string(item.get("reportId")), string(item.get("reason")),
                        string(item.get("message"))));
            } else {
                undecided.add(p);
            }
        }
        return undecided;
    }

    private static Attempt failAll(final List<Pending> batch, final int status, final String reason, final String message) {
        final IngestException failure = new IngestException(status, reason == null ? "HTTP_" + status : reason,
                "ingest refused the request with " + status + (message == null ? "" : ": " + message), null);
        batch.forEach(p -> p.future.completeExceptionally(failure));
        return Attempt.done();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseAnswer(final String body) {
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

    private static Duration retryAfter(final HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.strip()));
            } catch (NumberFormatException e) {
                return null; // an HTTP-date: ingest never sends one; fall back to backoff
            }
        }).orElse(null);
    }

    private static String string(final Object o) {
        return o == null ? null : o.toString();
    }

    private static byte[] ndjson(final List<Pending> batch) {
        int size = 0;
        for (final Pending p : batch) {
            size += p.bytes.length + 1;
        }
        final byte[] body = new byte[size];
        int pos = 0;
        for (final Pending p : batch) {
            System.arraycopy(p.bytes, 0, body, pos, p.bytes.length);
            pos += p.bytes.length;
            body[pos++] = '\n';
        }
        return body;
    }

    /** Raw line breaks only occur between tokens in valid JSON; spaces there mean the same. */
    private static byte[] oneLine(final String json) {
        return json.replace('\n', ' ').replace('\r', ' ').getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isBlank(final byte[] bytes) {
        for (final byte b : bytes) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private record Pending(byte[] bytes, CompletableFuture<ReportOutcome> future) {
    }

    /** Result of one request. */
    private record Attempt(List<Pending> undecided, int status, Duration retryAfter, String describe, Throwable error,
            boolean split) {
        static Attempt done() {
            return new Attempt(List.of(), 0, null, "", null, false);
        }

        static Attempt retry(final List<Pending> undecided, final int status, final Duration retryAfter, final String describe,
                final Throwable error) {
            return new Attempt(undecided, status, retryAfter, describe, error, false);
        }

        static Attempt split(final List<Pending> batch, final String describe) {
            return new Attempt(batch, 413, null, describe, null, true);
        }
    }

    /** Settings of an {@link IngestClient}. */
    public static final class Builder {
        private final URI baseUrl;
        private String token;
        private HttpClient httpClient;
        private RetryPolicy retry = RetryPolicy.defaults();
        private int maxBatchReports = 500;
        private int maxBatchBytes = 4 * 1024 * 1024;
        private Duration linger = Duration.ofMillis(20);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxQueued = 10_000;
        private int senderThreads = 2;

        private Builder(final URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        }

        /** The scraper's bearer token; none when the endpoint runs without authentication. */
        public Builder token(final String bearerToken) {
            this.token = bearerToken;
            return this;
        }

        /** A configured JDK client (proxy, TLS); default: a new one with a 10 s connect timeout. */
        public Builder httpClient(final HttpClient client) {
            this.httpClient = client;
            return this;
        }

        /** Retry policy; default {@link RetryPolicy#defaults()}. */
        public Builder retry(final RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Reports per request (default 500; keep at or below the server's limit, 1 000 by default). */
        public Builder maxBatchReports(final int reports) {
            this.maxBatchReports = positive(reports, "reports");
            return this;
        }

        /** Bytes per request (default 4 MiB; the server's default cap is 8 MiB). */
        public Builder maxBatchBytes(final int bytes) {
            this.maxBatchBytes = positive(bytes, "bytes");
            return this;
        }

        /** How long {@link #submit} waits for more reports before sending a batch (default 20 ms). */
        public Builder linger(final Duration value) {
            this.linger = Objects.requireNonNull(value, "linger");
            return this;
        }

        /** Timeout of one request (default 30 s; longer than the server's acknowledgement deadline). */
        public Builder requestTimeout(final Duration value) {
            this.requestTimeout = Objects.requireNonNull(value, "requestTimeout");
            return this;
        }

        /** Reports {@link #submit} may queue before it blocks (default 10 000). */
        public Builder maxQueued(final int reports) {
            this.maxQueued = positive(reports, "reports");
            return this;
        }

        /** Requests in flight at once from {@link #submit} (default 2). */
        public Builder senderThreads(final int threads) {
            this.senderThreads = positive(threads, "threads");
            return this;
        }

        public IngestClient build() {
            return new IngestClient(this);
        }

        private static int positive(final int value, final String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
