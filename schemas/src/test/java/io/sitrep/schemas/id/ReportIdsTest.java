package io.sitrep.schemas.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReportIdsTest {

    @Test
    void shouldUseScraperIdWhenScraperSentItsOwnId() {
        assertThat(ReportIds.reportId("kabul-wire-1", "A-1234", "https://tolonews.com/x"))
                .isEqualTo("s:kabul-wire-1:A-1234");
    }

    @Test
    void shouldHashScraperIdWhenItHasOddCharactersOrIsLong() {
        final String odd = ReportIds.reportId("kabul wire", "a:b/c", null);
        final String longId = ReportIds.reportId("kabul-wire-1", "x".repeat(200), null);

        assertThat(odd).matches("sh:[0-9a-f]{32}");
        assertThat(longId).matches("sh:[0-9a-f]{32}");
        assertThat(odd).isEqualTo(ReportIds.reportId("kabul wire", "a:b/c", null));
    }

    @Test
    void shouldNotCollideWhenColonMovesBetweenScraperIdAndReportId() {
        assertThat(ReportIds.reportId("a:b", "c", null)).isNotEqualTo(ReportIds.reportId("a", "b:c", null));
    }

    @Test
    void shouldHashCanonicalUrlWhenNoScraperReportId() {
        assertThat(ReportIds.reportId("kabul-wire-1", null, "https://tolonews.com/x"))
                // golden value: first 128 bits of SHA-256("https://tolonews.com/x"); a rule change shows up here
                .isEqualTo("u:9ee49dba21f31c1ad16051ea76bc52c6");
        assertThat(ReportIds.reportId("another-scraper", " ", "https://tolonews.com/x"))
                .isEqualTo("u:9ee49dba21f31c1ad16051ea76bc52c6");
    }

    @Test
    void shouldGiveSameIdWhenResentThroughADifferentTrackingLink() {
        final String first = ReportIds.reportId("kabul-wire-1", null,
                CanonicalUrl.canonicalize("https://www.tolonews.com/x?utm_source=rss").orElseThrow());
        final String resend = ReportIds.reportId("kabul-wire-1", null,
                CanonicalUrl.canonicalize("http://tolonews.com/amp/x#top").orElseThrow());

        assertThat(resend).isEqualTo(first);
    }

    @Test
    void shouldThrowWhenBothScraperReportIdAndUrlAreAbsent() {
        assertThatThrownBy(() -> ReportIds.reportId("kabul-wire-1", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReportIds.reportId("kabul-wire-1", " ", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldThrowWhenScraperReportIdComesWithoutScraperId() {
        assertThatThrownBy(() -> ReportIds.reportId(null, "A-1", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
