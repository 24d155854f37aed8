package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.Tokens;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wire dateline at the start of a body: "KABUL, Feb 13, 2025 (AFP) -", "Quetta [Pakistan],
 * March 4 (ANI):", "Islamabad:", "PESHAWAR, Pakistan —". The place is where the story was filed,
 * not where anything happened, so it is cut before the body is read; its date, when it gives one,
 * is the day the story speaks from, so "yesterday" and weekdays count back from it rather than
 * from the publish time (a story filed on the 27th and published after midnight still means the
 * 26th by "yesterday").
 *
 * @param length characters of the body the dateline takes (0: none)
 * @param date   the dateline's date, or null
 */
record Dateline(int length, LocalDate date) {

    static final Dateline NONE = new Dateline(0, null);

    private static final String WORD = "\\p{L}[\\p{L}.'-]*";
    private static final Pattern DATELINE = Pattern.compile(
            "^\\s*(?<place>\\p{Lu}[\\p{L}.'-]*(?:\\s*/\\s*" + WORD + "|\\s+\\p{Lu}[\\p{L}.'-]*){0,3})"
                    + "\\s*(?:\\[[^\\]\\n]{1,30}\\])?"
                    + "(?:\\s*,\\s*(?:Pakistan|Afghanistan))?"
                    + "(?:\\s*,\\s*(?<date>\\p{L}{3,9}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:\\s*,\\s*\\d{4})?"
                    + "|\\d{1,2}\\s+\\p{L}{3,9}(?:\\s*,?\\s*\\d{4})?))?"
                    + "(?:\\s*\\([^)\\n]{1,40}\\)\\s*[-:\u2013\u2014]*\\s+|\\s*[-:\u2013\u2014]+\\s+)");

    /**
     * The dateline at the start of {@code body}, when its place is a gazetteer name (so an
     * ordinary first sentence is never taken for one); its date is resolved against
     * {@code published}.
     */
    static Dateline read(final String body, final LocalDate published, final Gazetteer gazetteer) {
        if (body == null || body.isEmpty() || !hasSeparatorEarly(body)) {
            return NONE;
        }
        final Matcher m = DATELINE.matcher(body.length() > 160 ? body.substring(0, 160) : body);
        if (!m.lookingAt() || gazetteer.findAll(m.group("place")).isEmpty()) {
            return NONE;
        }
        LocalDate date = null;
        if (m.group("date") != null) {
            final List<DateCues.DateCue> cues = DateCues.find(Tokens.tokenize(m.group("date"),
                    (w, hash) -> DateCues.MONTHS.containsKey(w) ? WordTags.DATE : 0), published);
            if (!cues.isEmpty() && !cues.get(0).date().isAfter(published.plusDays(1))) {
                date = cues.get(0).date();
            }
        }
        return new Dateline(m.end(), date);
    }

    /** Where a dateline's separator (":", "-", a dash or the agency's bracket) can lie at the latest. */
    private static final int MAX_SEPARATOR_AT = 90;

    /** A cheap necessary condition: every dateline has one of its separators near the start. */
    private static boolean hasSeparatorEarly(final String body) {
        final int n = Math.min(body.length(), MAX_SEPARATOR_AT);
        for (int i = 0; i < n; i++) {
            final char c = body.charAt(i);
            if (c == ':' || c == '-' || c == '(' || c == '\u2013' || c == '\u2014') {
                return true;
            }
        }
        return false;
    }

    /** {@code body} without a dateline at its start (one that {@link #read} would find). */
    static String cut(final String body, final Gazetteer gazetteer) {
        final Dateline d = read(body, LocalDate.EPOCH, gazetteer);
        return d.length == 0 ? body : body.substring(d.length);
    }
}
