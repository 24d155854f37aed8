package io.sitrep.streams.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical form of a report body for the exact-duplicate tier of dedup (T0).
 *
 * <p>Guarantee: two copies of one wire story that differ only in their dateline
 * ({@code KABUL (Reuters) -}, {@code ISLAMABAD, Feb 27 (AFP) —}), their sign-off or byline
 * ({@code (Reporting by …; Editing by …)}, {@code Writing by …}), a copyright line, whitespace,
 * letter case, Unicode compatibility forms or typographic quotes and dashes normalise to the same
 * string, and therefore to the same {@link #sha256Hex(String)}.
 *
 * <p>Not guaranteed: copies that were cut, merged or rewritten (that is the job of the
 * containment tier, T1), and boilerplate in forms not listed here. The rules are deliberately
 * conservative: they only strip text at the very start (dateline) or in recognisable sign-off
 * shapes, so two different stories never collapse into one.
 */
public final class TextNormalizer {

    /** Wire dateline with an agency in brackets: {@code KABUL (Reuters) -}, {@code Islamabad, Feb 27, 2026 (AFP) -}. */
    private static final Pattern DATELINE_AGENCY = Pattern.compile(
            "^\\s*[\\p{L}][\\p{L}.'/-]*(?:\\s+[\\p{L}][\\p{L}.'/-]*){0,3}"
                    + "(?:\\s*,\\s*[\\p{L}]{3,9}\\.?\\s+\\d{1,2}(?:\\s*,\\s*\\d{4})?)?"
                    + "\\s*\\([\\p{L}][\\p{L} .&/-]{0,30}\\)\\s*[-:]\\s*");

    /** Dateline without agency, only in capitals: {@code PESHAWAR -}, {@code QUETTA, Feb 27:}. */
    private static final Pattern DATELINE_CAPS = Pattern.compile(
            "^\\s*\\p{Lu}{3,}(?:[\\s/]+\\p{Lu}{3,}){0,3}"
                    + "(?:\\s*,\\s*[\\p{L}]{3,9}\\.?\\s+\\d{1,2}(?:\\s*,\\s*\\d{4})?)?"
                    + "\\s*[-:]\\s+");

    /** A sign-off in brackets, anywhere: {@code (Reporting by A in Kabul; Editing by B)}. */
    private static final Pattern SIGNOFF_BRACKETED = Pattern.compile(
            "\\(\\s*(?:(?:additional|further)\\s+)?(?:reporting|writing|editing|edited|compiled|written)\\s+by\\b[^)]*\\)",
            Pattern.CASE_INSENSITIVE);

    /**
     * A sign-off without brackets runs to the end of the text. It must start a sentence (or the
     * text) and be followed by a capitalised name, so "reporting by local media suggested" inside
     * a sentence is left alone.
     */
    private static final Pattern SIGNOFF_TRAILING = Pattern.compile(
            "(?:^|(?<=[.!?\"')\\]]\\s{0,3}))\\s*(?:(?:Additional|Further)\\s+[Rr]eporting|Reporting|Writing|Editing|Edited|Compiled|Written)\\s+by\\s+\\p{Lu}.*$",
            Pattern.DOTALL);

    private static final Pattern COPYRIGHT = Pattern.compile(
            "(?:©|\\(c\\)|copyright\\s*©?)\\s*\\d{4}[^.\\n]*\\.?", Pattern.CASE_INSENSITIVE);

    private static final Pattern RIGHTS_RESERVED = Pattern.compile(
            "all\\s+rights\\s+reserved\\.?", Pattern.CASE_INSENSITIVE);

    private TextNormalizer() {
    }

    /**
     * The canonical form used for exact-duplicate detection: NFKC, typographic punctuation folded
     * to ASCII, wire boilerplate removed, case-folded with {@link Locale#ROOT}, whitespace runs
     * collapsed to one space, trimmed. {@code null} becomes the empty string.
     */
    public static String normalizeBody(final String text) {
        if (text == null) {
            return "";
        }
        final String stripped = stripBoilerplate(text);
        final String folded = stripped.toLowerCase(Locale.ROOT);
        return collapseWhitespace(folded).trim();
    }

    /**
     * NFKC, typographic punctuation folded to ASCII, dateline, sign-offs and copyright lines
     * removed, whitespace collapsed; letter case is kept. Attribution reads this form, so a
     * dateline city ("KABUL (Reuters) -") is not mistaken for the place of an event.
     */
    public static String stripBoilerplate(final String text) {
        return strip(text, true);
    }

    /** {@link #stripBoilerplate} with every pattern tried whatever its gate says: the reference its gates are tested against. */
    static String stripBoilerplateTryingEveryPattern(final String text) {
        return strip(text, false);
    }

    private static String strip(final String text, final boolean gated) {
        if (text == null) {
            return "";
        }
        // Attribution calls this on every report, and the boilerplate patterns used to take about
        // 40% of extraction time. So: NFKC only when a character outside ASCII could change, and
        // each pattern only when a word it cannot match without occurs in the text as it is then
        // (TextNormalizerTest compares the gated form with every pattern tried on random texts).
        // In ASCII text only the backtick folds, and String.indexOf finds it many times faster than a
        // test of every character (foldPunctuation's scan had 8 % of the samples of the stream thread
        // that runs prepare and attribution, docs/PERFORMANCE.md round 13).
        // the replacements below keep an ASCII text ASCII (they put a space where they delete)
        final boolean ascii = isAscii(text);
        String s = ascii ? (text.indexOf('`') < 0 ? text : foldPunctuation(text))
                : foldPunctuation(Normalizer.normalize(text, Normalizer.Form.NFKC));
        // The gates read the text as it is now: a lower-case copy of the whole text for them took about a
        // fifth of this method's CPU (12.8 -> 10.2 us per article-size report without it, round 31). The
        // case-insensitive patterns fold ASCII letters only, and containsIgnoringCase finds every ASCII
        // case of its word; the trailing sign-off is case-sensitive.
        if (!gated || opensBracketedSignoff(s)) {
            s = SIGNOFF_BRACKETED.matcher(s).replaceAll(" ");
        }
        if (!gated || s.indexOf('\u00A9') >= 0 || s.contains("(c)") || s.contains("(C)") || containsIgnoringCase(s, "copyright", 3)) {
            s = COPYRIGHT.matcher(s).replaceAll(" ");
        }
        if (!gated || containsIgnoringCase(s, "rights", 2)) {
            s = RIGHTS_RESERVED.matcher(s).replaceAll(" ");
        }
        if (!gated || s.contains("eporting") || s.contains("Writing") || s.contains("Edit") || s.contains("Compiled")
                || s.contains("Written")) {
            s = SIGNOFF_TRAILING.matcher(s).replaceAll(" ");
        }
        s = collapseWhitespace(s, ascii).trim();
        // A dateline only ever sits at the start; strip at most one of each kind. Both patterns
        // begin with ^, so an anchored lookingAt() finds exactly what replaceFirst would.
        final Matcher agency = DATELINE_AGENCY.matcher(s);
        if (agency.lookingAt()) {
            s = s.substring(agency.end());
        }
        final Matcher caps = DATELINE_CAPS.matcher(s);
        if (caps.lookingAt()) {
            s = s.substring(caps.end());
        }
        return s.trim();
    }

    /**
     * Whether {@code s} holds {@code word} (ASCII letters, lower case) in any mix of ASCII cases, as a
     * {@link Pattern#CASE_INSENSITIVE} pattern matches it: found from the places of its letter at
     * {@code anchor} (one that is rare in English), in either case, with {@link String#indexOf(int)}.
     */
    static boolean containsIgnoringCase(final String s, final String word, final int anchor) {
        final char lower = word.charAt(anchor);
        return containsAt(s, word, anchor, lower) || containsAt(s, word, anchor, (char) (lower - ('a' - 'A')));
    }

    /** Whether {@code word} occurs in {@code s}, letter case aside, with {@code c} as its letter at {@code anchor}. */
    private static boolean containsAt(final String s, final String word, final int anchor, final char c) {
        final int last = s.length() - word.length() + anchor;
        for (int i = s.indexOf(c, anchor); i >= 0 && i <= last; i = s.indexOf(c, i + 1)) {
            if (s.regionMatches(true, i - anchor, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    /** Words that open a bracketed sign-off ({@link #SIGNOFF_BRACKETED}), in lower case. */
    private static final String[] SIGNOFF_OPENERS = {"additional", "further", "reporting", "writing", "editing", "edited",
        "compiled", "written"};

    /**
     * Whether a bracket of {@code s} opens with a sign-off word, as every match of
     * {@link #SIGNOFF_BRACKETED} does: brackets are common in articles, sign-offs are not, and the
     * pattern tries every position of the text.
     */
    private static boolean opensBracketedSignoff(final String s) {
        for (int open = s.indexOf('('); open >= 0; open = s.indexOf('(', open + 1)) {
            int i = open + 1;
            // the pattern's \s: ASCII whitespace only
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) >= '\t' && s.charAt(i) <= '\r')) {
                i++;
            }
            for (final String opener : SIGNOFF_OPENERS) {
                if (s.regionMatches(true, i, opener, 0, opener.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code normalized}. */
    public static String sha256Hex(final String normalized) {
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            final byte[] hash = digest.digest((normalized == null ? "" : normalized).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc).
            throw new IllegalStateException("SHA-256 not available", e);
        }
    }

    /** Curly quotes, primes and the dash family to their ASCII forms. */
    static String foldPunctuation(final String s) {
        int first = 0;
        while (first < s.length() && fold(s.charAt(first)) == s.charAt(first)) {
            first++;
        }
        if (first == s.length()) {
            return s;
        }
        final char[] b = s.toCharArray();
        for (int i = first; i < b.length; i++) {
            b[i] = fold(b[i]);
        }
        return new String(b);
    }

    private static char fold(final char c) {
        if (c < 0x60 || c > 0x60 && c < 0xA0) {
            // ASCII except the backtick: nothing to fold (most of an English report).
            return c;
        }
        return switch (c) {
            case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u02BC', '\u00B4', '\u0060' -> '\'';
            case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB' -> '"';
            case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D' -> '-';
            case '\u00A0', '\u2007', '\u202F' -> ' ';
            default -> c;
        };
    }

    /**
     * Every run of whitespace ({@code \s}, Unicode space separators, ZWSP, BOM) to one space, the
     * same as {@code s.replaceAll("[\\s\\p{Z}\\u200B\\uFEFF]+", " ")} without the regex engine.
     */
    static String collapseWhitespace(final String s) {
        return collapseWhitespace(s, isAscii(s));
    }

    /** {@link #collapseWhitespace(String)}; {@code ascii}: the caller knows that {@code s} is ASCII (false: not known). */
    private static String collapseWhitespace(final String s, final boolean ascii) {
        if (ascii && spacesAndNewlinesOnly(s)) {
            return collapseSpacesAndNewlines(s);
        }
        // most texts reach here collapsed already (a second pass): find the first change before copying
        int first = 0;
        while (first < s.length() && !needsCollapse(s, first)) {
            first++;
        }
        if (first == s.length()) {
            return s;
        }
        final char[] b = new char[s.length()];
        s.getChars(0, first, b, 0);
        int len = first;
        boolean inRun = first > 0 && s.charAt(first - 1) == ' ';
        boolean changed = false;
        for (int i = first; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (isWhitespace(c)) {
                changed |= inRun || c != ' ';
                if (!inRun) {
                    b[len++] = ' ';
                }
                inRun = true;
            } else {
                b[len++] = c;
                inRun = false;
            }
        }
        return changed ? new String(b, 0, len) : s;
    }

    /**
     * Whether the only whitespace of an ASCII {@code s} is the space and the line feed (a text in
     * paragraphs, most reports): a few {@link String#indexOf} scans, which run many characters per step.
     */
    private static boolean spacesAndNewlinesOnly(final String s) {
        return s.indexOf('\t') < 0 && s.indexOf('\u000B') < 0 && s.indexOf('\f') < 0 && s.indexOf('\r') < 0;
    }

    /**
     * {@link #collapseWhitespace} of a text whose only whitespace is the space and the line feed: a run
     * changes exactly when it holds a line feed or two spaces in a row, so the runs to change are
     * found with {@link String#indexOf} and the text between them is copied in blocks (a test and a
     * copy of every character was a sixth of dedup-prepare's samples and a tenth of extraction's, round 26).
     */
    private static String collapseSpacesAndNewlines(final String s) {
        final int n = s.length();
        int newline = s.indexOf('\n');
        int twoSpaces = s.indexOf("  ");
        if (newline < 0 && twoSpaces < 0) {
            return s;
        }
        final StringBuilder out = new StringBuilder(n);
        int copied = 0;
        while (newline >= 0 || twoSpaces >= 0) {
            int start = newline < 0 ? twoSpaces : twoSpaces < 0 ? newline : Math.min(newline, twoSpaces);
            // the run may start with spaces before its line feed
            while (start > copied && s.charAt(start - 1) == ' ') {
                start--;
            }
            int end = start;
            while (end < n && (s.charAt(end) == ' ' || s.charAt(end) == '\n')) {
                end++;
            }
            out.append(s, copied, start).append(' ');
            copied = end;
            if (newline >= 0 && newline < end) {
                newline = s.indexOf('\n', end);
            }
            if (twoSpaces >= 0 && twoSpaces < end) {
                twoSpaces = s.indexOf("  ", end);
            }
        }
        return out.append(s, copied, n).toString();
    }

    /** Whether {@link #collapseWhitespace} changes the character at {@code i}: whitespace other than a single space. */
    private static boolean needsCollapse(final String s, final int i) {
        final char c = s.charAt(i);
        if (c == ' ') {
            return i > 0 && s.charAt(i - 1) == ' ';
        }
        return isWhitespace(c);
    }

    /** {@code [\s\p{Z}\u200B\uFEFF]}: ASCII whitespace, Unicode space separators, ZWSP, BOM. */
    private static boolean isWhitespace(final char c) {
        if (c > ' ' && c < 0x80) {
            return false;
        }
        if (c == ' ' || c >= '\t' && c <= '\r') {
            return true;
        }
        if (c < 0x80) {
            return false;
        }
        if (c == '\u200B' || c == '\uFEFF') {
            return true;
        }
        final int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean isAscii(final String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
