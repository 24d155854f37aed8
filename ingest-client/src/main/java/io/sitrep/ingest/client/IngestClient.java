package io.sitrep.ingest.client;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
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
 * queued, then stops. Batches are encoded by {@link NdjsonBatch} and sent by
 * {@link RetryingTransport}, which reads the answers with {@link IngestAnswer}.
 */
public final class IngestClient implements AutoCloseable {

    /** Path of the endpoint below the base URL. */
    public static final String PATH = "/v1/reports";

    private static final System.Logger log = System.getLogger(IngestClient.class.getName());

    private final RetryingTransport transport;
    private final int maxBatchReports;
    private final int maxBatchBytes;
    private final Duration linger;
    private final BlockingQueue<PendingReport> queue;
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger unsettled = new AtomicInteger();
    private final Object settledMonitor = new Object();

    private IngestClient(final Builder b) {
        this.transport = new RetryingTransport(b.baseUrl.resolve(PATH),
                b.token == null ? null : "Bearer " + b.token,
                b.httpClient != null ? b.httpClient
                        : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                b.retry, b.requestTimeout);
        this.maxBatchReports = b.maxBatchReports;
        this.maxBatchBytes = b.maxBatchBytes;
        this.linger = b.linger;
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
        final PendingReport pending = PendingReport.of(reportJson);
        unsettled.incrementAndGet();
        pending.future().whenComplete((o, e) -> settled());
        try {
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.future().completeExceptionally(new IngestException(0, "INTERRUPTED", "interrupted while queueing", e));
        }
        return pending.future();
    }

    /**
     * Sends reports now, on the calling thread, in as many requests as the batch caps need, with
     * retries; returns one outcome per report, in order.
     *
     * @throws IngestException for the first report without an outcome (see the class comment);
     *                         the reports before it in the list may have been stored
     */
    public List<ReportOutcome> send(final List<String> reportJsons) throws InterruptedException {
        final List<PendingReport> batch = new ArrayList<>(reportJsons.size());
        for (final String json : reportJsons) {
            batch.add(PendingReport.of(json));
        }
        for (final List<PendingReport> chunk : NdjsonBatch.chunks(batch, maxBatchReports, maxBatchBytes)) {
            transport.sendWithRetries(chunk);
        }
        final List<ReportOutcome> outcomes = new ArrayList<>(batch.size());
        for (final PendingReport p : batch) {
            try {
                outcomes.add(p.future().join());
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
            final List<PendingReport> batch = new ArrayList<>();
            try {
                final PendingReport first = queue.take();
                batch.add(first);
                int bytes = first.lineBytes();
                final long until = System.nanoTime() + linger.toNanos();
                while (batch.size() < maxBatchReports) {
                    final PendingReport next = queue.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    bytes += next.lineBytes();
                    if (bytes >= maxBatchBytes) {
                        break;
                    }
                }
                for (final List<PendingReport> chunk : NdjsonBatch.chunks(batch, maxBatchReports, maxBatchBytes)) {
                    transport.sendWithRetries(chunk);
                }
            } catch (InterruptedException e) {
                batch.forEach(p -> p.future().completeExceptionally(
                        new IngestException(0, "CLIENT_CLOSED", "the client was closed before the report was sent", e)));
                return;
            } catch (RuntimeException e) {
                log.log(Level.ERROR, "Unexpected error in the ingest client sender", e);
                batch.forEach(p -> p.future().completeExceptionally(new IngestException(0, "CLIENT_ERROR", e.toString(), e)));
            }
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
