package io.sitrep.ingest.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitrep.schemas.id.CanonicalUrl;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Time and URL sanity of one validation run: instants parse with an offset and lie between
 * {@link ReportValidator#EARLIEST} and {@link ReportValidator#FUTURE_TOLERANCE} past ingest time;
 * URLs canonicalize. Problems go to the run's {@link FieldReader}.
 */
final class TimeAndUrlRules {

    private final FieldReader fields;
    private final Instant now;

    TimeAndUrlRules(final FieldReader fields, final Instant now) {
        this.fields = fields;
        this.now = now;
    }

    /** The canonical form of {@code url} (the report id derives from it), or null. */
    String canonicalUrl(final String url) {
        if (url == null) {
            return null;
        }
        final Optional<String> canonical = CanonicalUrl.canonicalize(url);
        if (canonical.isEmpty()) {
            fields.add(new Problem(ReasonCode.INVALID_URL, "url",
                    "url is not an absolute http or https URL with a valid host"));
            return null;
        }
        return canonical.get();
    }

    /** Reads a top-level ISO-8601 instant with offset, truncated to milliseconds. */
    Instant instant(final String name, final boolean required) {
        final JsonNode node = fields.root().get(name);
        if (node == null || node.isNull()) {
            if (required) {
                fields.add(new Problem(ReasonCode.MISSING_FIELD, name,
                        name + " is required: expected an ISO-8601 instant such as \"2026-02-27T06:10:00Z\""));
            }
            return null;
        }
        if (!node.isTextual()) {
            fields.add(FieldReader.wrongType(name, node, "an ISO-8601 instant string such as \"2026-02-27T06:10:00Z\""));
            return null;
        }
        final Instant instant;
        try {
            instant = OffsetDateTime.parse(node.textValue().strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            fields.add(new Problem(ReasonCode.INVALID_TIME, name, name
                    + " is not an ISO-8601 instant with offset: expected e.g. \"2026-02-27T06:10:00Z\" or \"2026-02-27T10:40:00+04:30\""));
            return null;
        }
        return inRange(name, instant) ? instant : null;
    }

    boolean inRange(final String path, final Instant instant) {
        if (instant.isBefore(ReportValidator.EARLIEST)) {
            fields.add(new Problem(ReasonCode.TIME_TOO_OLD, path,
                    path + " is before " + ReportValidator.EARLIEST + ": expected a recent time"));
            return false;
        }
        if (instant.isAfter(now.plus(ReportValidator.FUTURE_TOLERANCE))) {
            fields.add(new Problem(ReasonCode.TIME_IN_FUTURE, path,
                    path + " is more than " + ReportValidator.FUTURE_TOLERANCE.toDays() + " day after ingest time " + now));
            return false;
        }
        return true;
    }
}
