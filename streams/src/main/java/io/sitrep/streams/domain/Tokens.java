package io.sitrep.streams.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word tokens with their offsets in the original text. A token is a maximal run of letters,
 * digits and combining marks; everything else (spaces, hyphens, apostrophes, ZWNJ) separates.
 * So "Khyber-Pakhtunkhwa" and "Khyber Pakhtunkhwa" give the same tokens, and "Khostwal" is one
 * token that never equals "khost".
 *
 * <p>The normal form of a token: NFKD, combining marks dropped (Kābul → kabul, Arabic harakat
 * removed), lower case ({@link Locale#ROOT}), Arabic-script letter variants folded to their
 * Persian forms (ك→ک, ي/ى→ی, ھ/ہ/ە→ه) so Dari, Pashto and Urdu spellings meet.
 */
final class Tokens {

    /** One token: its normal form and its span in the original text. */
    record Token(String norm, int start, int end) {
    }

    private Tokens() {
    }

    static List<Token> tokenize(final String text) {
        final List<Token> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int i = 0;
        final int n = text.length();
        while (i < n) {
            final int cp = text.codePointAt(i);
            if (!isTokenChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            final int start = i;
            while (i < n && isTokenChar(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            final String norm = normalize(text.substring(start, i));
            if (!norm.isEmpty()) {
                out.add(new Token(norm, start, i));
            }
        }
        return out;
    }

    /** Normal forms only, for phrases in data files. */
    static List<String> words(final String text) {
        final List<String> out = new ArrayList<>();
        for (final Token t : tokenize(text)) {
            out.add(t.norm());
        }
        return out;
    }

    static boolean isTokenChar(final int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        final int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    static String normalize(final String word) {
        // Fast path (most of an English report): plain ASCII letters and digits need only lower case.
        boolean ascii = true;
        for (int i = 0; i < word.length() && ascii; i++) {
            ascii = word.charAt(i) < 0x80;
        }
        if (ascii) {
            return word.toLowerCase(Locale.ROOT);
        }
        final String decomposed = Normalizer.normalize(word, Normalizer.Form.NFKD);
        final StringBuilder b = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            final char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK || c == '\u0640') {
                continue;
            }
            switch (c) {
                case '\u0643' -> b.append('\u06A9');
                case '\u064A', '\u0649' -> b.append('\u06CC');
                case '\u06BE', '\u06C1', '\u06D5' -> b.append('\u0647');
                default -> b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
