package io.sitrep.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sitrep.ingest.publish.Rejections;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.Problem;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * {@code POST /v1/reports}: one JSON report per request (format: {@link ReportValidator}).
 *
 * <h2>Answers</h2>
 * Every answer is {@code application/json}.
 * <table>
 *   <caption>status codes</caption>
 *   <tr><th>status</th><th>when</th><th>body</th></tr>
 *   <tr><td>202</td><td>stored: the broker acknowledged the record with {@code acks=all}</td>
 *       <td>{@code {"status":"accepted","reportId","topic","partition","offset"}}</td></tr>
 *   <tr><td>400</td><td>the report is invalid; resending it unchanged will fail again</td>
 *       <td>{@code {"status":"rejected","reason":"<first code>","message","problems":[{"code","field","message"}]}}</td></tr>
 *   <tr><td>404</td><td>a path below {@code /v1/reports}</td><td>error</td></tr>
 *   <tr><td>405</td><td>method other than POST; header {@code Allow: POST}</td><td>error</td></tr>
 *   <tr><td>413</td><td>body longer than the configured cap (default 1 MiB)</td><td>error</td></tr>
 *   <tr><td>415</td><td>content type not {@code application/json}, or a charset other than UTF-8</td><td>error</td></tr>
 *   <tr><td>503</td><td>the send failed or was not acknowledged within the deadline (default 10 s);
 *       header {@code Retry-After: 5}; the report may or may not be stored, and resending is
 *       safe because the report id is stable</td><td>error with {@code reportId}</td></tr>
 *   <tr><td>500</td><td>a bug in ingest</td><td>error</td></tr>
 * </table>
 * Error bodies are {@code {"status":"error"|"unavailable","reason":"<CODE>","message":"..."}}.
 *
 * <p>A 400 is also written to {@code sitrep.reports.rejected} before it is answered; if that
 * write fails or is not acknowledged within the deadline the client still gets its 400 and a WARN
 * is logged. Protocol errors (404, 405, 413, 415) are not written there: they carry no usable
 * report, and an oversized body is never read in full.
 *
 * <h2>Threads</h2>
 * The handler blocks its thread while it reads the body and waits for the acknowledgement (at
 * most the deadline). Give the {@code HttpServer} an executor ({@code server.setExecutor(pool)}):
 * without one, handlers run on the server's single dispatcher thread and one slow broker round
 * trip would stall every connection. The pool size bounds the POSTs in flight; further requests
 * queue in the executor.
 *
 * <p>Never logs payloads; refusals are logged at WARN with reason code and scraper id. Outcome
 * counts are available through {@link #outcomeCounts()} for metrics.
 */
public final class ReportIngestHandler implements HttpHandler {

    /** The path this handler serves. */
    public static final String PATH = "/v1/reports";
    /** Default cap on the request body. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** Default wait for the broker's acknowledgement before answering 503. */
    public static final Duration DEFAULT_ACK_DEADLINE = Duration.ofSeconds(10);
    /** Seconds sent in {@code Retry-After} with a 503. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(ReportIngestHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";

    private final ReportValidator validator;
    private final ReportPublisher publisher;
    private final Clock clock;
    private final int maxBodyBytes;
    private final Duration ackDeadline;
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

    /** A handler with the default body cap (1 MiB) and acknowledgement deadline (10 s). */
    public ReportIngestHandler(final ReportValidator validator, final ReportPublisher publisher, final Clock clock) {
        this(validator, publisher, clock, DEFAULT_MAX_BODY_BYTES, DEFAULT_ACK_DEADLINE);
    }

    /**
     * @param validator    checks payloads
     * @param publisher    writes reports and refusals
     * @param clock        {@code rejectedAt} of refusals
     * @param maxBodyBytes larger bodies get 413
     * @param ackDeadline  longest wait for the broker before answering 503
     */
    public ReportIngestHandler(final ReportValidator validator, final ReportPublisher publisher, final Clock clock,
            final int maxBodyBytes, final Duration ackDeadline) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
        if (ackDeadline.isNegative() || ackDeadline.isZero()) {
            throw new IllegalArgumentException("ackDeadline must be positive: " + ackDeadline);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.ackDeadline = ackDeadline;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
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
     * Counts of answers by outcome since start ({@code accepted}, {@code rejected.<CODE>},
     * {@code unavailable}, {@code too_large}, ...); a snapshot, sorted by key.
     */
    public Map<String, Long> outcomeCounts() {
        final Map<String, Long> snapshot = new TreeMap<>();
        outcomes.forEach((key, adder) -> snapshot.put(key, adder.sum()));
        return snapshot;
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
        final String contentTypeProblem = contentTypeProblem(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (contentTypeProblem != null) {
            count("unsupported_media_type");
            sendError(exchange, 415, "error", "UNSUPPORTED_MEDIA_TYPE", contentTypeProblem);
            return;
        }
        final byte[] body = readBody(exchange);
        if (body == null) {
            count("too_large");
            sendError(exchange, 413, "error", "PAYLOAD_TOO_LARGE",
                    "the body is larger than " + maxBodyBytes + " bytes; send one report per request");
            return;
        }
        final ValidationResult result = validator.validate(body);
        if (result instanceof ValidationResult.Invalid invalid) {
            refuse(exchange, invalid, body);
        } else {
            accept(exchange, ((ValidationResult.Valid) result).report());
        }
    }

    /** Null when acceptable, else why not. Parameters other than charset are ignored. */
    private static String contentTypeProblem(final String header) {
        if (header == null) {
            return "Content-Type is missing: expected application/json";
        }
        final String[] parts = header.split(";");
        final String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            return "Content-Type " + mediaType + " is not supported: expected application/json";
        }
        for (int i = 1; i < parts.length; i++) {
            final String[] param = parts[i].strip().split("=", 2);
            if (param.length == 2 && param[0].strip().equalsIgnoreCase("charset")) {
                final String charset = param[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return "charset " + charset + " is not supported: JSON reports must be UTF-8";
                }
            }
        }
        return null;
    }

    /** The body, or {@code null} when it exceeds the cap (then it is not read further). */
    private byte[] readBody(final HttpExchange exchange) throws IOException {
        final String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > maxBodyBytes) {
                    return null;
                }
            } catch (NumberFormatException e) {
                // the JDK server already refuses malformed lengths; read and let the cap decide
                log.debug("Unparseable Content-Length {}", declared, e);
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            final byte[] body = in.readNBytes(maxBodyBytes + 1);
            return body.length > maxBodyBytes ? null : body;
        }
    }

    private void refuse(final HttpExchange exchange, final ValidationResult.Invalid invalid, final byte[] body)
            throws IOException {
        final String reason = invalid.reason().name();
        count("rejected." + reason);
        log.warn("Refused report: reason={} scraperId={} problems={}", reason, invalid.scraperId(), invalid.problems().size());
        final RejectedRecord rejected = Rejections.forInvalid(invalid, body, clock.instant());
        try {
            await(publisher.reject(rejected));
        } catch (ExecutionException e) {
            log.warn("Could not write refusal to the rejected topic: reason={} scraperId={} error={}", reason,
                    invalid.scraperId(), e.getCause().toString());
        } catch (TimeoutException e) {
            log.warn("Refusal not acknowledged within {}: reason={} scraperId={}", ackDeadline, reason, invalid.scraperId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while writing refusal: reason={} scraperId={}", reason, invalid.scraperId());
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "rejected");
        answer.put("reason", reason);
        answer.put("message", invalid.summary());
        final List<Map<String, Object>> problems = new ArrayList<>();
        for (final Problem problem : invalid.problems()) {
            final Map<String, Object> p = new LinkedHashMap<>();
            p.put("code", problem.code().name());
            p.put("field", problem.field());
            p.put("message", problem.message());
            problems.add(p);
        }
        answer.put("problems", problems);
        send(exchange, 400, answer);
    }

    private void accept(final HttpExchange exchange, final RawReport report) throws IOException {
        final RecordMetadata metadata;
        try {
            metadata = await(publisher.publish(report));
        } catch (ExecutionException e) {
            count("unavailable");
            log.warn("Publish failed: reportId={} scraperId={} error={}", report.getReportId(), report.getScraperId(),
                    e.getCause().toString());
            unavailable(exchange, report, "PUBLISH_FAILED", "the report could not be stored: " + e.getCause().getClass().getSimpleName());
            return;
        } catch (TimeoutException e) {
            count("unavailable");
            log.warn("Publish not acknowledged within {}: reportId={} scraperId={}", ackDeadline, report.getReportId(),
                    report.getScraperId());
            unavailable(exchange, report, "PUBLISH_TIMEOUT",
                    "the broker did not acknowledge the report within " + ackDeadline.toMillis() + " ms");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            count("unavailable");
            unavailable(exchange, report, "SHUTTING_DOWN", "ingest is shutting down");
            return;
        }
        count("accepted");
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "accepted");
        answer.put("reportId", report.getReportId());
        answer.put("topic", metadata.topic());
        answer.put("partition", metadata.partition());
        answer.put("offset", metadata.offset());
        send(exchange, 202, answer);
    }

    private void unavailable(final HttpExchange exchange, final RawReport report, final String reason, final String message)
            throws IOException {
        exchange.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "unavailable");
        answer.put("reason", reason);
        answer.put("message", message + "; it may or may not be stored, resending is safe");
        answer.put("reportId", report.getReportId());
        send(exchange, 503, answer);
    }

    private <T> T await(final CompletableFuture<T> future) throws ExecutionException, TimeoutException, InterruptedException {
        return future.get(ackDeadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void count(final String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    private static void sendError(final HttpExchange exchange, final int status, final String state, final String reason,
            final String message) throws IOException {
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", state);
        answer.put("reason", reason);
        answer.put("message", message);
        send(exchange, status, answer);
    }

    private static void send(final HttpExchange exchange, final int status, final Map<String, Object> answer)
            throws IOException {
        final byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            // maps of strings and numbers always serialize; reaching here is a bug
            throw new UncheckedIOException(e);
        }
        exchange.getResponseHeaders().set("Content-Type", JSON_CONTENT_TYPE);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void trySendInternalError(final HttpExchange exchange) {
        try {
            sendError(exchange, 500, "error", "INTERNAL_ERROR", "ingest failed to handle the request");
        } catch (IOException | RuntimeException e) {
            // headers may already be sent; the connection is closed by the caller either way
            log.debug("Could not send 500", e);
        }
    }
}
