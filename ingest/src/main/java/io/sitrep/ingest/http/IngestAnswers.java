package io.sitrep.ingest.http;

import io.sitrep.ingest.intake.Outcome;
import io.sitrep.ingest.validate.Problem;
import io.sitrep.ingest.validate.ReasonCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the outcomes of a request into its HTTP answer (shapes: {@link ReportIngestHandler}). */
final class IngestAnswers {

    /**
     * One answer.
     *
     * @param status     HTTP status
     * @param body       JSON body, fields in order
     * @param retryAfter the answer is a 503 that needs {@code Retry-After}
     */
    record Answer(int status, Map<String, Object> body, boolean retryAfter) {
    }

    private IngestAnswers() {
    }

    /** The answer to a single report. */
    static Answer single(final Outcome outcome) {
        final Map<String, Object> answer = new LinkedHashMap<>();
        switch (outcome.kind()) {
            case FORBIDDEN -> {
                head(answer, "forbidden", outcome.reason(), outcome.message());
                return new Answer(403, answer, false);
            }
            case REJECTED -> {
                head(answer, "rejected", outcome.reason(), outcome.message());
                answer.put("problems", problems(outcome.problems()));
                return new Answer(400, answer, false);
            }
            case UNAVAILABLE -> {
                head(answer, "unavailable", outcome.reason(), outcome.message() + "; it may or may not be stored, resending is safe");
                answer.put("reportId", outcome.reportId());
                return new Answer(503, answer, true);
            }
            default -> {
                answer.put("status", "accepted");
                answer.put("reportId", outcome.reportId());
                answer.put("topic", outcome.stored().topic());
                answer.put("partition", outcome.stored().partition());
                answer.put("offset", outcome.stored().offset());
                return new Answer(202, answer, false);
            }
        }
    }

    /** The answer to a batch: the verdict of the whole, then every line's outcome. */
    static Answer batch(final List<Outcome> results) {
        int accepted = 0;
        int rejected = 0;
        Outcome firstUnavailable = null;
        Outcome firstRefused = null;
        Outcome firstForbidden = null;
        for (final Outcome outcome : results) {
            if (outcome.refused()) {
                rejected++;
                firstRefused = firstRefused == null ? outcome : firstRefused;
                firstForbidden = firstForbidden == null && outcome.kind() == Outcome.Kind.FORBIDDEN ? outcome : firstForbidden;
            } else if (outcome.kind() == Outcome.Kind.UNAVAILABLE) {
                firstUnavailable = firstUnavailable == null ? outcome : firstUnavailable;
            } else if (outcome.kind() == Outcome.Kind.ACCEPTED) {
                accepted++;
            }
        }
        final int status;
        final Map<String, Object> answer = new LinkedHashMap<>();
        if (firstForbidden != null) {
            status = 403;
            head(answer, "forbidden", ReasonCode.SCRAPER_NOT_ALLOWED.name(),
                    "line " + firstForbidden.line() + ": " + firstForbidden.message() + "; nothing of this batch was stored");
        } else if (firstUnavailable != null) {
            status = 503;
            head(answer, "unavailable", firstUnavailable.reason(), firstUnavailable.message()
                    + "; the batch is not accepted: resend all of it, reports already stored are not stored twice");
            accepted = 0;
        } else if (accepted == 0) {
            status = 400;
            head(answer, "rejected", firstRefused.reason(),
                    "every report of the batch was refused; line " + firstRefused.line() + ": " + firstRefused.message());
        } else {
            status = rejected == 0 ? 202 : 207;
            answer.put("status", rejected == 0 ? "accepted" : "partial");
        }
        answer.put("accepted", accepted);
        answer.put("rejected", rejected);
        final List<Map<String, Object>> items = new ArrayList<>(results.size());
        for (final Outcome outcome : results) {
            items.add(item(outcome, status == 503));
        }
        answer.put("items", items);
        return new Answer(status, answer, status == 503);
    }

    private static Map<String, Object> item(final Outcome outcome, final boolean batchUnavailable) {
        final Map<String, Object> item = new LinkedHashMap<>();
        item.put("line", outcome.line());
        if (outcome.refused()) {
            item.put("status", "rejected");
            item.put("reason", outcome.reason());
            item.put("message", outcome.message());
            item.put("problems", problems(outcome.problems()));
        } else if (outcome.kind() == Outcome.Kind.NOT_PROCESSED) {
            item.put("status", "not_processed");
        } else if (batchUnavailable) {
            // stored or not, a line of a batch that is not accepted is resent with it
            item.put("status", "unavailable");
        } else {
            item.put("status", "accepted");
            item.put("partition", outcome.stored().partition());
            item.put("offset", outcome.stored().offset());
        }
        if (outcome.reportId() != null) {
            item.put("reportId", outcome.reportId());
        }
        return item;
    }

    private static void head(final Map<String, Object> answer, final String status, final String reason, final String message) {
        answer.put("status", status);
        answer.put("reason", reason);
        answer.put("message", message);
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
}
