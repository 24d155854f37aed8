package io.sitrep.streams.text;

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
public final class Tokens {

    /**
     * One token: its normal form, its span in the original text, and the caller's tags for the
     * word (a bit set from the classifier given to {@link #tokenize(String, Classifier)}, else 0).
     */
    public record Token(String norm, int start, int end, int tags) {

        public Token(final String norm, final int start, final int end) {
            this(norm, start, end, 0);
        }

        /** True when the token carries any of the tag bits in {@code mask}. */
        public boolean is(final int mask) {
            return (tags & mask) != 0;
        }
    }

    private Tokens() {
    }

    public static List<Token> tokenize(final String text) {
        return tokenize(text, null);
    }

    /**
     * Tokens of {@code text}, each tagged with {@code classifier}'s bits for its normal form. A
     * caller that asks many questions of each word ("is it a kill word? a month? a cue?") then
     * looks the word up once here instead of once per question.
     */
    public static List<Token> tokenize(final String text, final Classifier classifier) {
        if (text == null) {
            return new ArrayList<>();
        }
        // about one token per six characters of English: sized once instead of grown several times
        final List<Token> out = new ArrayList<>(text.length() / 5 + 4);
        final RecentWords recent = RECENT_WORDS.get();
        scan(text, (start, end, ascii, lowerHash) -> {
            final String norm = ascii ? asciiLower(text, start, end, lowerHash, recent) : normalize(text.substring(start, end));
            if (!norm.isEmpty()) {
                out.add(new Token(norm, start, end, classifier == null ? 0 : classifier.tagsOf(norm, ascii ? lowerHash : norm.hashCode())));
            }
        });
        return out;
    }

    /** The caller's tags of a word, for {@link #tokenize(String, Classifier)}. */
    @FunctionalInterface
    public interface Classifier {
        /**
         * @param norm a token's normal form
         * @param hash {@code norm.hashCode()}, known from the scan: a cache of the caller's keyed by it
         *             need not read the string to find its slot
         */
        int tagsOf(String norm, int hash);
    }

    /** Receives the span of each token that {@link #scan} finds. */
    @FunctionalInterface
    public interface Spans {
        /**
         * @param ascii     true when the span is ASCII letters and digits only: its normal form is then
         *                  its lower case, and {@link #normalize} need not run (it may be empty otherwise)
         * @param lowerHash when {@code ascii}, {@link String#hashCode} of that lower case, computed as the
         *                  scan reads each character (a caller that hashes the word reads it no second time)
         */
        void span(int start, int end, boolean ascii, int lowerHash);
    }

    /**
     * The spans of the tokens of {@code text}, in order, without making their normal forms: for a
     * caller that needs only a hash of each word (dedup reads every word of every report).
     */
    public static void scan(final String text, final Spans spans) {
        int i = 0;
        final int n = text.length();
        while (i < n) {
            final char c = text.charAt(i);
            if (c < 0x80) {
                // ASCII fast path (most of an English report): same classes as isTokenChar.
                if (!isAsciiTokenChar(c)) {
                    i++;
                    continue;
                }
            } else {
                final int cp = text.codePointAt(i);
                if (!isTokenChar(cp)) {
                    i += Character.charCount(cp);
                    continue;
                }
            }
            final int start = i;
            boolean ascii = true;
            int lowerHash = 0;
            while (i < n) {
                final char d = text.charAt(i);
                if (d < 0x80) {
                    if (!isAsciiTokenChar(d)) {
                        break;
                    }
                    lowerHash = 31 * lowerHash + asciiLower(d);
                    i++;
                } else {
                    final int cp = text.codePointAt(i);
                    if (!isTokenChar(cp)) {
                        break;
                    }
                    ascii = false;
                    i += Character.charCount(cp);
                }
            }
            spans.span(start, i, ascii, lowerHash);
        }
    }

    private static boolean isAsciiTokenChar(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** Slots of {@link #RECENT_WORDS}: a power of two. */
    private static final int RECENT_WORD_SLOTS = 1 << 12;
    /** Characters of a word that {@link #packedLower} packs into a long. */
    private static final int PACKED_CHARS = Long.BYTES;
    /** Characters of a word kept packed in the table: two longs. */
    private static final int TABLE_CHARS = 2 * PACKED_CHARS;

    /**
     * The normal forms made lately on this thread, by hash: a report repeats its words, and news
     * repeats a few thousand ("the", "said", "killed"), so most tokens reuse a string instead of
     * making one. A reused string also keeps its hash code, which every lexicon lookup of the word
     * needs. Per thread: stream threads tokenise concurrently.
     *
     * <p>Beside each string, its first sixteen characters packed into two longs ({@link #packedLower}),
     * side by side: a word of up to fifteen is found again by comparing them with the text's, without
     * reading the string (its object, then its bytes); only a longer word reads it, for its length and
     * the rest. Measured apart, extraction took about a tenth less for it; in the pipeline, where the
     * comparison had taken 17 % of extraction's samples, the table's own reads then missed the caches
     * instead (docs/PERFORMANCE.md, round 27).
     */
    private static final class RecentWords {
        final String[] words = new String[RECENT_WORD_SLOTS];
        final long[] packed = new long[2 * RECENT_WORD_SLOTS];
    }

    private static final ThreadLocal<RecentWords> RECENT_WORDS = ThreadLocal.withInitial(RecentWords::new);

    /**
     * {@code text.substring(start, end).toLowerCase(Locale.ROOT)} for ASCII, the string of {@code recent} when it holds it;
     * {@code hash} is that lower case's {@link String#hashCode}, from the scan.
     */
    private static String asciiLower(final String text, final int start, final int end, final int hash, final RecentWords recent) {
        final int slot = (hash ^ hash >>> 12) & (RECENT_WORD_SLOTS - 1);
        final int length = end - start;
        final long head = packedLower(text, start, length);
        final long tail = length > PACKED_CHARS ? packedLower(text, start + PACKED_CHARS, length - PACKED_CHARS) : 0L;
        if (recent.packed[2 * slot] == head && recent.packed[2 * slot + 1] == tail) {
            final String known = recent.words[slot];
            // up to fifteen characters the longs are the whole word; a longer one shares its first sixteen with it
            if (length < TABLE_CHARS || known.length() == length && sameLowerCase(known, text, start, TABLE_CHARS)) {
                return known;
            }
        }
        final byte[] b = new byte[length];
        for (int k = start; k < end; k++) {
            b[k - start] = (byte) asciiLower(text.charAt(k));
        }
        final String word = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        recent.words[slot] = word;
        recent.packed[2 * slot] = head;
        recent.packed[2 * slot + 1] = tail;
        return word;
    }

    /**
     * The lower case of the ASCII letters and digits {@code text[start, start + length)} ({@code length} ≥ 1),
     * its first eight one per byte (the first in the lowest), the bytes after a shorter word 0. A
     * character is never 0 (it is at least {@code '0'}): so the long is never 0, and an empty slot
     * matches no word, and a word of up to seven characters shares its long with no other word
     * (nor do the first two longs of words of up to fifteen, the second 0 for up to eight).
     */
    static long packedLower(final String text, final int start, final int length) {
        final int n = Math.min(length, PACKED_CHARS);
        long packed = 0L;
        for (int k = 0; k < n; k++) {
            packed |= (long) asciiLower(text.charAt(start + k)) << (8 * k);
        }
        return packed;
    }

    private static char asciiLower(final char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** Whether {@code word} from character {@code from} on is the lower case of {@code text} from {@code start + from}. */
    private static boolean sameLowerCase(final String word, final String text, final int start, final int from) {
        for (int k = from; k < word.length(); k++) {
            if (word.charAt(k) != asciiLower(text.charAt(start + k))) {
                return false;
            }
        }
        return true;
    }

    /** Normal forms only, for phrases in data files. */
    public static List<String> words(final String text) {
        final List<String> out = new ArrayList<>();
        for (final Token t : tokenize(text)) {
            out.add(t.norm());
        }
        return out;
    }

    public static boolean isTokenChar(final int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        final int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    public static String normalize(final String word) {
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
