package io.sitrep.app;

import io.sitrep.schemas.avro.RegionEscalation;
import java.util.List;
import java.util.Locale;

/** Renders per-region figures as a fixed-width text table for the terminal. */
final class RegionTable {
    private RegionTable() {
    }

    static String render(final List<RegionEscalation> regions) {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-9s %-22s %-9s %6s %4s %6s %6s %6s  %-10s %-10s %s%n",
                "REGION", "NAME", "LEVEL", "EVENTS", "C7", "B28", "R", "DEAD30", "AS OF", "SINCE", "FLAGS"));
        for (RegionEscalation r : regions) {
            out.append(String.format(Locale.ROOT, "%-9s %-22s %-9s %6d %4d %6.2f %6.2f %6d  %-10s %-10s %s%n",
                    r.getRegionCode(), truncate(r.getRegionName(), 22), r.getLevel(), r.getTotalEvents(), r.getC7(),
                    r.getB28(), r.getRatio(), r.getFatalities30Low(), r.getAsOf(),
                    r.getLevelSince() == null ? "" : r.getLevelSince(), String.join(",", r.getFlags())));
        }
        return out.toString();
    }

    private static String truncate(final String s, final int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
