package io.sitrep.ingest.intake;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who submits reports: the scraper ids a credential is bound to, or anyone ({@code scrapers ==
 * null}: authentication off, or a trusted file load).
 *
 * @param scrapers the scraper ids this sender may submit for, or {@code null} for any
 */
public record Sender(Set<String> scrapers) {
    /** Anyone, for any scraper. */
    public static final Sender ANYONE = new Sender(null);

    /** Copies the set. */
    public Sender {
        scrapers = scrapers == null ? null : Set.copyOf(scrapers);
    }

    /** Whether this sender may submit a report that names {@code scraperId}. */
    public boolean mayPostFor(final String scraperId) {
        return scrapers == null || scrapers.contains(scraperId);
    }

    /** A stable key per credential (the rate limiter's bucket); one shared key for anyone. */
    public String rateKey() {
        return scrapers == null ? "*" : String.join("+", new TreeSet<>(scrapers));
    }

    /** For logs and messages. */
    public String label() {
        return scrapers == null ? "anyone (auth disabled)" : rateKey();
    }

    /** The scraper the credential is bound to when it is exactly one, else {@code null}. */
    public String soleScraper() {
        return scrapers != null && scrapers.size() == 1 ? scrapers.iterator().next() : null;
    }
}
