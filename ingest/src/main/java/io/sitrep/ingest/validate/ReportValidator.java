package io.sitrep.ingest.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.ReportHints;
import io.sitrep.schemas.id.ReportIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Turns one JSON report, as a scraper sends it, into a {@link RawReport} or a list of
 * {@link Problem}s. This is the scraper-facing contract of both the HTTP endpoint and the JSONL
 * loader.
 *
 * <h2>Format</h2>
 * One UTF-8 JSON object (a leading byte-order mark is tolerated):
 * <pre>{@code
 * {
 *   "scraperId": "kabul-wire-1",               required, non-blank, <= 256 chars
 *   "scraperReportId": "optional",             the scraper's own id; string or integer, <= 512 chars
 *   "sourceOutlet": "Tolo News",               required, non-blank, <= 256 chars
 *   "url": "https://...",                      absolute http/https URL, <= 8192 chars
 *   "language": "en",                          BCP 47 tag; default "en"
 *   "publishedAt": "2026-02-27T06:10:00Z",     required, ISO-8601 with offset or Z
 *   "fetchedAt": "2026-02-27T06:12:00Z",       ISO-8601 with offset or Z; default: now
 *   "headline": "...",                         required, non-blank, <= 1 000 chars
 *   "body": "...",                             required, non-blank, <= 200 000 chars
 *   "hints": {                                 optional, every member optional
 *     "regionCode": "AF-KHO",                  ISO 3166-2, must be known to the gazetteer
 *     "eventType": "AIR_DRONE_STRIKE",         a symbol of EventType
 *     "eventDate": "2026-02-26"                ISO-8601 date
 *   }
 * }
 * }</pre>
 * At least one of {@code url} and {@code scraperReportId} is required: the report id comes from
 * them (see {@link ReportIds}), so a resend of the same report gets the same id. Lengths count
 * UTF-16 code units. {@code null} counts as absent everywhere. A blank {@code scraperReportId},
 * {@code url} or hint is treated as absent.
 *
 * <h2>Checks</h2>
 * Instants and dates must not lie more than one day after the injected clock
 * ({@link ReasonCode#TIME_IN_FUTURE}: scrapers with broken clocks would otherwise push reports
 * into windows that have not opened yet) nor before 1990 ({@link ReasonCode#TIME_TOO_OLD}: almost
 * always an epoch-zero or parse bug upstream). A hint region must be accepted by the injected
 * predicate (the app passes the gazetteer; ingest must not depend on the streams module). An
 * {@code eventType} hint of {@code UNKNOWN} is stored as no hint, since it says nothing.
 * Region codes are upper-cased, event type names are matched case-insensitively.
 *
 * <h2>Forward compatibility</h2>
 * Unknown members, at the top level and inside {@code hints}, are ignored, so scrapers can send
 * newer fields before ingest knows them. Duplicate keys are refused as {@code MALFORMED_JSON}:
 * which copy wins would otherwise be a parser detail.
 *
 * <p>All problems found are returned, not only the first; payload-level problems
 * ({@code INVALID_UTF8}, {@code MALFORMED_JSON}, {@code NOT_AN_OBJECT}) stop the checks. Messages
 * never quote field values beyond what the parser reports. Thread-safe and stateless apart from
 * the clock. The checks live in {@link PayloadParser}, {@link FieldReader}, {@link TimeAndUrlRules}
 * and {@link HintReader}; this class runs them in contract order.
 */
public final class ReportValidator {

    /** Longest accepted body, in characters. */
    public static final int MAX_BODY_CHARS = 200_000;
    /** Longest accepted headline, in characters. */
    public static final int MAX_HEADLINE_CHARS = 1_000;
    /** Longest accepted scraper id and source outlet. */
    public static final int MAX_NAME_CHARS = 256;
    /** Longest accepted scraper report id. */
    public static final int MAX_SCRAPER_REPORT_ID_CHARS = 512;
    /** Longest accepted URL (what common servers and browsers still handle). */
    public static final int MAX_URL_CHARS = 8_192;
    /** Default {@code language} when the field is absent. */
    public static final String DEFAULT_LANGUAGE = "en";
    /** Earliest accepted instant and date. */
    public static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");
    /** How far past the clock a time may lie (time zones, clock skew, a datelined tomorrow). */
    public static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private static final int MAX_LANGUAGE_CHARS = 35;
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*");

    private final Clock clock;
    private final Predicate<String> knownRegion;

    /**
     * @param clock       source of "now" for {@code ingestedAt}, the {@code fetchedAt} default and
     *                    the future check
     * @param knownRegion accepts the ISO 3166-2 region codes the gazetteer knows (upper-case);
     *                    pass {@code code -> true} to accept any
     */
    public ReportValidator(final Clock clock, final Predicate<String> knownRegion) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.knownRegion = Objects.requireNonNull(knownRegion, "knownRegion");
    }

    /**
     * Validates one report.
     *
     * @param payload the raw bytes as received (UTF-8 JSON)
     * @return {@link ValidationResult.Valid} with {@code reportId} and {@code ingestedAt} set, or
     *         {@link ValidationResult.Invalid} with every problem found
     */
    public ValidationResult validate(final byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        final PayloadParser.Parsed parsed = PayloadParser.parse(payload);
        if (parsed.problem() != null) {
            return new ValidationResult.Invalid(List.of(parsed.problem()), null, null);
        }
        return check(parsed.root());
    }

    /** One validation run: collects problems while reading the fields in contract order. */
    private ValidationResult check(final JsonNode root) {
        final Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        final FieldReader fields = new FieldReader(root);
        final TimeAndUrlRules times = new TimeAndUrlRules(fields, now);

        final String scraperId = fields.text(root, "scraperId", true, MAX_NAME_CHARS, ReasonCode.MISSING_FIELD);
        final String scraperReportId = scraperReportId(fields);
        final String sourceOutlet = fields.text(root, "sourceOutlet", true, MAX_NAME_CHARS, ReasonCode.MISSING_FIELD);
        final String url = fields.text(root, "url", false, MAX_URL_CHARS, null);
        final String canonicalUrl = times.canonicalUrl(url);
        if (!FieldReader.present(root, "url") && !FieldReader.present(root, "scraperReportId")) {
            fields.add(new Problem(ReasonCode.MISSING_FIELD, "url",
                    "url or scraperReportId is required: the report id is derived from one of them"));
        }
        final String language = language(fields);
        final Instant publishedAt = times.instant("publishedAt", true);
        final Instant fetchedAt = times.instant("fetchedAt", false);
        final String headline = fields.text(root, "headline", true, MAX_HEADLINE_CHARS, ReasonCode.EMPTY_TEXT);
        final String body = fields.text(root, "body", true, MAX_BODY_CHARS, ReasonCode.EMPTY_TEXT);
        final ReportHints hints = new HintReader(fields, times, knownRegion).hints();

        final String reportId = reportIdOrNull(scraperId, scraperReportId, canonicalUrl);
        if (!fields.problems().isEmpty()) {
            return new ValidationResult.Invalid(fields.problems(), scraperId, reportId);
        }
        final RawReport report = RawReport.newBuilder()
                .setReportId(reportId)
                .setScraperId(scraperId)
                .setScraperReportId(scraperReportId)
                .setSourceOutlet(sourceOutlet)
                .setUrl(url)
                .setLanguage(language)
                .setPublishedAt(publishedAt)
                .setFetchedAt(fetchedAt != null ? fetchedAt : now)
                .setIngestedAt(now)
                .setHeadline(headline)
                .setBody(body)
                .setHints(hints)
                .build();
        return new ValidationResult.Valid(report);
    }

    private static String reportIdOrNull(final String scraperId, final String scraperReportId, final String canonicalUrl) {
        if (scraperId == null || (scraperReportId == null && canonicalUrl == null)) {
            return null;
        }
        return ReportIds.reportId(scraperId, scraperReportId, canonicalUrl);
    }

    private static String scraperReportId(final FieldReader fields) {
        final JsonNode node = fields.root().get("scraperReportId");
        if (node != null && node.isIntegralNumber()) {
            // scrapers often use database row numbers; the decimal text is unambiguous
            return node.bigIntegerValue().toString();
        }
        return fields.text(fields.root(), "scraperReportId", false, MAX_SCRAPER_REPORT_ID_CHARS, null);
    }

    private static String language(final FieldReader fields) {
        if (!FieldReader.present(fields.root(), "language")) {
            return DEFAULT_LANGUAGE;
        }
        final String language = fields.text(fields.root(), "language", false, MAX_LANGUAGE_CHARS, null);
        if (language == null) {
            return null;
        }
        if (!LANGUAGE_TAG.matcher(language).matches()) {
            fields.add(new Problem(ReasonCode.INVALID_TYPE, "language",
                    "language is not a BCP 47 language tag: expected e.g. \"en\", \"ps\" or \"ur-PK\""));
            return null;
        }
        return language;
    }
}
