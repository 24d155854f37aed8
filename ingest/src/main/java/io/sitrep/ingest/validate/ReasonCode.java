package io.sitrep.ingest.validate;

/**
 * Why ingest refused a report. The names are a stable contract: scrapers see them in HTTP 400
 * answers, operators see them in {@code sitrep.reports.rejected} and its metrics. Add codes, never
 * rename or reuse one.
 */
public enum ReasonCode {
    /** The body is not one complete JSON value (syntax error, trailing data, duplicate key, empty). */
    MALFORMED_JSON,
    /** The body is valid JSON but not a JSON object. */
    NOT_AN_OBJECT,
    /** A required field is absent, {@code null} or blank; or neither {@code url} nor {@code scraperReportId} was sent. */
    MISSING_FIELD,
    /** A field has the wrong JSON type, or a string that is not in the expected shape (e.g. a language tag). */
    INVALID_TYPE,
    /** {@code url} is not an absolute http/https URL with a host. */
    INVALID_URL,
    /** A time or date is not ISO-8601 (instants need an offset or {@code Z}). */
    INVALID_TIME,
    /** A time or date lies more than one day after ingest's clock. */
    TIME_IN_FUTURE,
    /** A time or date lies before 1990-01-01. */
    TIME_TOO_OLD,
    /** A text field is longer than its cap (body 200 000, headline 1 000 characters; see the validator). */
    TEXT_TOO_LARGE,
    /** {@code headline} or {@code body} is empty or only whitespace. */
    EMPTY_TEXT,
    /** The bytes are not valid UTF-8. */
    INVALID_UTF8,
    /** {@code hints.regionCode} is not a region the gazetteer knows. */
    UNKNOWN_HINT_REGION,
    /** {@code hints.eventType} is not a symbol of {@code EventType}. */
    INVALID_HINT_EVENT_TYPE,
    /**
     * The report's {@code scraperId} is not one the caller's token is bound to (HTTP 403). Set by
     * the endpoint, never by the validator.
     */
    SCRAPER_NOT_ALLOWED
}
