package io.sitrep.app.eval;

import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.EventType;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Scores attribution against the labels of an evaluation corpus (the JSONL format):
 * where ({@code regions}), what ({@code event_types}), when ({@code event_date}), and whether a
 * negative item ({@code "story": "none"}) produced a counted violent event.
 *
 * <p>Only <em>counted</em> events (violence, not talks or ceasefires) are compared. Per item the
 * predicted set of provinces and of type labels is compared with the labelled set; the counts are
 * summed over items (micro-averaged) before precision, recall and F1 are taken, so an item with
 * four struck provinces weighs four times an item with one; an event placed only in a country
 * (no province named) counts for its type and date but claims no province. Event date: over the labelled items
 * with an {@code event_date}, the date of the item's first counted event in a labelled province
 * (else its first counted event) is compared exactly and within one day; an item without a
 * counted event is a miss.
 *
 * <p>The scorer does not care where the events come from: {@link AttributionEval} runs the
 * extractor in-process, {@code sitrep eval} reads them off the attributed-events topic
 * ({@link #predictedOf(Collection)}).
 */
public final class AttributionScorer {

    /** The labelled event-type vocabulary of the corpus format. */
    public static final Set<String> TYPE_LABELS = Set.of("airstrike", "drone_strike", "shelling", "armed_clash",
            "suicide_bombing", "ied", "ground_assault", "other_violence");

    /**
     * One labelled item as the scorer needs it.
     *
     * @param id        corpus id
     * @param story     incident slug, or {@code "none"} for a negative item
     * @param eventDate ISO date of the incident, or null
     * @param regions   ISO 3166-2 province codes where violence happened
     * @param types     event type labels ({@link #TYPE_LABELS})
     */
    public record Labelled(String id, String story, String eventDate, Collection<String> regions,
                           Collection<String> types) {

        public Labelled {
            regions = regions == null ? List.of() : List.copyOf(regions);
            types = types == null ? List.of() : List.copyOf(types);
        }

        /** A negative item: no incident behind it. */
        public boolean negative() {
            return story == null || story.isBlank() || "none".equals(story);
        }
    }

    /**
     * One event as the pipeline (or the extractor) produced it for an item.
     *
     * @param regionCode province code
     * @param typeLabel  event type in the corpus vocabulary ({@link #typeLabel(EventType, String)})
     * @param eventDate  event date
     * @param counted    false for non-violent developments
     */
    public record Predicted(String regionCode, String typeLabel, LocalDate eventDate, boolean counted) {
    }

    /** The scores, with the summary fragment. */
    public record Scores(int items, int regionTp, int regionFp, int regionFn, int typeTp, int typeFp, int typeFn,
                         int dated, int dateExact, int dateWithinOne, int negativesCounted, int negatives) {

        public double dateAcc() {
            return ratio(dateExact, dated);
        }

        public double dateAcc1() {
            return ratio(dateWithinOne, dated);
        }

        /** The values that are ratios, in print order, for a caller that formats them itself. */
        public LinkedHashMap<String, Double> ratios() {
            final LinkedHashMap<String, Double> m = new LinkedHashMap<>();
            putPrecisionRecallF1(m, "region", regionTp, regionFp, regionFn);
            putPrecisionRecallF1(m, "type", typeTp, typeFp, typeFn);
            m.put("date_acc", dateAcc());
            m.put("date_acc1", dateAcc1());
            return m;
        }

        /**
         * The fragment of the {@code eval:} line:
         * {@code region_p=… region_r=… region_f1=… type_p=… type_r=… type_f1=… date_acc=… date_acc1=… negatives_counted=K/N}.
         */
        public String keyValues() {
            final StringBuilder b = new StringBuilder();
            for (final Map.Entry<String, Double> e : ratios().entrySet()) {
                b.append(e.getKey()).append('=').append(String.format(Locale.ROOT, "%.3f", e.getValue())).append(' ');
            }
            return b.append("negatives_counted=").append(negativesCounted).append('/').append(negatives).toString();
        }

        private static double ratio(final int num, final int den) {
            return den == 0 ? 0.0 : (double) num / den;
        }

        /** {@code <prefix>_p}, {@code _r} and {@code _f1} of one dimension's counts (0 where nothing was predicted or labelled). */
        private static void putPrecisionRecallF1(final Map<String, Double> m, final String prefix, final int tp, final int fp,
                                                 final int fn) {
            final double p = ratio(tp, tp + fp);
            final double r = ratio(tp, tp + fn);
            m.put(prefix + "_p", p);
            m.put(prefix + "_r", r);
            m.put(prefix + "_f1", PairScore.f1(p, r));
        }
    }

    /** Scores the predictions of every item; an item missing from {@code predicted} predicted nothing. */
    public Scores score(final List<Labelled> items, final Function<String, List<Predicted>> predicted) {
        int rTp = 0;
        int rFp = 0;
        int rFn = 0;
        int tTp = 0;
        int tFp = 0;
        int tFn = 0;
        int dated = 0;
        int exact = 0;
        int within = 0;
        int negCounted = 0;
        int negatives = 0;
        for (final Labelled item : items) {
            final List<Predicted> counted = counted(predicted.apply(item.id()));
            final Set<String> predRegions = regionsOf(counted);
            final Set<String> predTypes = typesOf(counted);
            if (item.negative()) {
                negatives++;
                if (!counted.isEmpty()) {
                    negCounted++;
                }
            }
            final Set<String> goldRegions = new TreeSet<>(item.regions());
            final Set<String> goldTypes = new TreeSet<>(item.types());
            final int regionHits = intersection(predRegions, goldRegions);
            rTp += regionHits;
            rFp += predRegions.size() - regionHits;
            rFn += goldRegions.size() - regionHits;
            final int typeHits = intersection(predTypes, goldTypes);
            tTp += typeHits;
            tFp += predTypes.size() - typeHits;
            tFn += goldTypes.size() - typeHits;
            if (!item.negative() && item.eventDate() != null && !item.eventDate().isBlank()) {
                dated++;
                final LocalDate gold = LocalDate.parse(item.eventDate());
                final LocalDate got = dateOf(counted, goldRegions);
                if (got != null && got.equals(gold)) {
                    exact++;
                }
                if (got != null && Math.abs(got.toEpochDay() - gold.toEpochDay()) <= 1) {
                    within++;
                }
            }
        }
        return new Scores(items.size(), rTp, rFp, rFn, tTp, tFp, tFn, dated, exact, within, negCounted, negatives);
    }

    /**
     * Recall and precision per event type, types in label order:
     * {@code airstrike=R0.960(24/25),P0.889(24/27) …}: R over the items labelled with the type,
     * P over the items whose counted events have it.
     */
    public String typeScores(final List<Labelled> items, final Function<String, List<Predicted>> predicted) {
        final Map<String, int[]> byType = new java.util.TreeMap<>();
        for (final Labelled item : items) {
            final Set<String> got = typesOf(counted(predicted.apply(item.id())));
            for (final String t : new TreeSet<>(item.types())) {
                final int[] c = byType.computeIfAbsent(t, k -> new int[3]);
                c[1]++;
                if (got.contains(t)) {
                    c[0]++;
                }
            }
            for (final String t : got) {
                byType.computeIfAbsent(t, k -> new int[3])[2]++;
            }
        }
        final StringBuilder b = new StringBuilder();
        for (final Map.Entry<String, int[]> e : byType.entrySet()) {
            final int[] c = e.getValue();
            b.append(String.format(Locale.ROOT, "%s=R%.3f(%d/%d),P%.3f(%d/%d) ", e.getKey(),
                    c[1] == 0 ? 0.0 : (double) c[0] / c[1], c[0], c[1], c[2] == 0 ? 0.0 : (double) c[0] / c[2], c[0], c[2]));
        }
        return b.toString().strip();
    }

    /** One line per item whose regions, types or date differ from the labels. */
    public void explain(final List<Labelled> items, final Function<String, List<Predicted>> predicted,
                        final PrintWriter out) {
        for (final Labelled item : items) {
            final List<Predicted> counted = counted(predicted.apply(item.id()));
            final Set<String> regions = regionsOf(counted);
            final Set<String> types = typesOf(counted);
            final LocalDate date = dateOf(counted, new TreeSet<>(item.regions()));
            final boolean regionOk = regions.equals(new TreeSet<>(item.regions()));
            final boolean typeOk = types.equals(new TreeSet<>(item.types()));
            final boolean dateOk = item.negative() || item.eventDate() == null
                    || date != null && date.toString().equals(item.eventDate());
            if (!regionOk || !typeOk || !dateOk) {
                out.printf("  %-10s regions %s (want %s) types %s (want %s) date %s (want %s)%n", item.id(), regions,
                        new TreeSet<>(item.regions()), types, new TreeSet<>(item.types()), date, item.eventDate());
            }
        }
        out.flush();
    }

    /** The predictions of the latest attributed events of an item (tombstones already removed). */
    public static List<Predicted> predictedOf(final Collection<AttributedEvent> events) {
        final List<Predicted> out = new ArrayList<>(events.size());
        for (final AttributedEvent e : events) {
            out.add(new Predicted(e.getRegionCode(), typeLabel(e.getEventType(), e.getSubType()), e.getEventDate(),
                    e.getCounted()));
        }
        return out;
    }

    /**
     * The corpus label of an event type: AIR_DRONE_STRIKE splits by its sub-type (drone or not);
     * ATTACK_ON_CIVILIANS and UNKNOWN are {@code other_violence}; non-violent types are {@code none}.
     */
    public static String typeLabel(final EventType type, final String subType) {
        return switch (type) {
            case AIR_DRONE_STRIKE -> "drone_strike".equals(subType) ? "drone_strike" : "airstrike";
            case SHELLING_ARTILLERY_MISSILE -> "shelling";
            case ARMED_CLASH -> "armed_clash";
            case SUICIDE_BOMB -> "suicide_bombing";
            case REMOTE_EXPLOSIVE -> "ied";
            case GROUND_ASSAULT -> "ground_assault";
            case ATTACK_ON_CIVILIANS, UNKNOWN -> "other_violence";
            case STRATEGIC_DEVELOPMENT -> "none";
        };
    }

    private static List<Predicted> counted(final List<Predicted> all) {
        if (all == null) {
            return List.of();
        }
        return all.stream().filter(Predicted::counted).toList();
    }

    /** The province codes of counted predictions, sorted (a country-wide event claims no province). */
    private static Set<String> regionsOf(final List<Predicted> counted) {
        return counted.stream().map(Predicted::regionCode).filter(AttributionScorer::isProvince).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The type labels of counted predictions, sorted. */
    private static Set<String> typesOf(final List<Predicted> counted) {
        return counted.stream().map(Predicted::typeLabel).collect(Collectors.toCollection(TreeSet::new));
    }

    private static LocalDate dateOf(final List<Predicted> counted, final Set<String> goldRegions) {
        for (final Predicted p : counted) {
            if (goldRegions.contains(p.regionCode())) {
                return p.eventDate();
            }
        }
        return counted.isEmpty() ? null : counted.get(0).eventDate();
    }

    /**
     * Province codes ({@code AF-KHO}) are compared with the labelled provinces; a country-wide
     * event ({@code PK}: "along the border", no province named) claims no province, so it is neither
     * a hit nor a false province. Its type and date are scored like any other's.
     */
    static boolean isProvince(final String regionCode) {
        return regionCode != null && regionCode.indexOf('-') > 0;
    }

    private static int intersection(final Set<String> a, final Set<String> b) {
        int n = 0;
        for (final String s : a) {
            if (b.contains(s)) {
                n++;
            }
        }
        return n;
    }
}
