package io.sitrep.app.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores casualty claims against a corpus's {@code claims} labels ({@code {claimant_side, claim}}):
 * whether the claimants' sides were found, and whether a labelled figure came out with the right
 * claimant. Only items with labelled claims count; a label whose side is {@code unknown} is skipped.
 *
 * <ul>
 * <li>{@code claim_side_r}: labelled claims whose side some extracted claim of the item has.</li>
 * <li>{@code claim_side_p}: extracted claims with a known side whose side the item's labels name.</li>
 * <li>{@code claim_figure_r}: labelled claims with a figure ("27 terrorists eliminated") for which
 * an extracted claim of the same side carries that figure (dead or wounded).</li>
 * </ul>
 * The corpora label no actor or target sides, so those are not scored here.
 */
public final class AttributionClaimScorer {

    /** One extracted claim: the claimant's side (Avro {@code Side} symbol) and its figures. */
    public record Claim(String side, Integer killed, Integer injured) {
    }

    /** The claim scores. */
    public record Scores(int labelled, int sideFound, int extracted, int extractedRight, int withFigure,
                         int figureFound) {

        public double sideR() {
            return ratio(sideFound, labelled);
        }

        public double sideP() {
            return ratio(extractedRight, extracted);
        }

        public double figureR() {
            return ratio(figureFound, withFigure);
        }

        public String keyValues() {
            return String.format(Locale.ROOT, "claim_side_p=%.3f claim_side_r=%.3f claim_figure_r=%.3f claims=%d",
                    sideP(), sideR(), figureR(), labelled);
        }

        private static double ratio(final int num, final int den) {
            return den == 0 ? 0.0 : (double) num / den;
        }
    }

    private static final Map<String, String> SIDES = Map.of("af", "AFGHANISTAN", "pk", "PAKISTAN", "ttp", "TTP",
            "bla", "BLA", "iskp", "ISKP", "independent", "OTHER", "afghanistan", "AFGHANISTAN",
            "pakistan", "PAKISTAN");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,3}(?:,\\d{3})+|\\d+");

    /**
     * Scores every item's extracted claims against its labels.
     *
     * @param items     the corpus items (their {@code claims} labels as "side: claim")
     * @param extracted the extracted claims of an item, by item id (null: none)
     */
    public Scores score(final List<EvalItem> items, final Function<String, List<Claim>> extracted) {
        final Tally n = new Tally();
        for (final EvalItem item : items) {
            final List<Claim> got = extracted.apply(item.id()) == null ? List.of() : extracted.apply(item.id());
            final Set<String> labelledSides = new HashSet<>();
            for (final String label : item.claims()) {
                final int colon = label.indexOf(':');
                final String side = colon < 0 ? null : SIDES.get(label.substring(0, colon).strip().toLowerCase(Locale.ROOT));
                if (side == null) {
                    continue;
                }
                labelledSides.add(side);
                n.labelled++;
                if (got.stream().anyMatch(c -> side.equals(c.side()))) {
                    n.sideFound++;
                }
                final List<Integer> figures = figures(label.substring(colon + 1));
                if (!figures.isEmpty()) {
                    n.withFigure++;
                    if (got.stream().anyMatch(c -> side.equals(c.side())
                            && (figures.contains(c.killed()) || figures.contains(c.injured())))) {
                        n.figureFound++;
                    }
                }
            }
            if (labelledSides.isEmpty()) {
                continue;
            }
            for (final Claim c : got) {
                if (c.side() != null && !"UNKNOWN".equals(c.side())) {
                    n.extracted++;
                    if (labelledSides.contains(c.side())) {
                        n.extractedRight++;
                    }
                }
            }
        }
        return new Scores(n.labelled, n.sideFound, n.extracted, n.extractedRight, n.withFigure, n.figureFound);
    }

    /** Running counts of {@link #score}. */
    private static final class Tally {
        private int labelled;
        private int sideFound;
        private int extracted;
        private int extractedRight;
        private int withFigure;
        private int figureFound;
    }

    /** The figures of a claim label, without years. */
    static List<Integer> figures(final String claim) {
        final List<Integer> out = new ArrayList<>();
        final Matcher m = NUMBER.matcher(claim);
        while (m.find()) {
            final String digits = m.group().replace(",", "");
            if (digits.length() > 6) {
                continue;
            }
            final int n = Integer.parseInt(digits);
            if (n >= 1900 && n <= 2100 && digits.length() == 4) {
                continue;
            }
            out.add(n);
        }
        return out;
    }
}
