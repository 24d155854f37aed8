package io.sitrep.streams.attribution.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Splits a report body into sentences without cutting at abbreviations ("Lt. Gen.", "Feb. 26"). */
final class SentenceSplitter {

    static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt",
            "sgt", "brig", "st", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
            "nov", "dec", "prof", "gov", "sen", "rep", "jr", "sr", "inc", "co", "corp", "approx", "u.s", "u.n", "i.e",
            "e.g", "etc");

    private static final int LONGEST_ABBREVIATION = ABBREVIATIONS.stream().mapToInt(String::length).max().orElseThrow();

    private SentenceSplitter() {
    }

    /** Splits at . ! ? (and Arabic/Urdu stops) followed by space and a capital, digit or quote; skips abbreviations. */
    static List<String> split(final String text) {
        final List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        int start = 0;
        final int n = text.length();
        // each stop character's next position, found with String.indexOf: a test of every character
        // of the text against the five was most of this method's time, and stops are a few per hundred
        final int[] next = new int[STOPS.length];
        for (int s = 0; s < STOPS.length; s++) {
            next[s] = indexOrEnd(text, STOPS[s], 0);
        }
        for (int i = nextStop(next); i < n; i = nextStop(next)) {
            final char c = text.charAt(i);
            for (int s = 0; s < STOPS.length; s++) {
                if (next[s] == i) {
                    next[s] = indexOrEnd(text, STOPS[s], i + 1);
                }
            }
            int end = i + 1;
            while (end < n && (text.charAt(end) == '"' || text.charAt(end) == '\'' || text.charAt(end) == ')')) {
                end++;
            }
            if (end >= n || !Character.isWhitespace(text.charAt(end))) {
                continue;
            }
            int k = end;
            while (k < n && Character.isWhitespace(text.charAt(k))) {
                k++;
            }
            if (k >= n) {
                break;
            }
            final char first = text.charAt(k);
            final boolean opens = Character.isUpperCase(first) || Character.isDigit(first) || first == '"'
                    || first == '\'' || first == '(' || Character.isLetter(first) && !Character.isLowerCase(first)
                    && first > 0x024F;
            if (!opens || c == '.' && isAbbreviation(text, i)) {
                continue;
            }
            final String sentence = text.substring(start, end).strip();
            if (!sentence.isEmpty()) {
                out.add(sentence);
            }
            start = k;
        }
        final String rest = text.substring(start).strip();
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        return out;
    }

    /** The characters that can end a sentence: full stop, exclamation and question marks, Arabic question mark, Urdu full stop. */
    private static final char[] STOPS = {'.', '!', '?', '\u061F', '\u06D4'};

    private static int indexOrEnd(final String text, final char c, final int from) {
        final int at = text.indexOf(c, from);
        return at < 0 ? text.length() : at;
    }

    /** The nearest of the stops' next positions (the text's length when none is left). */
    private static int nextStop(final int[] next) {
        int nearest = next[0];
        for (int s = 1; s < next.length; s++) {
            nearest = Math.min(nearest, next[s]);
        }
        return nearest;
    }

    private static boolean isAbbreviation(final String text, final int dot) {
        int b = dot;
        while (b > 0 && (Character.isLetter(text.charAt(b - 1)) || text.charAt(b - 1) == '.')) {
            b--;
        }
        // every sentence's last word comes here: only a word as short as an abbreviation is looked up
        if (dot - b == 1) {
            return true;
        }
        if (dot - b > LONGEST_ABBREVIATION) {
            return false;
        }
        return ABBREVIATIONS.contains(text.substring(b, dot).toLowerCase(Locale.ROOT));
    }
}
