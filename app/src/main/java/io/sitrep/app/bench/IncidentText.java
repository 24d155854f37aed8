package io.sitrep.app.bench;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.SplittableRandom;

/** The incident-specific wording of a synthetic report: its lead sentence, date phrase and village. */
final class IncidentText {
    private IncidentText() {
    }

    private static final String[] SYLLABLES = {"ba", "da", "ga", "ka", "ma", "na", "pa", "ra", "sa", "ta", "za", "kho",
        "shi", "lo", "mir", "gul", "zar", "dar", "wu", "ye"};

    /** A village name that encodes the incident number (bijective), e.g. "Bakho Darma". */
    static String village(final long incident) {
        final StringBuilder sb = new StringBuilder();
        long n = incident;
        for (int i = 0; i < 5; i++) {
            if (i == 2 || i == 4) {
                sb.append(i == 2 ? " " : "");
            }
            final String syl = SYLLABLES[(int) (n % SYLLABLES.length)];
            sb.append(sb.length() == 0 || sb.charAt(sb.length() - 1) == ' ' ? Character.toUpperCase(syl.charAt(0)) + syl.substring(1) : syl);
            n /= SYLLABLES.length;
        }
        return sb.append(" Kalay").toString();
    }

    static String when(final LocalDate day, final int form) {
        return switch (form) {
            case 0 -> "on " + day.getDayOfMonth() + " " + day.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 1 -> "on " + weekday(day.getDayOfWeek());
            default -> "yesterday";
        };
    }

    private static String weekday(final DayOfWeek d) {
        return d.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    static String lead(final String type, final boolean afghanRegion, final String place, final String when,
                               final SplittableRandom r) {
        final String other = afghanRegion ? "Pakistani" : "Afghan";
        final int form = r.nextInt(2);
        return switch (type) {
            case "AIR_DRONE_STRIKE" -> form == 0
                    ? other + " jets carried out air strikes on a village in " + place + " " + when + ", local officials said."
                    : "A drone strike destroyed a house in " + place + " " + when + ", residents said.";
            case "SHELLING_ARTILLERY_MISSILE" -> form == 0
                    ? other + " forces fired artillery shells at border villages in " + place + " " + when
                            + ", the district chief said."
                    : "Mortar rounds landed near a market in " + place + " " + when + ", police said.";
            case "ARMED_CLASH" -> form == 0
                    ? "Afghan and Pakistani border forces exchanged fire for several hours in " + place + " " + when
                            + ", officials said."
                    : "Security forces and gunmen clashed for much of the night in " + place + " " + when
                            + ", a police spokesman said.";
            case "REMOTE_EXPLOSIVE" -> form == 0
                    ? "A roadside bomb tore through a police vehicle in " + place + " " + when + ", officials said."
                    : "A landmine exploded under a minibus in " + place + " " + when + ", the local hospital said.";
            case "GROUND_ASSAULT" -> form == 0
                    ? other + " troops stormed a border checkpoint in " + place + " " + when + ", the military said."
                    : "Fighters overran a security outpost in " + place + " " + when + ", local sources said.";
            case "SUICIDE_BOMB" -> form == 0
                    ? "A suicide bomber set off his explosives at a checkpoint in " + place + " " + when + ", police said."
                    : "A suicide attack on a government compound shook " + place + " " + when + ", officials said.";
            default -> throw new IllegalStateException(type);
        };
    }

    static String numberWord(final int n) {
        return switch (n) {
            case 2 -> "Two";
            case 3 -> "Three";
            default -> String.valueOf(n);
        };
    }
}
