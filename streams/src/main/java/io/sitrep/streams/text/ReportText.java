package io.sitrep.streams.text;

import io.sitrep.schemas.avro.EventType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What attribution reads of one report.
 *
 * @param headline        the headline (may be empty, never null)
 * @param body            the body as published, dateline and sign-off included (they are stripped)
 * @param publishedAt     the outlet's publish time: relative dates resolve against its UTC date
 * @param regionHint      a scraper's region code hint, nullable
 * @param eventTypeHint   a scraper's event type hint, nullable
 * @param eventDateHint   a scraper's event date hint, nullable
 */
public record ReportText(String headline, String body, Instant publishedAt, String regionHint,
                         EventType eventTypeHint, LocalDate eventDateHint) {

    public ReportText {
        headline = headline == null ? "" : headline;
        body = body == null ? "" : body;
        Objects.requireNonNull(publishedAt, "publishedAt");
    }

    /** A report without hints. */
    public static ReportText of(final String headline, final String body, final Instant publishedAt) {
        return new ReportText(headline, body, publishedAt, null, null, null);
    }
}
