package io.sitrep.streams.attribution.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Splits a report body into sentences without cutting at abbreviations ("Lt. Gen.", "Feb. 26"). */
final class SentenceSplitter {

    private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt",
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
        for (int i = 0; i < n; i++) {
            final char c = text.charAt(i);
            if (c != '.' && c != '!' && c != '?' && c != '\u061F' && c != '\u06D4') {
                continue;
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
