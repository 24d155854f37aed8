package io.sitrep.streams.testing;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Precision;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.Side;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Small builders for test records, so tests state only what matters to them. */
public final class Reports {
    private Reports() {
    }

    public static RawReportBuilder aReport(final String reportId) {
        return new RawReportBuilder(reportId);
    }

    public static final class RawReportBuilder {
        private final RawReport.Builder b;

        RawReportBuilder(final String reportId) {
            b = RawReport.newBuilder()
                    .setReportId(reportId)
                    .setScraperId("test-scraper")
                    .setSourceOutlet("Test Wire")
                    .setUrl("https://news.example/" + reportId)
                    .setPublishedAt(Instant.parse("2026-02-27T06:00:00Z"))
                    .setFetchedAt(Instant.parse("2026-02-27T06:05:00Z"))
                    .setIngestedAt(Instant.parse("2026-02-27T06:05:01Z"))
                    .setHeadline("Headline " + reportId)
                    .setBody("Body of " + reportId);
        }

        public RawReportBuilder url(final String url) {
            b.setUrl(url);
            return this;
        }

        public RawReportBuilder outlet(final String outlet) {
            b.setSourceOutlet(outlet);
            return this;
        }

        public RawReportBuilder headline(final String headline) {
            b.setHeadline(headline);
            return this;
        }

        public RawReportBuilder body(final String body) {
            b.setBody(body);
            return this;
        }

        public RawReportBuilder publishedAt(final String instant) {
            b.setPublishedAt(Instant.parse(instant));
            return this;
        }

        public RawReport build() {
            return b.build();
        }
    }

    public static AttributedEvent anEvent(final String eventId, final String region, final LocalDate day, final EventType type) {
        return AttributedEvent.newBuilder()
                .setEventId(eventId)
                .setStoryId("story-" + eventId)
                .setReportId("report-" + eventId)
                .setRegionCode(region)
                .setRegionName(region + " name")
                .setCountryCode(region.substring(0, 2))
                .setPrecision(Precision.PROVINCE)
                .setEventType(type)
                .setCounted(type != EventType.STRATEGIC_DEVELOPMENT)
                .setActorSide(Side.PAKISTAN)
                .setTargetSide(Side.AFGHANISTAN)
                .setClaims(List.of())
                .setEventDate(day)
                // reported the morning after, well inside the late-news grace
                .setPublishedAt(day.plusDays(1).atTime(8, 0).toInstant(java.time.ZoneOffset.UTC))
                .build();
    }
}
