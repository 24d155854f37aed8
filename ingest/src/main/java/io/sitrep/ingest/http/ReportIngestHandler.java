package io.sitrep.ingest.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sitrep.ingest.auth.ScraperTokens;
import io.sitrep.ingest.intake.Outcome;
import io.sitrep.ingest.intake.Payload;
import io.sitrep.ingest.intake.ReportIntake;
import io.sitrep.ingest.intake.Sender;
import io.sitrep.ingest.metrics.IngestMetrics;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.schemas.http.JsonAnswer;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 * Error bodies have the project's one shape ({@link JsonAnswer}):
 * {@code {"status":"error"|"forbidden"|"unavailable"|"rejected","reason":"<CODE>","message"}}.
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
 * A resend of a report id that this process is still sending, or stored recently, is not written
 * again: it joins that send and gets its topic, partition and offset ({@link ReportIntake}). A 503
 * therefore never causes a duplicate when the scraper retries against the same instance.
 *
 * <h2>Rejected topic</h2>
 * Every refused <em>report</em> (400 reasons and 403) is written to {@code sitrep.reports.rejected}
 * with its reason, the scraper id (the authenticated one when auth is on) and the payload up to
 * {@link io.sitrep.schemas.RejectedRecords#MAX_ORIGINAL_BYTES}. Request-level refusals (401, 404, 405, 413, 415, 429)
 * are not: they carry no report, and writing them would let unauthenticated or flooding clients
 * write to Kafka. They are counted in {@link IngestMetrics} (by status) and logged at WARN. A failed write to
 * the rejected topic does not change the answer (a WARN is logged).
 *
 * <h2>Oversize bodies</h2>
 * A body declared larger than the cap is answered 413 before any of it is read, so a client that
 * waits on {@code Expect: 100-continue} need not send it (the JDK server sends the interim 100
 * itself, before any handler runs, so the 413 follows it); whatever the client sends anyway is
 * read and thrown away, up to {@link RequestBody#MAX_DISCARD_BYTES}, so that it reads the 413
 * instead of a reset connection.
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
    /** Default cap on a single-report body. */
    public static final int DEFAULT_MAX_BODY_BYTES = IngestLimits.defaults().maxBodyBytes();
    /** Default wait for the broker's acknowledgement before answering 503. */
    public static final Duration DEFAULT_ACK_DEADLINE = IngestLimits.defaults().ackDeadline();

    private static final Logger log = LoggerFactory.getLogger(ReportIngestHandler.class);
    private static final String START_ATTRIBUTE = "sitrep.ingest.start";
    private static final String TIMED_ATTRIBUTE = "sitrep.ingest.timed";

    private final ReportIntake intake;
    private final IngestLimits limits;
    private final ScraperTokens tokens;
    private final IngestMetrics metrics;
    private final RateLimiter rateLimiter;

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
        this(new ReportIntake(validator, publisher, clock, metrics, limits.maxBodyBytes(), limits.ackDeadline()), limits, tokens);
    }

    /** An HTTP front for {@code intake}, whose ack deadline must be {@code limits}'. */
    public ReportIngestHandler(final ReportIntake intake, final IngestLimits limits, final ScraperTokens tokens) {
        this.intake = Objects.requireNonNull(intake, "intake");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.metrics = intake.metrics();
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
            metrics.ioError();
            log.warn("I/O error on {} from {}: {}", PATH, exchange.getRemoteAddress(), e.toString());
        } catch (RuntimeException e) {
            log.error("Failed to handle {} from {}", PATH, exchange.getRemoteAddress(), e);
            trySendInternalError(exchange);
        } finally {
            exchange.close();
        }
    }

    /** The metrics this handler records into: the one count of its answers and reports. */
    public IngestMetrics metrics() {
        return metrics;
    }

    private void serve(final HttpExchange exchange) throws IOException {
        final String path = exchange.getRequestURI().getPath();
        if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
            error(exchange, 404, "NOT_FOUND", "no resource at " + path + "; reports go to POST " + PATH);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            error(exchange, 405, "METHOD_NOT_ALLOWED", exchange.getRequestMethod() + " is not allowed: use POST");
            return;
        }
        final Sender sender = authenticate(exchange);
        if (sender == null) {
            return;
        }
        final String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        final String mediaTypeProblem = RequestBody.mediaTypeProblem(contentType);
        if (mediaTypeProblem != null) {
            error(exchange, 415, "UNSUPPORTED_MEDIA_TYPE", mediaTypeProblem);
            return;
        }
        final boolean batch = RequestBody.isBatch(contentType);
        final int cap = batch ? limits.maxBatchBytes() : limits.maxBodyBytes();
        final byte[] body = RequestBody.read(exchange, cap);
        if (body == null) {
            log.warn("Refused request: reason=PAYLOAD_TOO_LARGE caller={}", sender.label());
            exchange.getResponseHeaders().set("Connection", "close");
            final Object answer = JsonAnswer.error("error", "PAYLOAD_TOO_LARGE", "the body is larger than " + cap
                    + " bytes" + (batch ? "; split the batch" : "; send one report per request or a smaller report"));
            try (OutputStream out = JsonAnswer.open(exchange, 413, answer)) {
                timed(exchange, 413);
                RequestBody.discard(exchange);
            }
            return;
        }
        metrics.inflightBytes(body.length);
        try {
            admit(exchange, sender, batch ? RequestBody.lines(body, limits.maxBodyBytes()) : List.of(Payload.single(body)), batch);
        } finally {
            metrics.inflightBytes(-body.length);
        }
    }

    /** Batch size and rate, then the intake. */
    private void admit(final HttpExchange exchange, final Sender sender, final List<Payload> payloads, final boolean batch)
            throws IOException {
        if (batch && payloads.size() > limits.maxBatchLines()) {
            log.warn("Refused request: reason=TOO_MANY_REPORTS caller={} reports={}", sender.label(), payloads.size());
            error(exchange, 413, "TOO_MANY_REPORTS",
                    "the batch holds " + payloads.size() + " reports: at most " + limits.maxBatchLines() + " per request");
            return;
        }
        if (payloads.isEmpty()) {
            send(exchange, 400, JsonAnswer.error("rejected", "EMPTY_BATCH", "the batch holds no report: expected one JSON object per line"));
            return;
        }
        final Duration wait = rateLimiter.tryAcquire(sender.rateKey(), payloads.size());
        if (!wait.isZero()) {
            final long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            log.warn("Refused request: reason=RATE_LIMITED caller={} reports={} retryAfter={}s", sender.label(), payloads.size(), seconds);
            exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
            error(exchange, 429, "RATE_LIMITED", "over the rate limit of " + limits.reportsPerSecond()
                    + " reports/s (burst " + limits.burst() + ") for " + sender.label() + "; retry after " + seconds + " s");
            return;
        }
        final List<Outcome> outcomes = intake.submitAndWait(payloads, sender);
        final IngestAnswers.Answer answer = batch ? IngestAnswers.batch(outcomes) : IngestAnswers.single(outcomes.get(0));
        if (answer.retryAfter()) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(limits.retryAfter().toSeconds()));
        }
        send(exchange, answer.status(), answer.body());
    }

    /** The sender, or {@code null} after answering 401. */
    private Sender authenticate(final HttpExchange exchange) throws IOException {
        if (!tokens.enabled()) {
            return Sender.ANYONE;
        }
        final String token = bearerToken(exchange.getRequestHeaders().getFirst("Authorization"));
        final Set<String> scrapers = token == null ? Set.of() : tokens.scrapersFor(token);
        if (!scrapers.isEmpty()) {
            return new Sender(scrapers);
        }
        final String reason = token == null ? "MISSING_TOKEN" : "INVALID_TOKEN";
        log.warn("Refused request: reason={} from={}", reason, exchange.getRemoteAddress());
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sitrep-ingest\""
                + (token == null ? "" : ", error=\"invalid_token\""));
        error(exchange, 401, reason, token == null ? "expected the header Authorization: Bearer <token>"
                : "the bearer token is not known to this ingest");
        return null;
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

    private void error(final HttpExchange exchange, final int status, final String reason, final String message) throws IOException {
        send(exchange, status, JsonAnswer.error("error", reason, message));
    }

    private void send(final HttpExchange exchange, final int status, final Object answer) throws IOException {
        timed(exchange, status);
        JsonAnswer.send(exchange, status, answer);
    }

    /** Counts the answer and the request's time, once per request. */
    private void timed(final HttpExchange exchange, final int status) {
        if (exchange.getAttribute(START_ATTRIBUTE) instanceof Long nanos && exchange.getAttribute(TIMED_ATTRIBUTE) == null) {
            exchange.setAttribute(TIMED_ATTRIBUTE, Boolean.TRUE);
            metrics.request(status, Duration.ofNanos(System.nanoTime() - nanos));
        }
    }

    private void trySendInternalError(final HttpExchange exchange) {
        try {
            error(exchange, 500, "INTERNAL_ERROR", "ingest failed to handle the request");
        } catch (IOException | RuntimeException e) {
            // headers may already be sent; the connection is closed by the caller either way
            log.debug("Could not send 500", e);
        }
    }
}
