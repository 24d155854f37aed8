package io.sitrep.streams.attribution.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The line structure of a report body, which whitespace collapsing would lose: a short line that
 * does not end a sentence (a subhead, a byline such as "By AFP", a section title, an outlet's
 * label) is a text of its own, never the start of the sentence on the next line. Lines before the
 * first real paragraph are peeled off, so a dateline after them ("By AFP / KABUL: …") still sits
 * at the start of the body; inside the body such a line is closed with a full stop.
 *
 * @param headings the short lines before the first paragraph, in order
 * @param body     the rest, with inner headings closed
 */
record BodyLines(List<String> headings, String body) {

    /** Longer unpunctuated lines are cut-off paragraphs, not headings. */
    private static final int MAX_HEADING_CHARS = 100;
    private static final int MAX_LEADING_HEADINGS = 3;
    /** How far down a dateline may open the story after summary lines and a byline. */
    private static final int MAX_LEAD_LINES = 6;

    /**
     * The body's lines; {@code opensWithDateline} tells a line that starts with a dateline, which
     * makes every line before it (summary bullets included) a heading.
     */
    static BodyLines of(final String body, final Predicate<String> opensWithDateline) {
        if (body == null || body.indexOf('\n') < 0) {
            return new BodyLines(List.of(), body == null ? "" : body);
        }
        final String[] lines = lines(body);
        final List<String> headings = new ArrayList<>(2);
        int i = datelineLine(lines, opensWithDateline);
        if (i > 0) {
            // "Summary line. / By AFP / KABUL: …": the dateline opens the story proper.
            for (int h = 0; h < i; h++) {
                if (!lines[h].isBlank()) {
                    headings.add(lines[h].strip());
                }
            }
        } else if (i < 0) {
            i = 0;
            while (i < lines.length - 1 && headings.size() < MAX_LEADING_HEADINGS
                    && (lines[i].isBlank() || isHeading(lines[i]))) {
                if (!lines[i].isBlank()) {
                    headings.add(lines[i].strip());
                }
                i++;
            }
        }
        final StringBuilder rest = new StringBuilder(body.length() + 8);
        for (int k = i; k < lines.length; k++) {
            rest.append(lines[k]);
            // The last line may be a paragraph cut short: nothing follows it to split from.
            if (k + 1 < lines.length && isHeading(lines[k])) {
                rest.append('.');
            }
            rest.append('\n');
        }
        return new BodyLines(List.copyOf(headings), rest.toString());
    }

    /** The lines of {@code body} (a plain loop: a regex split took a tenth of extraction time). */
    private static String[] lines(final String body) {
        final List<String> out = new ArrayList<>();
        if (body.indexOf('\r') < 0) {
            // the usual case: String.indexOf finds the line ends many times faster than a test of every character
            int start = 0;
            for (int end = body.indexOf('\n'); end >= 0; end = body.indexOf('\n', start)) {
                out.add(body.substring(start, end));
                start = end + 1;
            }
            out.add(body.substring(start));
            return out.toArray(new String[0]);
        }
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            final char c = body.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(body.substring(start, i));
                if (c == '\r' && i + 1 < body.length() && body.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.add(body.substring(start));
        return out.toArray(new String[0]);
    }

    /** The first of the lead lines that opens with a dateline; -1 when none does. */
    private static int datelineLine(final String[] lines, final Predicate<String> opensWithDateline) {
        if (opensWithDateline.test(lines[0])) {
            return 0;
        }
        for (int k = 1; k < Math.min(lines.length, MAX_LEAD_LINES); k++) {
            if (!lines[k].isBlank() && opensWithDateline.test(lines[k])) {
                return k;
            }
        }
        return -1;
    }

    /** A short, non-blank line whose last character (before closing quotes or brackets) is no sentence stop. */
    static boolean isHeading(final String line) {
        final String s = line.strip();
        if (s.isEmpty() || s.length() > MAX_HEADING_CHARS) {
            return false;
        }
        int end = s.length() - 1;
        while (end > 0 && isCloser(s.charAt(end))) {
            end--;
        }
        final char c = s.charAt(end);
        return c != '.' && c != '!' && c != '?' && c != '\u061F' && c != '\u06D4';
    }

    private static boolean isCloser(final char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201D' || c == '\u2019';
    }
}
