package io.sitrep.ingest.validate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.ReportHints;
import io.sitrep.schemas.id.CanonicalUrl;
import io.sitrep.schemas.id.ReportIds;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
 * the clock.
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
    private static final int MAX_REGION_CHARS = 16;
    private static final int MAX_PARSER_MESSAGE_CHARS = 300;
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*");
    private static final Set<String> EVENT_TYPES =
            Arrays.stream(EventType.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    private static final String EVENT_TYPE_LIST = Arrays.stream(EventType.values())
            .filter(t -> t != EventType.UNKNOWN).map(Enum::name).collect(Collectors.joining(", "));

    // Strict: one value per body, no duplicate keys; source snippets stay out of messages.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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
        final Optional<String> text = decodeStrictUtf8(payload);
        if (text.isEmpty()) {
            return invalid(new Problem(ReasonCode.INVALID_UTF8, null,
                    "the payload is not valid UTF-8 (first bad byte at offset " + firstBadUtf8Offset(payload) + ")"));
        }
        final JsonNode root;
        try {
            root = MAPPER.readTree(text.get());
        } catch (JsonProcessingException e) {
            return invalid(new Problem(ReasonCode.MALFORMED_JSON, null, parserMessage(e)));
        }
        if (root == null || root.isMissingNode()) {
            return invalid(new Problem(ReasonCode.MALFORMED_JSON, null, "the payload is empty: expected one JSON object"));
        }
        if (!root.isObject()) {
            return invalid(new Problem(ReasonCode.NOT_AN_OBJECT, null,
                    "the payload is a JSON " + typeName(root) + ": expected one JSON object"));
        }
        return new Check(root).run();
    }

    private static ValidationResult invalid(final Problem problem) {
        return new ValidationResult.Invalid(List.of(problem), null, null);
    }

    /** One validation run: collects problems while reading the fields in contract order. */
    private final class Check {
        private final JsonNode root;
        private final List<Problem> problems = new ArrayList<>();
        private final Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        Check(final JsonNode root) {
            this.root = root;
        }

        ValidationResult run() {
            final String scraperId = text(root, "scraperId", true, MAX_NAME_CHARS, ReasonCode.MISSING_FIELD);
            final String scraperReportId = scraperReportId();
            final String sourceOutlet = text(root, "sourceOutlet", true, MAX_NAME_CHARS, ReasonCode.MISSING_FIELD);
            final String url = text(root, "url", false, MAX_URL_CHARS, null);
            final String canonicalUrl = canonicalUrl(url);
            if (!present(root, "url") && !present(root, "scraperReportId")) {
                problems.add(new Problem(ReasonCode.MISSING_FIELD, "url",
                        "url or scraperReportId is required: the report id is derived from one of them"));
            }
            final String language = language();
            final Instant publishedAt = instant("publishedAt", true);
            final Instant fetchedAt = instant("fetchedAt", false);
            final String headline = text(root, "headline", true, MAX_HEADLINE_CHARS, ReasonCode.EMPTY_TEXT);
            final String body = text(root, "body", true, MAX_BODY_CHARS, ReasonCode.EMPTY_TEXT);
            final ReportHints hints = hints();

            final String reportId = reportIdOrNull(scraperId, scraperReportId, canonicalUrl);
            if (!problems.isEmpty()) {
                return new ValidationResult.Invalid(problems, scraperId, reportId);
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

        private String reportIdOrNull(final String scraperId, final String scraperReportId, final String canonicalUrl) {
            if (scraperId == null || (scraperReportId == null && canonicalUrl == null)) {
                return null;
            }
            return ReportIds.reportId(scraperId, scraperReportId, canonicalUrl);
        }

        /**
         * Reads a string member. Absent, null and (for optional members) blank give {@code null};
         * a blank required member is reported with {@code blankCode}.
         */
        private String text(final JsonNode parent, final String name, final boolean required, final int maxChars,
                final ReasonCode blankCode) {
            final String path = path(parent, name);
            final JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                if (required) {
                    problems.add(new Problem(ReasonCode.MISSING_FIELD, path, path + " is required: expected a non-blank string"));
                }
                return null;
            }
            if (!node.isTextual()) {
                problems.add(wrongType(path, node, "a string"));
                return null;
            }
            final String value = node.textValue();
            if (value.isBlank()) {
                if (required) {
                    problems.add(new Problem(blankCode, path, path + " is blank: expected a non-blank string"));
                }
                return null;
            }
            if (value.length() > maxChars) {
                problems.add(new Problem(ReasonCode.TEXT_TOO_LARGE, path,
                        path + " has " + value.length() + " characters: at most " + maxChars + " allowed"));
                return null;
            }
            return value;
        }

        private String scraperReportId() {
            final JsonNode node = root.get("scraperReportId");
            if (node != null && node.isIntegralNumber()) {
                // scrapers often use database row numbers; the decimal text is unambiguous
                return node.bigIntegerValue().toString();
            }
            return text(root, "scraperReportId", false, MAX_SCRAPER_REPORT_ID_CHARS, null);
        }

        private String canonicalUrl(final String url) {
            if (url == null) {
                return null;
            }
            final Optional<String> canonical = CanonicalUrl.canonicalize(url);
            if (canonical.isEmpty()) {
                problems.add(new Problem(ReasonCode.INVALID_URL, "url",
                        "url is not an absolute http or https URL with a valid host"));
                return null;
            }
            return canonical.get();
        }

        private String language() {
            if (!present(root, "language")) {
                return DEFAULT_LANGUAGE;
            }
            final String language = text(root, "language", false, MAX_LANGUAGE_CHARS, null);
            if (language == null) {
                return null;
            }
            if (!LANGUAGE_TAG.matcher(language).matches()) {
                problems.add(new Problem(ReasonCode.INVALID_TYPE, "language",
                        "language is not a BCP 47 language tag: expected e.g. \"en\", \"ps\" or \"ur-PK\""));
                return null;
            }
            return language;
        }

        private Instant instant(final String name, final boolean required) {
            final JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                if (required) {
                    problems.add(new Problem(ReasonCode.MISSING_FIELD, name,
                            name + " is required: expected an ISO-8601 instant such as \"2026-02-27T06:10:00Z\""));
                }
                return null;
            }
            if (!node.isTextual()) {
                problems.add(wrongType(name, node, "an ISO-8601 instant string such as \"2026-02-27T06:10:00Z\""));
                return null;
            }
            final Instant instant;
            try {
                instant = OffsetDateTime.parse(node.textValue().strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant().truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException e) {
                problems.add(new Problem(ReasonCode.INVALID_TIME, name, name
                        + " is not an ISO-8601 instant with offset: expected e.g. \"2026-02-27T06:10:00Z\" or \"2026-02-27T10:40:00+04:30\""));
                return null;
            }
            return inRange(name, instant) ? instant : null;
        }

        private boolean inRange(final String path, final Instant instant) {
            if (instant.isBefore(EARLIEST)) {
                problems.add(new Problem(ReasonCode.TIME_TOO_OLD, path, path + " is before " + EARLIEST + ": expected a recent time"));
                return false;
            }
            if (instant.isAfter(now.plus(FUTURE_TOLERANCE))) {
                problems.add(new Problem(ReasonCode.TIME_IN_FUTURE, path,
                        path + " is more than " + FUTURE_TOLERANCE.toDays() + " day after ingest time " + now));
                return false;
            }
            return true;
        }

        private ReportHints hints() {
            final JsonNode hints = root.get("hints");
            if (hints == null || hints.isNull()) {
                return null;
            }
            if (!hints.isObject()) {
                problems.add(wrongType("hints", hints, "an object"));
                return null;
            }
            final String region = regionHint(hints);
            final EventType eventType = eventTypeHint(hints);
            final LocalDate eventDate = eventDateHint(hints);
            if (region == null && eventType == null && eventDate == null) {
                return null;
            }
            return ReportHints.newBuilder().setRegionCode(region).setEventType(eventType).setEventDate(eventDate).build();
        }

        private String regionHint(final JsonNode hints) {
            final String raw = text(hints, "regionCode", false, MAX_REGION_CHARS, null);
            if (raw == null) {
                return null;
            }
            final String code = raw.strip().toUpperCase(Locale.ROOT);
            if (!knownRegion.test(code)) {
                problems.add(new Problem(ReasonCode.UNKNOWN_HINT_REGION, "hints.regionCode",
                        "hints.regionCode is not a known region: expected an ISO 3166-2 code such as \"AF-KHO\" or \"PK-KP\""));
                return null;
            }
            return code;
        }

        private EventType eventTypeHint(final JsonNode hints) {
            final String raw = text(hints, "eventType", false, 64, null);
            if (raw == null) {
                return null;
            }
            final String name = raw.strip().toUpperCase(Locale.ROOT);
            if (!EVENT_TYPES.contains(name)) {
                problems.add(new Problem(ReasonCode.INVALID_HINT_EVENT_TYPE, "hints.eventType",
                        "hints.eventType is not a known event type: expected one of " + EVENT_TYPE_LIST));
                return null;
            }
            final EventType type = EventType.valueOf(name);
            return type == EventType.UNKNOWN ? null : type;
        }

        private LocalDate eventDateHint(final JsonNode hints) {
            final String raw = text(hints, "eventDate", false, 32, null);
            if (raw == null) {
                return null;
            }
            final LocalDate date;
            try {
                date = LocalDate.parse(raw.strip(), DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeParseException e) {
                problems.add(new Problem(ReasonCode.INVALID_TIME, "hints.eventDate",
                        "hints.eventDate is not an ISO-8601 date: expected e.g. \"2026-02-26\""));
                return null;
            }
            // a date is in range when its first instant (UTC) is: same bounds as the instants
            return inRange("hints.eventDate", date.atStartOfDay(ZoneOffset.UTC).toInstant()) ? date : null;
        }

        private String path(final JsonNode parent, final String name) {
            return parent == root ? name : "hints." + name;
        }
    }

    private static boolean present(final JsonNode parent, final String name) {
        final JsonNode node = parent.get(name);
        return node != null && !node.isNull() && !(node.isTextual() && node.textValue().isBlank());
    }

    private static Problem wrongType(final String path, final JsonNode node, final String expected) {
        return new Problem(ReasonCode.INVALID_TYPE, path, path + " is a JSON " + typeName(node) + ": expected " + expected);
    }

    private static String typeName(final JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String parserMessage(final JsonProcessingException e) {
        final String original = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
        final String cut = original.length() > MAX_PARSER_MESSAGE_CHARS ? original.substring(0, MAX_PARSER_MESSAGE_CHARS) + "..." : original;
        final JsonLocation location = e.getLocation();
        final String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return "the payload is not valid JSON: " + cut + where;
    }

    private static Optional<String> decodeStrictUtf8(final byte[] payload) {
        final CharsetDecoder decoder = strictDecoder();
        final CharBuffer out = CharBuffer.allocate(payload.length);
        final ByteBuffer in = ByteBuffer.wrap(payload);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            return Optional.empty();
        }
        out.flip();
        String text = out.toString();
        // some editors and Windows tools write a byte-order mark; it is not part of the JSON
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return Optional.of(text);
    }

    private static int firstBadUtf8Offset(final byte[] payload) {
        final ByteBuffer in = ByteBuffer.wrap(payload);
        strictDecoder().decode(in, CharBuffer.allocate(payload.length), true);
        return in.position();
    }

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
