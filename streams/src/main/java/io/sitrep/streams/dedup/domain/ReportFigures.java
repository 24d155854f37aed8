package io.sitrep.streams.dedup.domain;

import io.sitrep.streams.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The figures of a report: the numbers its text states (tolls, distances, dates, counts), which
 * the near-copy rule compares where two texts overlap ({@link Overlap}).
 *
 * <p>Why: shingle containment sees wording, not facts. Formulaic reporting (a military's daily
 * press release, a wire service's template for "strike in X province", the synthetic load of
 * the benchmarks) gives two different incidents most of their wording in common; what differs
 * is the figures. A syndicated copy keeps the figures of the part it carries, and a rewrite of one
 * source keeps them in the order the source gave them.
 *
 * <p>Figures are digit runs ("2,600" and "2600" are one figure), the number words one to
 * twenty (folded to digits, so "eight" equals "8") and the names of weekdays. Datelines, sign-offs and copyright lines are
 * stripped first, like for fingerprints, so an outlet's own dateline date does not count.
 */
public final class ReportFigures {
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"),
            Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"),
            Map.entry("nine", "9"), Map.entry("ten", "10"), Map.entry("eleven", "11"), Map.entry("twelve", "12"),
            Map.entry("thirteen", "13"), Map.entry("fourteen", "14"), Map.entry("fifteen", "15"),
            Map.entry("sixteen", "16"), Map.entry("seventeen", "17"), Map.entry("eighteen", "18"),
            Map.entry("nineteen", "19"), Map.entry("twenty", "20"),
            // weekdays are facts of the same kind: two incidents from one template differ in them, copies do not
            Map.entry("monday", "mon"), Map.entry("tuesday", "tue"), Map.entry("wednesday", "wed"), Map.entry("thursday", "thu"),
            Map.entry("friday", "fri"), Map.entry("saturday", "sat"), Map.entry("sunday", "sun"));

    /** Longest key of {@link #WORDS}. */
    private static final int LONGEST = 9;
    /** Slots of {@link #PACKED_KEYS}: a power of two, more than twice the keys. */
    private static final int KEY_SLOTS = 64;
    /**
     * Which first letter, last letter and length a key has ({@link #shape}), one bit each: 845 bytes
     * that turn most words away. Then the number words and weekdays, each as its letters packed five
     * bits apiece ({@link #packed}), in an open-addressing table by a hash of that (0: a free slot),
     * their figures beside them in {@link #FIGURE_AT}. Until round 28 the shape led to the key as a
     * string in an array of 6,760 slots (27 KB), and the word was compared with it: three objects to
     * follow for most words, which the dedup index, on the same stream thread between two reports,
     * had evicted from the caches (30 % of dedup-prepare's samples in a main phase, all on the
     * compare's first line; measured apart, with the caches warm, the two ways take the same time).
     * Before round 26 a word was compared with every key of its first letter.
     */
    private static final long[] SHAPES = new long[(26 * 26 * (LONGEST + 1) + Long.SIZE - 1) / Long.SIZE];
    private static final long[] PACKED_KEYS = new long[KEY_SLOTS];
    private static final String[] FIGURE_AT = new String[KEY_SLOTS];

    static {
        for (final Map.Entry<String, String> e : WORDS.entrySet()) {
            final String key = e.getKey();
            final int shape = shape(key.charAt(0), key.charAt(key.length() - 1), key.length());
            SHAPES[shape >>> 6] |= 1L << shape;
            long packed = 0;
            for (int k = 0; k < key.length(); k++) {
                packed = packed(packed, key.charAt(k));
            }
            int i = keySlot(packed);
            while (PACKED_KEYS[i] != 0) {
                i = (i + 1) & (KEY_SLOTS - 1);
            }
            PACKED_KEYS[i] = packed;
            FIGURE_AT[i] = e.getValue();
        }
    }

    /** The bit of {@link #SHAPES} of a word of these lower-case ASCII first and last letters and length. */
    private static int shape(final int first, final int last, final int length) {
        return ((first - 'a') * 26 + (last - 'a')) * (LONGEST + 1) + length;
    }

    /** {@code packed} with the lower-case ASCII letter {@code lower} appended: 1 to 26 in five bits, so no key packs to 0. */
    private static long packed(final long packed, final int lower) {
        return packed << 5 | (lower - 'a' + 1);
    }

    /** Where a packed key's probe starts in {@link #PACKED_KEYS}: the top bits of a multiplicative hash. */
    private static int keySlot(final long packed) {
        return (int) ((packed * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - Integer.numberOfTrailingZeros(KEY_SLOTS)));
    }

    private ReportFigures() {
    }

    /** The distinct figures of {@code body}, sorted (so equal texts give equal lists). */
    public static List<String> of(final String body) {
        return body == null ? List.of() : ofStripped(TextNormalizer.stripBoilerplate(body));
    }

    /** {@link #of} of a body whose boilerplate {@link TextNormalizer#stripBoilerplate} already removed. */
    public static List<String> ofStripped(final String text) {
        final Set<String> out = new TreeSet<>();
        located(text).forEach(f -> out.add(f.value()));
        return List.copyOf(out);
    }

    /** A figure and the offset in the text where it starts. */
    public record Located(String value, int offset) {
    }

    /** Every figure of a stripped body in text order, repeats included, with its offset. */
    public static List<Located> located(final String text) {
        final List<Located> out = new ArrayList<>();
        final int n = text.length();
        int i = 0;
        while (i < n) {
            final char c = text.charAt(i);
            if (isAsciiDigit(c)) {
                final int start = i;
                final StringBuilder digits = new StringBuilder();
                while (i < n) {
                    final char d = text.charAt(i);
                    if (isAsciiDigit(d)) {
                        digits.append(d);
                        i++;
                    } else if (d == ',' && i + 1 < n && isAsciiDigit(text.charAt(i + 1))) {
                        i++; // thousands separator
                    } else {
                        break;
                    }
                }
                out.add(new Located(stripLeadingZeros(digits), start));
            } else if (isLetter(c)) {
                final int start = i;
                while (i < n && isLetter(text.charAt(i))) {
                    i++;
                }
                // number words and weekdays start with one of these: check that before comparing the word
                if (i - start >= 3 && i - start <= 9 && "efmnostwEFMNOSTW".indexOf(c) >= 0) {
                    final String word = numberWord(text, start, i - start);
                    if (word != null) {
                        out.add(new Located(word, start));
                    }
                }
            } else {
                i++;
            }
        }
        return out;
    }

    /**
     * {@link #located}, fed the tokens of a scan that reads the text for its words anyway
     * ({@link io.sitrep.streams.text.Tokens#scan}, in {@link Fingerprinter#wordsOf(String, SpanReader)}):
     * dedup-prepare read every character of a report twice, once for its words and once for its
     * figures, and {@code located} took 4.7 % of the stream threads' samples of a main phase (round
     * 21). A token of ASCII letters only is one letter run as it stands; only a token with a digit
     * or a character outside ASCII is read again. Gives the same figures at the same offsets as
     * {@code located} (ReportFiguresTest compares them on random texts).
     */
    public static final class SpanReader {
        private final String text;
        private final List<Located> out = new ArrayList<>();
        /** A digit run that reached its token's end at a thousands separator: it goes on in the next token. */
        private StringBuilder pending;
        private int pendingStart;
        private int pendingResume = -1;

        public SpanReader(final String text) {
            this.text = text;
        }

        /**
         * The next token, {@code text[start, end)}, in text order; {@code asciiLettersOnly} when every
         * character of it is an ASCII letter (the caller knows it from its own pass over the token).
         */
        public void span(final int start, final int end, final boolean asciiLettersOnly) {
            int i = start;
            if (pending != null) {
                if (start == pendingResume) {
                    i = digits(pending, start, end);
                    if (i == end && goesOn(end)) {
                        pendingResume = end + 1;
                        return;
                    }
                }
                flush();
            }
            if (i == start && asciiLettersOnly) {
                addNumberWord(start, end);
                return;
            }
            while (i < end) {
                final char c = text.charAt(i);
                if (isAsciiDigit(c)) {
                    final int runStart = i;
                    final StringBuilder run = new StringBuilder();
                    i = digits(run, i, end);
                    if (i == end && goesOn(end)) {
                        pending = run;
                        pendingStart = runStart;
                        pendingResume = end + 1;
                        return;
                    }
                    out.add(new Located(stripLeadingZeros(run), runStart));
                } else if (isLetter(c)) {
                    final int runStart = i;
                    while (i < end && isLetter(text.charAt(i))) {
                        i++;
                    }
                    addNumberWord(runStart, i);
                } else {
                    i++;
                }
            }
        }

        /** The figures of the tokens given so far, in text order, as {@link #located} gives them. */
        public List<Located> located() {
            flush();
            return out;
        }

        private int digits(final StringBuilder run, final int from, final int end) {
            int i = from;
            while (i < end && isAsciiDigit(text.charAt(i))) {
                run.append(text.charAt(i));
                i++;
            }
            return i;
        }

        /** Whether a digit run that stopped at a token's end goes on: a thousands separator, then a digit. */
        private boolean goesOn(final int end) {
            return end + 1 < text.length() && text.charAt(end) == ',' && isAsciiDigit(text.charAt(end + 1));
        }

        private void flush() {
            if (pending != null) {
                out.add(new Located(stripLeadingZeros(pending), pendingStart));
                pending = null;
                pendingResume = -1;
            }
        }

        private void addNumberWord(final int start, final int end) {
            if (end - start >= 3 && end - start <= 9 && "efmnostwEFMNOSTW".indexOf(text.charAt(start)) >= 0) {
                final String word = numberWord(text, start, end - start);
                if (word != null) {
                    out.add(new Located(word, start));
                }
            }
        }
    }

    /** The figure of the word at {@code text[start, start + length)}, or null; compared in place (this runs for most words of every report). */
    private static String numberWord(final String text, final int start, final int length) {
        if (length > LONGEST) {
            return null;
        }
        // an ASCII character is a key's letter in either case exactly when setting bit 5 gives it
        final int first = text.charAt(start) | 0x20;
        final int last = text.charAt(start + length - 1) | 0x20;
        if (first >= 'a' && first <= 'z' && last >= 'a' && last <= 'z') {
            final int shape = shape(first, last, length);
            if ((SHAPES[shape >>> 6] & 1L << shape) == 0) {
                return null;
            }
        }
        return packedNumberWord(text, start, length);
    }

    /**
     * {@link #numberWord} past the shape's test: its letters packed and looked up. A method of its own, so
     * that the test, which most words end in, stays small enough to be inlined into the token scan.
     */
    private static String packedNumberWord(final String text, final int start, final int length) {
        long packed = 0;
        for (int k = 0; k < length; k++) {
            final char c = text.charAt(start + k);
            final int lower = c | 0x20;
            if (lower < 'a' || lower > 'z') {
                // no key has another ASCII character; a word with a character outside ASCII is compared
                // with sameIgnoringCase's regionMatches, which folds some such letters ("ſ", the long s, is an 's')
                return c >= 0x80 ? numberWordOutsideAscii(text, start, length) : null;
            }
            packed = packed(packed, lower);
        }
        for (int i = keySlot(packed); PACKED_KEYS[i] != 0; i = (i + 1) & (KEY_SLOTS - 1)) {
            if (PACKED_KEYS[i] == packed) {
                return FIGURE_AT[i];
            }
        }
        return null;
    }

    /** {@link #numberWord} for a word with a character outside ASCII: every key of its length is compared. */
    private static String numberWordOutsideAscii(final String text, final int start, final int length) {
        for (final String key : WORDS.keySet()) {
            if (key.length() == length && sameIgnoringCase(text, start, key)) {
                return WORDS.get(key);
            }
        }
        return null;
    }

    /**
     * {@code text.regionMatches(true, start, key, 0, key.length())} for a key of ASCII lower-case
     * letters, with the ASCII letters of the text compared in place: most words of every report get
     * here, and regionMatches was 3 % of the stream threads' samples (round 23).
     */
    private static boolean sameIgnoringCase(final String text, final int start, final String key) {
        for (int k = 0; k < key.length(); k++) {
            final char c = text.charAt(start + k);
            if (c >= 0x80) {
                // Unicode case folding ("ſ", "İ"), as regionMatches has it
                return text.regionMatches(true, start, key, 0, key.length());
            }
            // an ASCII character is a key's letter in either case exactly when setting bit 5 gives it
            if ((c | 0x20) != key.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** {@link Character#isLetter(char)}, with ASCII answered without the Unicode tables: every character of a report comes here. */
    private static boolean isLetter(final char c) {
        if (c < 0x80) {
            final char lower = (char) (c | 0x20);
            return lower >= 'a' && lower <= 'z';
        }
        return Character.isLetter(c);
    }

    private static boolean isAsciiDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    private static String stripLeadingZeros(final StringBuilder digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }
}
