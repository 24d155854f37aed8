package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.Tokens;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * When: date expressions of a sentence (weekdays, "yesterday", "last night", "the previous
 * night", "26 February", "Feb. 26", "three days ago") resolved against the publish date, and the
 * date each sentence of a report gets (its own earliest cue, else the nearest dated sentence before
 * it, else the report's first dated sentence, the date hint or the publish date).
 */
final class DateCues {

    static final Map<String, Integer> MONTHS = months();
    static final Map<String, DayOfWeek> WEEKDAYS = weekdays();

    /** A resolved date expression and the token it starts at. */
    record DateCue(LocalDate date, int token) {
    }

    private DateCues() {
    }

    static LocalDate[] sentenceDates(final List<SentenceAnalysis> sentences, final LocalDate dateHint,
                                    final LocalDate published, final String[] precision) {
        final LocalDate[] out = new LocalDate[sentences.size()];
        LocalDate firstDated = null;
        for (final SentenceAnalysis s : sentences) {
            if (!s.dateCues.isEmpty()) {
                firstDated = s.dateCues.stream().min(LocalDate::compareTo).orElseThrow();
                break;
            }
        }
        final LocalDate fallback = firstDated != null ? firstDated : dateHint != null ? dateHint : published;
        final String fallbackPrecision = firstDated != null ? EventExtractor.DATE_DAY
                : dateHint != null ? EventExtractor.DATE_HINT : EventExtractor.DATE_PUBLISHED;
        LocalDate previous = null;
        for (final SentenceAnalysis s : sentences) {
            if (!s.dateCues.isEmpty() || previous == null && !s.statementDates.isEmpty()) {
                previous = (s.dateCues.isEmpty() ? s.statementDates : s.dateCues).stream().min(LocalDate::compareTo)
                        .orElseThrow();
                out[s.index] = previous;
                precision[s.index] = EventExtractor.DATE_DAY;
            } else {
                out[s.index] = previous != null ? previous : fallback;
                precision[s.index] = previous != null ? EventExtractor.DATE_DAY : fallbackPrecision;
            }
        }
        return out;
    }

    /** Words between a verb of saying and the day it was said: "said on Wednesday", "said late Monday". */
    private static final Set<String> STATEMENT_FILLERS = Set.of("on", "late", "early", "this", "last");

    /** "during Friday prayers": a weekly ritual, not a day. */
    private static final Set<String> RITUALS = Set.of("prayer", "prayers", "sermon", "congregation");

    /** Verbs of saying only ("reported on Monday" may date the act itself). */
    private static final Set<String> STATEMENT_VERBS = Set.of("said", "says", "claimed", "told",
            "stated", "announced", "added");

    /** The cue at {@code token} dates a statement: a verb of saying stands right before it ("said on Wednesday"). */
    static boolean datesStatement(final List<Tokens.Token> tokens, final int token) {
        int j = token - 1;
        while (j >= 0 && j >= token - 2 && STATEMENT_FILLERS.contains(tokens.get(j).norm())) {
            j--;
        }
        return j >= 0 && STATEMENT_VERBS.contains(tokens.get(j).norm());
    }

    /** How far back a coarse time expression must lie to make its sentence background. */
    private static final int BACKGROUND_DAYS = 21;

    /**
     * Whether an in-scope coarse time expression puts the sentence weeks back: "in March 2023",
     * "in April" (two months or more before {@code anchor}), "in 2021", "last year", "March last
     * year", "two months ago". Such a sentence recalls an earlier incident ("A similar attack in
     * Kandahar in March 2023 killed three") and yields no event. "since 2021" compares, it does not
     * date, and is skipped.
     */
    static boolean recallsPast(final List<Tokens.Token> tokens, final LocalDate anchor, final boolean[] outOfScope) {
        final LocalDate cut = anchor.minusDays(BACKGROUND_DAYS);
        for (int i = 0; i < tokens.size(); i++) {
            if (outOfScope[i]) {
                continue;
            }
            final Tokens.Token token = tokens.get(i);
            // Months and "ago" carry the date tag; years are digits; "last year". A tagged token answers
            // from its bits, without reading its word (most tokens of every sentence get here)
            if (token.is(WordTags.TAGGED) ? !token.is(WordTags.DATE | WordTags.DIGIT_START | WordTags.YEAR)
                    : !token.is(WordTags.DATE) && !Numbers.startsWithDigit(token.norm()) && !"year".equals(token.norm())) {
                continue;
            }
            final String w = token.norm();
            final String prev = i > 0 ? tokens.get(i - 1).norm() : "";
            final String next = i + 1 < tokens.size() ? tokens.get(i + 1).norm() : "";
            LocalDate end = null;
            if (MONTHS.containsKey(w) && tokens.get(i).is(WordTags.DATE) && dayOfMonth(next) == null
                    && dayOfMonth(prev) == null && !"may".equals(w)) {
                final int month = MONTHS.get(w);
                final String after = i + 2 < tokens.size() ? tokens.get(i + 2).norm() : "";
                final int year = Numbers.isYear(next) ? Integer.parseInt(next)
                        : "last".equals(next) && "year".equals(after) ? anchor.getYear() - 1
                        : "in".equals(prev) ? (month <= anchor.getMonthValue() ? anchor.getYear() : anchor.getYear() - 1)
                        : 0;
                if (year > 0) {
                    end = LocalDate.of(year, month, 1).plusMonths(1).minusDays(1);
                }
            } else if (Numbers.isYear(w) && "in".equals(prev)) {
                end = LocalDate.of(Integer.parseInt(w), 12, 31);
            } else if ("year".equals(w) && "last".equals(prev)) {
                end = LocalDate.of(anchor.getYear() - 1, 12, 31);
            } else if ("ago".equals(w) && i >= 2 && ("months".equals(prev) || "years".equals(prev) || "year".equals(prev)
                    || "month".equals(prev))) {
                end = anchor.minusMonths(1);
            }
            if (end != null && end.isBefore(cut) && !sinceBefore(tokens, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sinceBefore(final List<Tokens.Token> tokens, final int i) {
        for (int j = Math.max(0, i - 8); j < i; j++) {
            if ("since".equals(tokens.get(j).norm())) {
                return true;
            }
        }
        return false;
    }

    /** Date expressions of a sentence, resolved against the publish date (UTC). */
    static List<DateCue> find(final List<Tokens.Token> tokens, final LocalDate published) {
        final List<DateCue> out = new ArrayList<>();
        int dayBefore = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).is(WordTags.DATE)) {
                continue;
            }
            final String w = tokens.get(i).norm();
            final String prev = i > 0 ? tokens.get(i - 1).norm() : "";
            final String next = i + 1 < tokens.size() ? tokens.get(i + 1).norm() : "";
            if ("previous".equals(prev) && ("night".equals(w) || "day".equals(w) || "evening".equals(w))
                    || ("night".equals(prev) || "day".equals(prev)) && ("before".equals(w) || "earlier".equals(w))) {
                // "said on Tuesday that … the previous night": the day before the sentence's anchor date.
                dayBefore = i;
            } else if ("yesterday".equals(w) || "overnight".equals(w) || "night".equals(w) && "last".equals(prev)) {
                out.add(new DateCue(published.minusDays(1), i));
            } else if ("today".equals(w) || "tonight".equals(w)
                    || "this".equals(prev) && ("morning".equals(w) || "afternoon".equals(w) || "evening".equals(w))) {
                out.add(new DateCue(published, i));
            } else if (WEEKDAYS.containsKey(w) && !RITUALS.contains(next)) {
                final DayOfWeek day = WEEKDAYS.get(w);
                LocalDate d = published;
                if ("last".equals(prev)) {
                    d = d.minusDays(1);
                }
                while (d.getDayOfWeek() != day) {
                    d = d.minusDays(1);
                }
                out.add(new DateCue(d, i));
            } else if ("ago".equals(w) && i >= 2 && ("days".equals(prev) || "day".equals(prev))) {
                final Integer n = Numbers.number(tokens.get(i - 2).norm());
                if (n != null && n <= 31) {
                    out.add(new DateCue(published.minusDays(n), i - 2));
                }
            } else if (MONTHS.containsKey(w)) {
                final Integer after = dayOfMonth(next);
                final Integer before = dayOfMonth(prev);
                final Integer day = after != null ? after : before;
                if (day == null) {
                    continue;
                }
                final int yearIdx = after != null ? i + 2 : i + 1;
                Integer year = null;
                if (yearIdx < tokens.size() && Numbers.isYear(tokens.get(yearIdx).norm())) {
                    year = Integer.parseInt(tokens.get(yearIdx).norm());
                }
                final int month = MONTHS.get(w);
                try {
                    LocalDate d = LocalDate.of(year != null ? year : published.getYear(), month, day);
                    if (year == null && d.isAfter(published.plusDays(180))) {
                        d = d.minusYears(1);
                    }
                    out.add(new DateCue(d, after != null ? i : i - 1));
                } catch (DateTimeException e) {
                    // "February 30": not a date, not a cue.
                    continue;
                }
            }
        }
        if (dayBefore >= 0) {
            LocalDate anchor = published;
            for (final DateCue c : out) {
                anchor = c.date().isBefore(anchor) ? c.date() : anchor;
            }
            out.add(new DateCue(anchor.minusDays(1), dayBefore));
        }
        return out;
    }

    private static Integer dayOfMonth(final String token) {
        final boolean ordinal = token.length() > 2 && (token.endsWith("st") || token.endsWith("nd")
                || token.endsWith("rd") || token.endsWith("th"));
        final String digits = ordinal ? token.substring(0, token.length() - 2) : token;
        if (!Numbers.isDigits(digits, 1, 2)) {
            return null;
        }
        final int d = Integer.parseInt(digits);
        return d >= 1 && d <= 31 ? d : null;
    }

    private static Map<String, Integer> months() {
        final Map<String, Integer> m = new HashMap<>();
        final String[] full = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december"};
        for (int i = 0; i < full.length; i++) {
            m.put(full[i], i + 1);
            if (full[i].length() > 3) {
                m.put(full[i].substring(0, 3), i + 1);
            }
        }
        m.put("sept", 9);
        return Map.copyOf(m);
    }

    private static Map<String, DayOfWeek> weekdays() {
        final Map<String, DayOfWeek> m = new HashMap<>();
        for (final DayOfWeek d : DayOfWeek.values()) {
            m.put(d.name().toLowerCase(Locale.ROOT), d);
        }
        return Map.copyOf(m);
    }
}
