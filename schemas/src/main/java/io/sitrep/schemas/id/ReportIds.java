package io.sitrep.schemas.id;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Stable report ids: the key of {@code sitrep.reports.raw}. A scraper that resends a report after
 * a crash gets the same id, so the resend is harmless downstream.
 *
 * <p>Forms (the prefix says which rule made the id, so two rules never collide):
 * <ul>
 *   <li>{@code s:<scraperId>:<scraperReportId>} when the scraper sent its own id and both parts
 *       are short (together at most {@value #MAX_PLAIN_LENGTH} characters) and use only
 *       {@code [A-Za-z0-9._~-]}; readable in tools, and unambiguous because {@code :} is excluded;</li>
 *   <li>{@code sh:<32 hex>} for a scraper's own id that is longer or has other characters: the
 *       first 128 bits of SHA-256 over {@code scraperId + U+0000 + scraperReportId};</li>
 *   <li>{@code u:<32 hex>} when there is no scraper id for the report: the first 128 bits of
 *       SHA-256 over the canonical URL (see {@link CanonicalUrl}). Every scraper that sends the same
 *       article URL gets the same id, which is what dedup's exact tier wants.</li>
 * </ul>
 * The scraper's own id wins over the URL because a scraper knows its records better than our URL
 * rules do (one URL can carry several live-blog entries). 128 bits make accidental collisions
 * negligible at any volume this pipeline will see. Changing these rules changes ids: treat that as
 * a data migration. Pure Java, thread-safe.
 */
public final class ReportIds {

    /** Longest {@code s:} id body ({@code scraperId + ":" + scraperReportId}) kept readable. */
    public static final int MAX_PLAIN_LENGTH = 128;

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._~-]+");
    private static final HexFormat HEX = HexFormat.of();

    private ReportIds() {
    }

    /**
     * The id of a report.
     *
     * @param scraperId       the sending scraper; required when {@code scraperReportId} is given
     * @param scraperReportId the scraper's own id for the report, or {@code null}/blank
     * @param canonicalUrl    the report URL <em>already canonicalised</em> by
     *                        {@link CanonicalUrl#canonicalize(String)}, or {@code null}/blank
     * @throws IllegalArgumentException when neither a scraper report id nor a URL is given, or a
     *                                  scraper report id comes without a scraper id
     */
    public static String reportId(final String scraperId, final String scraperReportId, final String canonicalUrl) {
        if (!isBlank(scraperReportId)) {
            if (isBlank(scraperId)) {
                throw new IllegalArgumentException("scraperReportId given without scraperId");
            }
            final String body = scraperId + ":" + scraperReportId;
            if (body.length() <= MAX_PLAIN_LENGTH && PLAIN.matcher(scraperId).matches()
                    && PLAIN.matcher(scraperReportId).matches()) {
                return "s:" + body;
            }
            return "sh:" + sha256Hex128(scraperId + '\u0000' + scraperReportId);
        }
        if (!isBlank(canonicalUrl)) {
            return "u:" + sha256Hex128(canonicalUrl);
        }
        throw new IllegalArgumentException("a report id needs scraperReportId or a canonical URL; both are absent");
    }

    private static boolean isBlank(final String s) {
        return s == null || s.isBlank();
    }

    private static String sha256Hex128(final String text) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-256 (MessageDigest javadoc), so this is a broken JRE
            throw new IllegalStateException("SHA-256 not available", e);
        }
    }
}
