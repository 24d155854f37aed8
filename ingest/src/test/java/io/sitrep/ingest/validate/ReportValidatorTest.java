package io.sitrep.ingest.validate;

import static io.sitrep.ingest.support.ReportJson.aReport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.id.ReportIds;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportValidatorTest {

    private static final Instant NOW = Instant.parse("2026-02-27T12:00:00Z");
    private static final Set<String> GAZETTEER = Set.of("AF-KHO", "AF-KAB", "PK-KP");

    private final ReportValidator validator = new ReportValidator(Clock.fixed(NOW, ZoneOffset.UTC), GAZETTEER::contains);

    @Test
    void shouldBuildRawReportWhenReportIsValid() {
        final RawReport report = valid(aReport().bytes());

        assertThat(report.getReportId()).isEqualTo("s:kabul-wire-1:kw-000123");
        assertThat(report.getScraperId()).isEqualTo("kabul-wire-1");
        assertThat(report.getScraperReportId()).isEqualTo("kw-000123");
        assertThat(report.getSourceOutlet()).isEqualTo("Tolo News");
        assertThat(report.getUrl()).isEqualTo("https://tolonews.com/afghanistan-190001/strikes-in-khost?utm_source=rss");
        assertThat(report.getLanguage()).isEqualTo("en");
        assertThat(report.getPublishedAt()).isEqualTo(Instant.parse("2026-02-27T06:10:00Z"));
        assertThat(report.getFetchedAt()).isEqualTo(Instant.parse("2026-02-27T06:12:00Z"));
        assertThat(report.getIngestedAt()).isEqualTo(NOW);
        assertThat(report.getHeadline()).isEqualTo("Drone strikes reported in Khost");
        assertThat(report.getBody()).startsWith("Residents in Khost");
        assertThat(report.getHints().getRegionCode()).isEqualTo("AF-KHO");
        assertThat(report.getHints().getEventType()).isEqualTo(EventType.AIR_DRONE_STRIKE);
        assertThat(report.getHints().getEventDate()).isEqualTo(LocalDate.of(2026, 2, 26));
    }

    @Test
    void shouldApplyDefaultsWhenOptionalFieldsAreAbsent() {
        final RawReport report = valid(aReport().without("fetchedAt").without("language").without("hints")
                .without("scraperReportId").bytes());

        assertThat(report.getFetchedAt()).isEqualTo(NOW);
        assertThat(report.getLanguage()).isEqualTo("en");
        assertThat(report.getHints()).isNull();
        assertThat(report.getScraperReportId()).isNull();
        assertThat(report.getReportId()).isEqualTo(ReportIds.reportId("kabul-wire-1", null,
                "https://tolonews.com/afghanistan-190001/strikes-in-khost"));
    }

    @Test
    void shouldGiveSameReportIdWhenUrlOnlyReportIsResentWithDifferentTracking() {
        final RawReport first = valid(aReport().without("scraperReportId").bytes());
        final RawReport resend = valid(aReport().without("scraperReportId")
                .with("url", "http://www.tolonews.com/amp/afghanistan-190001/strikes-in-khost#top").bytes());

        assertThat(resend.getReportId()).isEqualTo(first.getReportId()).startsWith("u:");
    }

    @Test
    void shouldAcceptFieldNotesWhenUrlIsAbsentButScraperReportIdIsGiven() {
        final RawReport report = valid(aReport().without("url").bytes());

        assertThat(report.getUrl()).isNull();
        assertThat(report.getReportId()).isEqualTo("s:kabul-wire-1:kw-000123");
    }

    @Test
    void shouldAcceptIntegerScraperReportIdWhenScraperUsesRowNumbers() {
        assertThat(valid(aReport().with("scraperReportId", 98765L).bytes()).getReportId())
                .isEqualTo("s:kabul-wire-1:98765");
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenScraperSendsNewerFormat() {
        final RawReport report = valid(aReport().with("sentiment", "grim").with("x-priority", 3L)
                .withHint("confidence", "high").bytes());

        assertThat(report.getReportId()).isEqualTo("s:kabul-wire-1:kw-000123");
    }

    @Test
    void shouldNormaliseHintsWhenCaseDiffersOrTypeIsUnknown() {
        final RawReport report = valid(aReport().withHint("regionCode", "af-kho").withHint("eventType", "unknown").bytes());

        assertThat(report.getHints().getRegionCode()).isEqualTo("AF-KHO");
        assertThat(report.getHints().getEventType()).isNull();
    }

    @Test
    void shouldConvertOffsetTimesToUtcInstantWhenOffsetIsNotZ() {
        assertThat(valid(aReport().with("publishedAt", "2026-02-27T10:40:00+04:30").bytes()).getPublishedAt())
                .isEqualTo(Instant.parse("2026-02-27T06:10:00Z"));
    }

    @Test
    void shouldAcceptByteOrderMarkWhenPayloadStartsWithOne() {
        final byte[] json = aReport().bytes();
        final byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        assertThat(validator.validate(withBom).isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"scraperId\":", "{} {}", "", "   ", "{\"a\":1,\"a\":2}", "not json"})
    void shouldRejectWithMalformedJsonWhenPayloadIsNotOneJsonValue(final String payload) {
        assertOnly(payload.getBytes(StandardCharsets.UTF_8), ReasonCode.MALFORMED_JSON, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"report\"", "42", "null"})
    void shouldRejectWithNotAnObjectWhenPayloadIsAnotherJsonValue(final String payload) {
        assertOnly(payload.getBytes(StandardCharsets.UTF_8), ReasonCode.NOT_AN_OBJECT, null);
    }

    @Test
    void shouldRejectWithInvalidUtf8WhenBytesAreNotUtf8() {
        final byte[] latin1 = aReport().with("headline", "Kabul café").json().getBytes(StandardCharsets.ISO_8859_1);

        assertOnly(latin1, ReasonCode.INVALID_UTF8, null, "offset");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scraperId", "sourceOutlet", "publishedAt", "headline", "body"})
    void shouldRejectWithMissingFieldWhenRequiredFieldIsAbsent(final String field) {
        assertOnly(aReport().without(field).bytes(), ReasonCode.MISSING_FIELD, field);
        assertOnly(aReport().withNode(field, JsonNodeFactory.instance.nullNode()).bytes(), ReasonCode.MISSING_FIELD, field);
    }

    @Test
    void shouldRejectWithMissingFieldWhenScraperIdIsBlank() {
        assertOnly(aReport().with("scraperId", "  ").bytes(), ReasonCode.MISSING_FIELD, "scraperId");
    }

    @Test
    void shouldRejectWithMissingFieldWhenBothUrlAndScraperReportIdAreAbsent() {
        assertOnly(aReport().without("url").with("scraperReportId", "").bytes(), ReasonCode.MISSING_FIELD, "url",
                "scraperReportId");
    }

    @Test
    void shouldRejectWithInvalidTypeWhenFieldHasWrongJsonType() {
        assertOnly(aReport().withNode("headline", IntNode.valueOf(7)).bytes(), ReasonCode.INVALID_TYPE, "headline");
        assertOnly(aReport().withNode("hints", BooleanNode.TRUE).bytes(), ReasonCode.INVALID_TYPE, "hints");
        assertOnly(aReport().with("publishedAt", 1772172600000L).bytes(), ReasonCode.INVALID_TYPE, "publishedAt");
        assertOnly(aReport().with("language", "not a tag!").bytes(), ReasonCode.INVALID_TYPE, "language");
        assertOnly(aReport().withNode("scraperId", IntNode.valueOf(7)).bytes(), ReasonCode.INVALID_TYPE, "scraperId",
                "number", "string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tolonews.com/x", "ftp://tolonews.com/x", "https://", "javascript:alert(1)", "https://to lo.com/x"})
    void shouldRejectWithInvalidUrlWhenUrlIsNotAbsoluteHttp(final String url) {
        assertOnly(aReport().with("url", url).bytes(), ReasonCode.INVALID_URL, "url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-27T06:10:00", "2026-02-27", "yesterday", "27/02/2026 06:10", "2026-02-30T06:10:00Z"})
    void shouldRejectWithInvalidTimeWhenInstantIsNotIsoWithOffset(final String time) {
        assertOnly(aReport().with("publishedAt", time).bytes(), ReasonCode.INVALID_TIME, "publishedAt");
    }

    @Test
    void shouldRejectWithInvalidTimeWhenEventDateHintIsNotIsoDate() {
        assertOnly(aReport().withHint("eventDate", "26 Feb").bytes(), ReasonCode.INVALID_TIME, "hints.eventDate");
    }

    @Test
    void shouldRejectWithTimeInFutureWhenPublishedMoreThanOneDayAhead() {
        assertOnly(aReport().with("publishedAt", "2026-02-28T12:00:01Z").bytes(), ReasonCode.TIME_IN_FUTURE, "publishedAt");
        assertOnly(aReport().with("fetchedAt", "2027-01-01T00:00:00Z").bytes(), ReasonCode.TIME_IN_FUTURE, "fetchedAt");
        assertThat(validator.validate(aReport().with("publishedAt", "2026-02-28T12:00:00Z").bytes()).isValid()).isTrue();
    }

    @Test
    void shouldRejectWithTimeTooOldWhenBefore1990() {
        assertOnly(aReport().with("publishedAt", "1970-01-01T00:00:00Z").bytes(), ReasonCode.TIME_TOO_OLD, "publishedAt");
        assertOnly(aReport().withHint("eventDate", "1989-12-31").bytes(), ReasonCode.TIME_TOO_OLD, "hints.eventDate");
    }

    @Test
    void shouldRejectWithTextTooLargeWhenBodyOrHeadlineExceedCap() {
        assertOnly(aReport().with("body", "x".repeat(ReportValidator.MAX_BODY_CHARS + 1)).bytes(), ReasonCode.TEXT_TOO_LARGE, "body");
        assertOnly(aReport().with("headline", "x".repeat(ReportValidator.MAX_HEADLINE_CHARS + 1)).bytes(),
                ReasonCode.TEXT_TOO_LARGE, "headline");
        assertThat(validator.validate(aReport().with("body", "x".repeat(ReportValidator.MAX_BODY_CHARS)).bytes()).isValid())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"headline", "body"})
    void shouldRejectWithEmptyTextWhenTextIsBlank(final String field) {
        assertOnly(aReport().with(field, "").bytes(), ReasonCode.EMPTY_TEXT, field);
        assertOnly(aReport().with(field, " \n\t ").bytes(), ReasonCode.EMPTY_TEXT, field);
    }

    @Test
    void shouldRejectWithUnknownHintRegionWhenGazetteerDoesNotKnowIt() {
        assertOnly(aReport().withHint("regionCode", "AF-XXX").bytes(), ReasonCode.UNKNOWN_HINT_REGION, "hints.regionCode");
    }

    @Test
    void shouldRejectWithInvalidHintEventTypeWhenNotAnEventTypeSymbol() {
        assertOnly(aReport().withHint("eventType", "DRONE").bytes(), ReasonCode.INVALID_HINT_EVENT_TYPE, "hints.eventType",
                "AIR_DRONE_STRIKE");
    }

    @Test
    void shouldReportEveryProblemInContractOrderWhenSeveralFieldsAreWrong() {
        final ValidationResult result = validator.validate(aReport().without("sourceOutlet").with("headline", "")
                .withHint("eventType", "DRONE").with("url", "nope").bytes());

        assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
        final ValidationResult.Invalid invalid = (ValidationResult.Invalid) result;
        assertThat(invalid.problems()).extracting(Problem::code).containsExactly(
                ReasonCode.MISSING_FIELD, ReasonCode.INVALID_URL, ReasonCode.EMPTY_TEXT, ReasonCode.INVALID_HINT_EVENT_TYPE);
        assertThat(invalid.reason()).isEqualTo(ReasonCode.MISSING_FIELD);
        assertThat(invalid.scraperId()).isEqualTo("kabul-wire-1");
        assertThat(invalid.reportId()).isEqualTo("s:kabul-wire-1:kw-000123");
        assertThat(invalid.summary()).contains("sourceOutlet").contains("headline");
    }

    @Test
    void shouldNameFieldInMessageWhenProblemConcernsAField() {
        assertOnly(aReport().without("publishedAt").bytes(), ReasonCode.MISSING_FIELD, "publishedAt", "ISO-8601");
    }

    private RawReport valid(final byte[] payload) {
        final ValidationResult result = validator.validate(payload);
        assertThat(result).as("validation of %s", new String(payload, StandardCharsets.UTF_8))
                .isInstanceOf(ValidationResult.Valid.class);
        return ((ValidationResult.Valid) result).report();
    }

    /** Asserts one problem with this code and field, whose message names the field and contains every given part. */
    private void assertOnly(final byte[] payload, final ReasonCode code, final String field, final String... inMessage) {
        final ValidationResult result = validator.validate(payload);
        assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
        final ValidationResult.Invalid invalid = (ValidationResult.Invalid) result;
        assertThat(invalid.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(code);
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.message()).isNotBlank();
            if (field != null) {
                assertThat(p.message()).contains(field);
            }
            for (final String part : inMessage) {
                assertThat(p.message()).contains(part);
            }
        });
    }
}
