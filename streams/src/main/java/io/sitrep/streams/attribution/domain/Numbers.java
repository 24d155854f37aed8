package io.sitrep.streams.attribution.domain;

import java.util.HashMap;
import java.util.Map;

/** Numbers as reports write them: digits, number words up to ninety, ACLED's vague amounts; years. */
final class Numbers {

    static final Map<String, Integer> NUMBER_WORDS = numberWords();

    private Numbers() {
    }

    static Integer number(final String token) {
        if (isDigits(token, 1, 6)) {
            return Integer.parseInt(token);
        }
        return NUMBER_WORDS.get(token);
    }

    static boolean startsWithDigit(final String s) {
        return !s.isEmpty() && s.charAt(0) >= '0' && s.charAt(0) <= '9';
    }

    /** ASCII digits only, {@code min} to {@code max} of them (regex-free: this runs on every token). */
    static boolean isDigits(final String s, final int min, final int max) {
        if (s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isYear(final String s) {
        return isDigits(s, 4, 4) && (s.startsWith("19") || s.startsWith("20"));
    }

    private static Map<String, Integer> numberWords() {
        final String[] words = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
        final Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < words.length; i++) {
            m.put(words[i], i + 1);
        }
        final String[] tens = {"thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
        for (int i = 0; i < tens.length; i++) {
            m.put(tens[i], 30 + 10 * i);
        }
        // Vague amounts, ACLED's convention: "dozens" = 12, "hundreds" = 100.
        m.put("dozen", 12);
        m.put("dozens", 12);
        m.put("hundreds", 100);
        return Map.copyOf(m);
    }
}
