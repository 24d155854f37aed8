package io.sitrep.streams.testing;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EventType;
import io.sitrep.schemas.avro.Precision;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.Side;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

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
            return with(r -> r.setUrl(url));
        }

        public RawReportBuilder outlet(final String outlet) {
            return with(r -> r.setSourceOutlet(outlet));
        }

        public RawReportBuilder headline(final String headline) {
            return with(r -> r.setHeadline(headline));
        }

        public RawReportBuilder body(final String body) {
            return with(r -> r.setBody(body));
        }

        public RawReportBuilder publishedAt(final String instant) {
            return with(r -> r.setPublishedAt(Instant.parse(instant)));
        }

        /** Applies one change to the report being built. */
        private RawReportBuilder with(final Consumer<RawReport.Builder> change) {
            change.accept(b);
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
