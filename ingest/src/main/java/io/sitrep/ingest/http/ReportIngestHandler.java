package io.sitrep.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sitrep.ingest.auth.ScraperTokens;
import io.sitrep.ingest.metrics.IngestMetrics;
import io.sitrep.ingest.publish.RecentSends;
import io.sitrep.ingest.publish.Rejections;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.Problem;
import io.sitrep.ingest.validate.ReasonCode;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RejectedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/reports}: one report ({@code application/json}) or a batch, one report per line
 * ({@code application/x-ndjson}); report format: {@link ReportValidator}.
 *
 * <h2>Order of checks</h2>
 * path (404) → method (405) → bearer token (401) → content type (415) → size (413) → the
 * scraper's rate (429) → each report: validation (400) and "may this token send for this
 * scraperId" (403) → publish and wait for {@code acks=all} (202, or 503).
 *
 * <h2>Single report ({@code application/json})</h2>
 * <table>
 *   <caption>status codes</caption>
 *   <tr><th>status</th><th>when</th><th>body</th></tr>
 *   <tr><td>202</td><td>stored: the broker acknowledged it with {@code acks=all}</td>
 *       <td>{@code {"status":"accepted","reportId","topic","partition","offset"}}</td></tr>
 *   <tr><td>400</td><td>invalid; resending it unchanged fails again</td>
 *       <td>{@code {"status":"rejected","reason","message","problems":[{"code","field","message"}]}}</td></tr>
 *   <tr><td>401</td><td>no {@code Authorization: Bearer} header, or an unknown token
 *       ({@code MISSING_TOKEN}, {@code INVALID_TOKEN}); header {@code WWW-Authenticate}</td><td>error</td></tr>
 *   <tr><td>403</td><td>the token is not bound to the report's {@code scraperId}
 *       ({@code SCRAPER_NOT_ALLOWED})</td><td>error</td></tr>
 *   <tr><td>404, 405</td><td>other path; other method (header {@code Allow: POST})</td><td>error</td></tr>
 *   <tr><td>413</td><td>body over the cap ({@code PAYLOAD_TOO_LARGE}), batch over the line cap
 *       ({@code TOO_MANY_REPORTS})</td><td>error</td></tr>
 *   <tr><td>415</td><td>content type neither JSON nor NDJSON, or a charset other than UTF-8</td><td>error</td></tr>
 *   <tr><td>429</td><td>over the scraper's rate ({@code RATE_LIMITED}); header {@code Retry-After}</td><td>error</td></tr>
 *   <tr><td>503</td><td>not acknowledged in time or the send failed ({@code PUBLISH_TIMEOUT},
 *       {@code PUBLISH_FAILED}); header {@code Retry-After}</td><td>error with {@code reportId}</td></tr>
 * </table>
 * Error bodies are {@code {"status":"error"|"forbidden"|"unavailable"|"rejected","reason":"<CODE>","message"}}.
 *
 * <h2>Batch ({@code application/x-ndjson})</h2>
 * Blank lines are skipped; line numbers count every physical line from 1. Each line is at most
 * {@link IngestLimits#maxBodyBytes()} (a longer one is refused alone, {@code TEXT_TOO_LARGE}).
 * The answer lists every report: {@code {"status","reason"?,"message"?,"accepted":n,"rejected":n,
 * "items":[{"line","status","reportId"?,"partition"?,"offset"?,"reason"?,"message"?,"problems"?}]}}.
 * <ul>
 *   <li>202 {@code accepted}: every report stored;</li>
 *   <li>207 {@code partial}: some stored, the others rejected (final: do not resend those);</li>
 *   <li>400 {@code rejected}: none valid; nothing sent to the raw topic;</li>
 *   <li>403 {@code forbidden}: at least one report names a scraper the token is not bound to;
 *       nothing of the batch is stored;</li>
 *   <li>503 {@code unavailable}: at least one valid report was not acknowledged in time. The batch
 *       is not accepted: no item is reported stored, and the client resends the whole batch.</li>
 * </ul>
 *
 * <h2>Resends</h2>
 * A resend of a report id that this process is still sending, or stored in the last
 * {@link RecentSends#DEFAULT_RETENTION}, is not written again: it joins that send and gets its
 * topic, partition and offset ({@link RecentSends}). A 503 therefore never causes a duplicate
 * when the scraper retries against the same instance.
 *
 * <h2>Rejected topic</h2>
 * Every refused <em>report</em> (400 reasons and 403) is written to {@code sitrep.reports.rejected}
 * with its reason, the scraper id (the authenticated one when auth is on) and the payload up to
 * {@link Rejections#MAX_ORIGINAL_BYTES}. Request-level refusals (401, 404, 405, 413, 415, 429)
 * are not: they carry no report, and writing them would let unauthenticated or flooding clients
 * write to Kafka. They are counted in {@link IngestMetrics} and logged at WARN. A failed write to
 * the rejected topic does not change the answer (a WARN is logged).
 *
 * <h2>Threads</h2>
 * The handler blocks its thread while it reads the body and waits for the acknowledgement (at
 * most the deadline). Give the {@code HttpServer} an executor; its size bounds the requests in
 * flight.
 *
 * <p>Never logs payloads or tokens.
 */
public final class ReportIngestHandler implements HttpHandler {

    /** The path this handler serves. */
    public static final String PATH = "/v1/reports";
    /** Content type of a single report. */
    public static final String JSON = "application/json";
    /** Content type of a batch. {@code application/ndjson} and {@code application/jsonl} are accepted too. */
    public static final String NDJSON = "application/x-ndjson";
    /** Default cap on a single-report body. */
    public static final int DEFAULT_MAX_BODY_BYTES = IngestLimits.defaults().maxBodyBytes();
    /** Default wait for the broker's acknowledgement before answering 503. */
    public static final Duration DEFAULT_ACK_DEADLINE = IngestLimits.defaults().ackDeadline();

    /** Most bytes of an oversize body read and discarded before answering 413. */
    static final int MAX_SWALLOW_BYTES = 4 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ReportIngestHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ANSWER_CONTENT_TYPE = "application/json; charset=utf-8";
    private static final String START_ATTRIBUTE = "sitrep.ingest.start";
    private static final Set<String> NDJSON_TYPES = Set.of(NDJSON, "application/ndjson", "application/jsonl");

    private final ReportValidator validator;
    private final ReportPublisher publisher;
    private final Clock clock;
    private final IngestLimits limits;
    private final ScraperTokens tokens;
    private final IngestMetrics metrics;
    private final RateLimiter rateLimiter;
    private final RecentSends recentSends = new RecentSends();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

    /** Defaults, no authentication, no rate limit: for tests and the embedded demo. */
    public ReportIngestHandler(final ReportValidator validator, final ReportPublisher publisher, final Clock clock) {
        this(validator, publisher, clock, DEFAULT_MAX_BODY_BYTES, DEFAULT_ACK_DEADLINE);
    }

    /** No authentication, no rate limit; the given body cap and deadline. */
    public ReportIngestHandler(final ReportValidator validator, final ReportPublisher publisher, final Clock clock,
            final int maxBodyBytes, final Duration ackDeadline) {
        this(validator, publisher, clock, IngestLimits.defaults().withMaxBodyBytes(maxBodyBytes)
                .withAckDeadline(ackDeadline).withRateLimit(0, 1), ScraperTokens.disabled(), new IngestMetrics());
    }

    /**
     * @param validator checks payloads
     * @param publisher writes reports and refusals
     * @param clock     {@code rejectedAt} of refusals
     * @param limits    sizes, deadline, rate
     * @param tokens    who may post; {@link ScraperTokens#disabled()} lets everyone in (logged at WARN)
     * @param metrics   where outcomes and timings are recorded
     */
    public ReportIngestHandler(final ReportValidator validator, final ReportPublisher publisher, final Clock clock,
            final IngestLimits limits, final ScraperTokens tokens, final IngestMetrics metrics) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.rateLimiter = new RateLimiter(limits.reportsPerSecond(), limits.burst(), System::nanoTime);
        if (!tokens.enabled()) {
            log.warn("Ingest authentication is DISABLED: anyone who can reach {} can post reports for any scraper", PATH);
        }
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        exchange.setAttribute(START_ATTRIBUTE, System.nanoTime());
        try {
            serve(exchange);
        } catch (IOException e) {
            // usually the client went away mid-request; nothing can be answered any more
            count("io_error");
            log.warn("I/O error on {} from {}: {}", PATH, exchange.getRemoteAddress(), e.toString());
        } catch (RuntimeException e) {
            count("internal_error");
            log.error("Failed to handle {} from {}", PATH, exchange.getRemoteAddress(), e);
            trySendInternalError(exchange);
        } finally {
            exchange.close();
        }
    }

    /**
     * Counts of reports and answers by outcome since start ({@code accepted}, {@code rejected.<CODE>},
     * {@code unavailable}, {@code too_large}, {@code unauthorized}, ...); a snapshot, sorted by key.
     */
    public Map<String, Long> outcomeCounts() {
        final Map<String, Long> snapshot = new TreeMap<>();
        outcomes.forEach((key, adder) -> snapshot.put(key, adder.sum()));
        return snapshot;
    }

    /** The metrics this handler records into. */
    public IngestMetrics metrics() {
        return metrics;
    }

    /** Resends answered without a second write (see {@link RecentSends}). */
    public int resendsJoined() {
        return recentSends.joined();
    }

    private void serve(final HttpExchange exchange) throws IOException {
        final String path = exchange.getRequestURI().getPath();
        if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
            count("not_found");
            sendError(exchange, 404, "error", "NOT_FOUND", "no resource at " + path + "; reports go to POST " + PATH);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            count("method_not_allowed");
            exchange.getResponseHeaders().set("Allow", "POST");
            sendError(exchange, 405, "error", "METHOD_NOT_ALLOWED", exchange.getRequestMethod() + " is not allowed: use POST");
            return;
        }
        final Caller caller = authenticate(exchange);
        if (caller == null) {
            return;
        }
        final String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        final String mediaTypeProblem = mediaTypeProblem(contentType);
        if (mediaTypeProblem != null) {
            count("unsupported_media_type");
            sendError(exchange, 415, "error", "UNSUPPORTED_MEDIA_TYPE", mediaTypeProblem);
            return;
        }
        final boolean batch = NDJSON_TYPES.contains(mediaType(contentType));
        final int cap = batch ? limits.maxBatchBytes() : limits.maxBodyBytes();
        final byte[] body = readBody(exchange, cap);
        if (body == null) {
            count("too_large");
            log.warn("Refused request: reason=PAYLOAD_TOO_LARGE caller={}", caller.label());
            sendError(exchange, 413, "error", "PAYLOAD_TOO_LARGE", "the body is larger than " + cap + " bytes"
                    + (batch ? "; split the batch" : "; send one report per request or a smaller report"));
            return;
        }
        metrics.inflightBytes(body.length);
        try {
            final List<Item> items = batch ? splitLines(body) : List.of(new Item(0, body, false));
            if (batch && items.size() > limits.maxBatchLines()) {
                count("too_large");
                log.warn("Refused request: reason=TOO_MANY_REPORTS caller={} reports={}", caller.label(), items.size());
                sendError(exchange, 413, "error", "TOO_MANY_REPORTS",
                        "the batch holds " + items.size() + " reports: at most " + limits.maxBatchLines() + " per request");
                return;
            }
            if (items.isEmpty()) {
                count("empty_batch");
                sendError(exchange, 400, "rejected", "EMPTY_BATCH", "the batch holds no report: expected one JSON object per line");
                return;
            }
            final Duration wait = rateLimiter.tryAcquire(caller.rateKey(), items.size());
            if (!wait.isZero()) {
                count("rate_limited");
                final long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                log.warn("Refused request: reason=RATE_LIMITED caller={} reports={} retryAfter={}s", caller.label(), items.size(), seconds);
                exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
                sendError(exchange, 429, "error", "RATE_LIMITED", "over the rate limit of " + limits.reportsPerSecond()
                        + " reports/s (burst " + limits.burst() + ") for " + caller.label() + "; retry after " + seconds + " s");
                return;
            }
            process(exchange, caller, items, batch);
        } finally {
            metrics.inflightBytes(-body.length);
        }
    }

    /** The caller, or {@code null} after answering 401. */
    private Caller authenticate(final HttpExchange exchange) throws IOException {
        if (!tokens.enabled()) {
            return Caller.ANYONE;
        }
        final String header = exchange.getRequestHeaders().getFirst("Authorization");
        final String token = bearerToken(header);
        if (token == null) {
            count("unauthorized");
            log.warn("Refused request: reason=MISSING_TOKEN from={}", exchange.getRemoteAddress());
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sitrep-ingest\"");
            sendError(exchange, 401, "error", "MISSING_TOKEN", "expected the header Authorization: Bearer <token>");
            return null;
        }
        final Set<String> scrapers = tokens.scrapersFor(token);
        if (scrapers.isEmpty()) {
            count("unauthorized");
            log.warn("Refused request: reason=INVALID_TOKEN from={}", exchange.getRemoteAddress());
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sitrep-ingest\", error=\"invalid_token\"");
            sendError(exchange, 401, "error", "INVALID_TOKEN", "the bearer token is not known to this ingest");
            return null;
        }
        return new Caller(scrapers);
    }

    private static String bearerToken(final String header) {
        if (header == null) {
            return null;
        }
        final String stripped = header.strip();
        if (stripped.length() < 7 || !stripped.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        final String token = stripped.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private void process(final HttpExchange exchange, final Caller caller, final List<Item> items, final boolean batch)
            throws IOException {
        final List<Outcome> results = new ArrayList<>(items.size());
        boolean anyForbidden = false;
        for (final Item item : items) {
            final Outcome outcome = check(caller, item);
            anyForbidden |= outcome.forbidden();
            results.add(outcome);
        }
        final long deadline = System.nanoTime() + limits.ackDeadline().toNanos();
        final List<CompletableFuture<RecordMetadata>> refusals = new ArrayList<>();
        // With the broker gone the producer loses its metadata and each send() blocks up to
        // max.block.ms; a batch must not pay that once per line. After the deadline, or after one
        // send failed on the spot, the rest of the request is not sent at all.
        boolean stalled = false;
        int refusalsNotWritten = 0;
        for (final Outcome outcome : results) {
            if (!outcome.refused() && anyForbidden) {
                continue;
            }
            if (stalled || System.nanoTime() - deadline > 0) {
                stalled = true;
                if (outcome.refused()) {
                    refusalsNotWritten++;
                } else {
                    outcome.unavailable = "PUBLISH_TIMEOUT";
                    outcome.message = "not sent: the broker did not answer within " + limits.ackDeadline().toMillis() + " ms";
                }
                continue;
            }
            final CompletableFuture<RecordMetadata> future = outcome.refused() ? publisher.reject(outcome.rejection)
                    : publish(outcome.report);
            if (outcome.refused()) {
                refusals.add(future);
            } else {
                outcome.send = future;
            }
            stalled = future.isCompletedExceptionally();
        }
        if (refusalsNotWritten > 0) {
            log.warn("{} refusals not written to the rejected topic: the broker is not answering", refusalsNotWritten);
        }
        for (final Outcome outcome : results) {
            if (outcome.send != null) {
                awaitSend(outcome, deadline);
            }
        }
        for (final CompletableFuture<RecordMetadata> refusal : refusals) {
            awaitRefusal(refusal, deadline);
        }
        for (final Outcome outcome : results) {
            record(outcome, anyForbidden);
        }
        if (batch) {
            answerBatch(exchange, results, anyForbidden);
        } else {
            answerSingle(exchange, results.get(0));
        }
    }

    private Outcome check(final Caller caller, final Item item) {
        final Outcome outcome = new Outcome(item.line);
        if (item.tooLarge) {
            outcome.reason = ReasonCode.TEXT_TOO_LARGE.name();
            outcome.message = "the line is longer than " + limits.maxBodyBytes() + " bytes";
            outcome.scraperId = caller.soleScraper();
        } else {
            final ValidationResult result = validator.validate(item.bytes);
            if (result instanceof ValidationResult.Valid valid) {
                outcome.report = valid.report();
                outcome.reportId = valid.report().getReportId();
                outcome.scraperId = valid.report().getScraperId();
            } else {
                final ValidationResult.Invalid invalid = (ValidationResult.Invalid) result;
                outcome.reason = invalid.reason().name();
                outcome.message = invalid.summary();
                outcome.problems = invalid.problems();
                outcome.reportId = invalid.reportId();
                outcome.scraperId = invalid.scraperId();
            }
        }
        if (outcome.scraperId != null && !caller.mayPostFor(outcome.scraperId)) {
            outcome.report = null;
            outcome.problems = List.of();
            outcome.reason = ReasonCode.SCRAPER_NOT_ALLOWED.name();
            outcome.message = "this token may post for " + caller.label() + ", not for scraperId " + outcome.scraperId;
        }
        if (outcome.report == null) {
            // with auth on, the sender is who the token says, not what the payload claims
            final String sender = caller.soleScraper() != null ? caller.soleScraper() : outcome.scraperId;
            final String message = item.line > 0 ? "line " + item.line + ": " + outcome.message : outcome.message;
            final byte[] original = item.tooLarge
                    ? Arrays.copyOf(item.bytes, Math.min(item.bytes.length, Rejections.MAX_ORIGINAL_BYTES)) : item.bytes;
            outcome.rejection = Rejections.ingest(outcome.reason, message, sender, outcome.reportId, original, clock.instant());
            outcome.rejection.setOriginalTruncated(outcome.rejection.getOriginalTruncated() || item.tooLarge);
            outcome.scraperId = sender;
        }
        return outcome;
    }

    private CompletableFuture<RecordMetadata> publish(final RawReport report) {
        return recentSends.sendOnce(report.getReportId(), () -> {
            final long start = System.nanoTime();
            final CompletableFuture<RecordMetadata> sent = publisher.publish(report);
            sent.whenComplete((metadata, error) -> {
                if (error == null) {
                    metrics.produced(Duration.ofNanos(System.nanoTime() - start));
                }
            });
            return sent;
        });
    }

    private void awaitSend(final Outcome outcome, final long deadline) {
        try {
            outcome.metadata = outcome.send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            outcome.unavailable = "PUBLISH_FAILED";
            outcome.message = "the report could not be stored: " + e.getCause().getClass().getSimpleName();
            log.warn("Publish failed: reportId={} scraperId={} error={}", outcome.reportId, outcome.scraperId, e.getCause().toString());
        } catch (TimeoutException e) {
            outcome.unavailable = "PUBLISH_TIMEOUT";
            outcome.message = "the broker did not acknowledge the report within " + limits.ackDeadline().toMillis() + " ms";
            log.warn("Publish not acknowledged within {}: reportId={} scraperId={}", limits.ackDeadline(), outcome.reportId,
                    outcome.scraperId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome.unavailable = "SHUTTING_DOWN";
            outcome.message = "ingest is shutting down";
        }
    }

    private void awaitRefusal(final CompletableFuture<RecordMetadata> refusal, final long deadline) {
        try {
            refusal.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            log.warn("Could not write a refusal to the rejected topic: {}", e.getCause().toString());
        } catch (TimeoutException e) {
            log.warn("Refusal not acknowledged by the rejected topic within {}", limits.ackDeadline());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while writing a refusal to the rejected topic");
        }
    }

    private void record(final Outcome outcome, final boolean anyForbidden) {
        if (outcome.refused()) {
            count("rejected." + outcome.reason);
            metrics.report("rejected", outcome.reason, outcome.scraperId);
            log.warn("Refused report: reason={} scraperId={} reportId={} line={}", outcome.reason, outcome.scraperId,
                    outcome.reportId, outcome.line);
        } else if (anyForbidden) {
            count("not_processed");
            metrics.report("not_processed", "", outcome.scraperId);
        } else if (outcome.unavailable != null) {
            count("unavailable");
            metrics.report("unavailable", outcome.unavailable, outcome.scraperId);
        } else {
            count("accepted");
            metrics.report("accepted", "", outcome.scraperId);
        }
    }

    private void answerSingle(final HttpExchange exchange, final Outcome outcome) throws IOException {
        final Map<String, Object> answer = new LinkedHashMap<>();
        if (outcome.forbidden()) {
            answer.put("status", "forbidden");
            answer.put("reason", outcome.reason);
            answer.put("message", outcome.message);
            send(exchange, 403, answer);
        } else if (outcome.refused()) {
            answer.put("status", "rejected");
            answer.put("reason", outcome.reason);
            answer.put("message", outcome.message);
            answer.put("problems", problems(outcome.problems));
            send(exchange, 400, answer);
        } else if (outcome.unavailable != null) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(limits.retryAfter().toSeconds()));
            answer.put("status", "unavailable");
            answer.put("reason", outcome.unavailable);
            answer.put("message", outcome.message + "; it may or may not be stored, resending is safe");
            answer.put("reportId", outcome.reportId);
            send(exchange, 503, answer);
        } else {
            answer.put("status", "accepted");
            answer.put("reportId", outcome.reportId);
            answer.put("topic", outcome.metadata.topic());
            answer.put("partition", outcome.metadata.partition());
            answer.put("offset", outcome.metadata.offset());
            send(exchange, 202, answer);
        }
    }

    private void answerBatch(final HttpExchange exchange, final List<Outcome> results, final boolean anyForbidden)
            throws IOException {
        int accepted = 0;
        int rejected = 0;
        Outcome firstUnavailable = null;
        Outcome firstRefused = null;
        Outcome firstForbidden = null;
        for (final Outcome outcome : results) {
            if (outcome.refused()) {
                rejected++;
                firstRefused = firstRefused == null ? outcome : firstRefused;
                firstForbidden = firstForbidden == null && outcome.forbidden() ? outcome : firstForbidden;
            } else if (outcome.unavailable != null) {
                firstUnavailable = firstUnavailable == null ? outcome : firstUnavailable;
            } else if (!anyForbidden) {
                accepted++;
            }
        }
        final int status;
        final Map<String, Object> answer = new LinkedHashMap<>();
        if (anyForbidden) {
            status = 403;
            answer.put("status", "forbidden");
            answer.put("reason", ReasonCode.SCRAPER_NOT_ALLOWED.name());
            answer.put("message", "line " + firstForbidden.line + ": " + firstForbidden.message + "; nothing of this batch was stored");
            accepted = 0;
        } else if (firstUnavailable != null) {
            status = 503;
            exchange.getResponseHeaders().set("Retry-After", Long.toString(limits.retryAfter().toSeconds()));
            answer.put("status", "unavailable");
            answer.put("reason", firstUnavailable.unavailable);
            answer.put("message", firstUnavailable.message + "; the batch is not accepted: resend all of it, reports"
                    + " already stored are not stored twice");
            accepted = 0;
        } else if (accepted == 0) {
            status = 400;
            answer.put("status", "rejected");
            answer.put("reason", firstRefused.reason);
            answer.put("message", "every report of the batch was refused; line " + firstRefused.line + ": " + firstRefused.message);
        } else {
            status = rejected == 0 ? 202 : 207;
            answer.put("status", rejected == 0 ? "accepted" : "partial");
        }
        answer.put("accepted", accepted);
        answer.put("rejected", rejected);
        final List<Map<String, Object>> items = new ArrayList<>(results.size());
        for (final Outcome outcome : results) {
            final Map<String, Object> item = new LinkedHashMap<>();
            item.put("line", outcome.line);
            if (outcome.refused()) {
                item.put("status", "rejected");
                item.put("reason", outcome.reason);
                item.put("message", outcome.message);
                item.put("problems", problems(outcome.problems));
            } else if (anyForbidden) {
                item.put("status", "not_processed");
            } else if (status == 503) {
                item.put("status", "unavailable");
            } else {
                item.put("status", "accepted");
                item.put("partition", outcome.metadata.partition());
                item.put("offset", outcome.metadata.offset());
            }
            if (outcome.reportId != null) {
                item.put("reportId", outcome.reportId);
            }
            items.add(item);
        }
        answer.put("items", items);
        send(exchange, status, answer);
    }

    private static List<Map<String, Object>> problems(final List<Problem> problems) {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final Problem problem : problems) {
            final Map<String, Object> p = new LinkedHashMap<>();
            p.put("code", problem.code().name());
            p.put("field", problem.field());
            p.put("message", problem.message());
            list.add(p);
        }
        return list;
    }

    private static String mediaType(final String header) {
        return header == null ? "" : header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /** Null when acceptable, else why not. Parameters other than charset are ignored. */
    private static String mediaTypeProblem(final String header) {
        if (header == null) {
            return "Content-Type is missing: expected " + JSON + " (one report) or " + NDJSON + " (one report per line)";
        }
        final String mediaType = mediaType(header);
        if (!mediaType.equals(JSON) && !NDJSON_TYPES.contains(mediaType)) {
            return "Content-Type " + mediaType + " is not supported: expected " + JSON + " or " + NDJSON;
        }
        final String[] parts = header.split(";");
        for (int i = 1; i < parts.length; i++) {
            final String[] param = parts[i].strip().split("=", 2);
            if (param.length == 2 && param[0].strip().equalsIgnoreCase("charset")) {
                final String charset = param[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return "charset " + charset + " is not supported: reports must be UTF-8";
                }
            }
        }
        return null;
    }

    /**
     * The body, or {@code null} when it exceeds the cap. An oversize body is read and discarded up
     * to {@link #MAX_SWALLOW_BYTES} beyond the cap so that a client still sending it can read the
     * 413 (otherwise it sees a reset connection); larger ones are not read at all and the
     * connection is closed.
     */
    private static byte[] readBody(final HttpExchange exchange, final int cap) throws IOException {
        final String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > (long) cap + MAX_SWALLOW_BYTES) {
                    exchange.getResponseHeaders().set("Connection", "close");
                    return null;
                }
            } catch (NumberFormatException e) {
                // the JDK server already refuses malformed lengths; read and let the cap decide
                log.debug("Unparseable Content-Length {}", declared, e);
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            final byte[] body = in.readNBytes(cap + 1);
            if (body.length <= cap) {
                return body;
            }
            final byte[] sink = new byte[64 * 1024];
            long swallowed = 0;
            int n;
            while (swallowed < MAX_SWALLOW_BYTES && (n = in.read(sink)) > 0) {
                swallowed += n;
            }
            if (swallowed >= MAX_SWALLOW_BYTES) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            return null;
        }
    }

    /** Splits on {@code \n}, drops a trailing {@code \r}, skips blank lines; marks lines over the report cap. */
    private List<Item> splitLines(final byte[] body) {
        final List<Item> items = new ArrayList<>();
        int line = 0;
        int start = 0;
        while (start <= body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line++;
            int stop = end;
            if (stop > start && body[stop - 1] == '\r') {
                stop--;
            }
            if (!blank(body, start, stop)) {
                final boolean tooLarge = stop - start > limits.maxBodyBytes();
                items.add(new Item(line, Arrays.copyOfRange(body, start, tooLarge ? start + limits.maxBodyBytes() : stop), tooLarge));
            }
            if (end == body.length) {
                break;
            }
            start = end + 1;
        }
        return items;
    }

    private static boolean blank(final byte[] body, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private void count(final String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    private void sendError(final HttpExchange exchange, final int status, final String state, final String reason,
            final String message) throws IOException {
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", state);
        answer.put("reason", reason);
        answer.put("message", message);
        send(exchange, status, answer);
    }

    private void send(final HttpExchange exchange, final int status, final Map<String, Object> answer) throws IOException {
        final byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            // maps of strings and numbers always serialize; reaching here is a bug
            throw new UncheckedIOException(e);
        }
        final Object start = exchange.getAttribute(START_ATTRIBUTE);
        if (start instanceof Long nanos) {
            metrics.request(status, Duration.ofNanos(System.nanoTime() - nanos));
        }
        exchange.getResponseHeaders().set("Content-Type", ANSWER_CONTENT_TYPE);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void trySendInternalError(final HttpExchange exchange) {
        try {
            sendError(exchange, 500, "error", "INTERNAL_ERROR", "ingest failed to handle the request");
        } catch (IOException | RuntimeException e) {
            // headers may already be sent; the connection is closed by the caller either way
            log.debug("Could not send 500", e);
        }
    }

    /** One report of a request: its line (0 for a single report), bytes, and whether it was cut at the cap. */
    private record Item(int line, byte[] bytes, boolean tooLarge) {
    }

    /**
     * Who is posting: the scraper ids the token is bound to, or anyone (auth disabled, {@code
     * scrapers == null}).
     */
    private record Caller(Set<String> scrapers) {
        static final Caller ANYONE = new Caller(null);

        boolean mayPostFor(final String scraperId) {
            return scrapers == null || scrapers.contains(scraperId);
        }

        /** The bucket key of the rate limiter: one per token, one shared when auth is off. */
        String rateKey() {
            return scrapers == null ? "*" : String.join("+", new java.util.TreeSet<>(scrapers));
        }

        String label() {
            return scrapers == null ? "anyone (auth disabled)" : rateKey();
        }

        /** The scraper the token is bound to when it is exactly one, else {@code null}. */
        String soleScraper() {
            return scrapers != null && scrapers.size() == 1 ? scrapers.iterator().next() : null;
        }
    }

    /** What became of one report; filled in as the request proceeds. */
    private static final class Outcome {
        private final int line;
        private RawReport report;
        private String reportId;
        private String scraperId;
        private String reason;
        private String message;
        private List<Problem> problems = List.of();
        private RejectedRecord rejection;
        private CompletableFuture<RecordMetadata> send;
        private RecordMetadata metadata;
        private String unavailable;

        Outcome(final int line) {
            this.line = line;
        }

        boolean refused() {
            return reason != null;
        }

        boolean forbidden() {
            return ReasonCode.SCRAPER_NOT_ALLOWED.name().equals(reason);
        }
    }
}
