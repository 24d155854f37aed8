package io.sitrep.ingest.intake;

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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes reports in, whatever carried them (HTTP, a file): validates each, checks the sender may
 * submit for its scraper, gives it its id (the validator's), writes it to the raw topic and its
 * refusals to the rejected topic, and says what became of it ({@link Outcome}). Knows nothing of
 * HTTP.
 *
 * <p>Two ways in: {@link #submitAndWait} for a request that is answered only once the broker
 * acknowledged ({@code acks=all}) or the ack deadline passed; {@link #submit} for a loader that
 * keeps many reports in flight. Both count every report in {@link IngestMetrics}, the one record
 * of outcomes.
 *
 * <p>A resend of a report id still in flight or stored in the last
 * {@link RecentSends#DEFAULT_RETENTION} is not written again: it joins that send.
 * Never logs payloads.
 */
public final class ReportIntake {
    private static final Logger log = LoggerFactory.getLogger(ReportIntake.class);

    private final ReportValidator validator;
    private final ReportPublisher publisher;
    private final Clock clock;
    private final IngestMetrics metrics;
    private final int maxReportBytes;
    private final Duration ackDeadline;
    private final RecentSends recentSends = new RecentSends();

    /**
     * @param clock          {@code rejectedAt} of refusals
     * @param maxReportBytes the cap a {@link Payload#cut()} payload exceeded (for its message)
     * @param ackDeadline    longest wait of {@link #submitAndWait}
     */
    public ReportIntake(final ReportValidator validator, final ReportPublisher publisher, final Clock clock,
            final IngestMetrics metrics, final int maxReportBytes, final Duration ackDeadline) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.maxReportBytes = maxReportBytes;
        this.ackDeadline = Objects.requireNonNull(ackDeadline, "ackDeadline");
    }

    /** The metrics outcomes are counted in. */
    public IngestMetrics metrics() {
        return metrics;
    }

    /**
     * Submits one report without waiting: completes (never exceptionally) once it is stored,
     * refused (its refusal written to the rejected topic, or the write failed: logged) or failed.
     */
    public CompletableFuture<Outcome> submit(final Payload payload, final Sender sender) {
        final Checked checked = check(payload, sender);
        final CompletableFuture<Outcome> outcome;
        if (checked.report != null) {
            outcome = publish(checked.report).handle((stored, error) -> error == null ? checked.accepted(stored)
                    : checked.unavailable("PUBLISH_FAILED", "the report could not be stored: " + describe(error)));
        } else {
            outcome = publisher.reject(checked.rejection).handle((stored, error) -> {
                if (error != null) {
                    log.debug("Could not write the refusal of {} to the rejected topic", payload.where(), error);
                }
                return checked.outcome;
            });
        }
        return outcome.thenApply(o -> {
            record(o);
            return o;
        });
    }

    /**
     * Submits the reports of one request and waits, at most the ack deadline, for the broker.
     * When one report is {@link Outcome.Kind#FORBIDDEN}, none of the request is stored (the valid
     * ones are {@link Outcome.Kind#NOT_PROCESSED}); refusals are written to the rejected topic
     * either way, and a failed write there does not change the outcome.
     *
     * @return one outcome per payload, in order
     */
    public List<Outcome> submitAndWait(final List<Payload> payloads, final Sender sender) {
        final List<Checked> checked = new ArrayList<>(payloads.size());
        boolean anyForbidden = false;
        for (final Payload payload : payloads) {
            final Checked c = check(payload, sender);
            anyForbidden |= c.outcome != null && c.outcome.kind() == Outcome.Kind.FORBIDDEN;
            checked.add(c);
        }
        final long deadline = System.nanoTime() + ackDeadline.toNanos();
        final List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>(checked.size());
        // With the broker gone the producer loses its metadata and each send() blocks up to
        // max.block.ms; a batch must not pay that once per line. After the deadline, or after one
        // send failed on the spot, the rest of the request is not sent at all.
        boolean stalled = false;
        int refusalsNotWritten = 0;
        for (final Checked c : checked) {
            CompletableFuture<RecordMetadata> send = null;
            if (c.report != null && anyForbidden) {
                c.outcome = c.notProcessed();
            } else if (stalled || System.nanoTime() - deadline > 0) {
                stalled = true;
                if (c.report == null) {
                    refusalsNotWritten++;
                } else {
                    c.outcome = c.unavailable("PUBLISH_TIMEOUT", "not sent: the broker did not answer within "
                            + ackDeadline.toMillis() + " ms");
                }
            } else {
                send = c.report != null ? publish(c.report) : publisher.reject(c.rejection);
                stalled = send.isCompletedExceptionally();
            }
            sends.add(send);
        }
        if (refusalsNotWritten > 0) {
            log.warn("{} refusals not written to the rejected topic: the broker is not answering", refusalsNotWritten);
        }
        final List<Outcome> outcomes = new ArrayList<>(checked.size());
        for (int i = 0; i < checked.size(); i++) {
            final Checked c = checked.get(i);
            if (sends.get(i) != null) {
                await(c, sends.get(i), deadline);
            }
            record(c.outcome);
            outcomes.add(c.outcome);
        }
        return outcomes;
    }

    private Checked check(final Payload payload, final Sender sender) {
        final Checked c = new Checked(payload.line());
        String reason = null;
        String message = null;
        List<Problem> problems = List.of();
        if (payload.cut()) {
            reason = ReasonCode.TEXT_TOO_LARGE.name();
            message = "the line is longer than " + maxReportBytes + " bytes";
            c.scraperId = sender.soleScraper();
        } else {
            final ValidationResult result = validator.validate(payload.bytes());
            if (result instanceof ValidationResult.Valid valid) {
                c.report = valid.report();
                c.reportId = valid.report().getReportId();
                c.scraperId = valid.report().getScraperId();
            } else {
                final ValidationResult.Invalid invalid = (ValidationResult.Invalid) result;
                reason = invalid.reason().name();
                message = invalid.summary();
                problems = invalid.problems();
                c.reportId = invalid.reportId();
                c.scraperId = invalid.scraperId();
            }
        }
        Outcome.Kind kind = Outcome.Kind.REJECTED;
        if (c.scraperId != null && !sender.mayPostFor(c.scraperId)) {
            c.report = null;
            kind = Outcome.Kind.FORBIDDEN;
            reason = ReasonCode.SCRAPER_NOT_ALLOWED.name();
            message = "this token may post for " + sender.label() + ", not for scraperId " + c.scraperId;
            problems = List.of();
        }
        if (c.report == null) {
            // with a bound credential, the sender is who the credential says, not what the payload claims
            c.scraperId = sender.soleScraper() != null ? sender.soleScraper() : c.scraperId;
            final String logged = payload.where() == null ? message : payload.where() + ": " + message;
            c.rejection = Rejections.ingest(reason, logged, c.scraperId, c.reportId, payload.bytes(), payload.cut(),
                    clock.instant());
            c.outcome = new Outcome(c.line, kind, c.reportId, c.scraperId, reason, message, problems, null);
        }
        return c;
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

    private void await(final Checked c, final CompletableFuture<RecordMetadata> send, final long deadline) {
        try {
            final RecordMetadata stored = send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (c.report != null) {
                c.outcome = c.accepted(stored);
            }
        } catch (ExecutionException e) {
            if (c.report != null) {
                c.outcome = c.unavailable("PUBLISH_FAILED", "the report could not be stored: " + describe(e));
                log.warn("Publish failed: reportId={} scraperId={} error={}", c.reportId, c.scraperId, e.getCause().toString());
            } else {
                log.warn("Could not write a refusal to the rejected topic: {}", e.getCause().toString());
            }
        } catch (TimeoutException e) {
            if (c.report != null) {
                c.outcome = c.unavailable("PUBLISH_TIMEOUT", "the broker did not acknowledge the report within "
                        + ackDeadline.toMillis() + " ms");
                log.warn("Publish not acknowledged within {}: reportId={} scraperId={}", ackDeadline, c.reportId, c.scraperId);
            } else {
                log.warn("Refusal not acknowledged by the rejected topic within {}", ackDeadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (c.report != null) {
                c.outcome = c.unavailable("SHUTTING_DOWN", "ingest is shutting down");
            }
        }
    }

    private void record(final Outcome outcome) {
        switch (outcome.kind()) {
            case REJECTED, FORBIDDEN -> {
                metrics.report("rejected", outcome.reason(), outcome.scraperId());
                log.warn("Refused report: reason={} scraperId={} reportId={} line={}", outcome.reason(), outcome.scraperId(),
                        outcome.reportId(), outcome.line());
            }
            case NOT_PROCESSED -> metrics.report("not_processed", "", outcome.scraperId());
            case UNAVAILABLE -> metrics.report("unavailable", outcome.reason(), outcome.scraperId());
            case ACCEPTED -> metrics.report("accepted", "", outcome.scraperId());
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
    }

    private static String describe(final Throwable error) {
        final Throwable cause = (error instanceof CompletionException || error instanceof ExecutionException)
                && error.getCause() != null ? error.getCause() : error;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** One report on its way: the valid report or the refusal to write, and its outcome once known. */
    private static final class Checked {
        private final int line;
        private RawReport report;
        private RejectedRecord rejection;
        private String reportId;
        private String scraperId;
        private Outcome outcome;

        Checked(final int line) {
            this.line = line;
        }

        Outcome accepted(final RecordMetadata stored) {
            return new Outcome(line, Outcome.Kind.ACCEPTED, reportId, scraperId, null, null, List.of(), stored);
        }

        Outcome unavailable(final String reason, final String message) {
            return new Outcome(line, Outcome.Kind.UNAVAILABLE, reportId, scraperId, reason, message, List.of(), null);
        }

        Outcome notProcessed() {
            return new Outcome(line, Outcome.Kind.NOT_PROCESSED, reportId, scraperId, null, null, List.of(), null);
        }
    }
}
