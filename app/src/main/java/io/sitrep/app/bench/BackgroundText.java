package io.sitrep.app.bench;

import java.util.SplittableRandom;

/**
 * The background paragraphs that make a synthetic report as long as a real article (daily life,
 * prices, roads, schools, water, weather), from a grammar written for this project.
 *
 * <p>Lengths follow a long-tailed distribution: median about 520 words of background, rarely less
 * than 250, at most {@value #MAX_WORDS}. No sentence names a place, a date, a number, an armed
 * actor or an event cue, so the background never adds an event.
 *
 * <p>Two reports about different incidents must share about as much wording as two real articles
 * do, or the bench measures a dedup stage that compares every report with every other: on the
 * real-news development corpus two articles about different incidents share a median of 0.4 % of
 * the smaller one's word triples (99th percentile 4 %); the earlier grammar of eight fixed sentence
 * frames shared 32 % (99th percentile 48 %). So a sentence is built from phrases whose fixed glue
 * is at most two words, and each slot draws from a few dozen choices: a triple repeats across
 * stories only where a real text would repeat it too ("said that the").
 */
final class BackgroundText {
    static final int MAX_WORDS = 1_900;
    private static final double MEDIAN_WORDS = 520;
    private static final double SPREAD = 0.5;

    private static final String[] GROUPS = {"shopkeepers", "farmers", "teachers", "taxi drivers", "mothers", "students",
        "elders", "shepherds", "tailors", "bakers", "nurses", "carpenters", "traders", "young men", "widows", "labourers",
        "fruit sellers", "pharmacists", "builders", "herders", "clerks", "weavers", "potters", "well diggers", "cobblers",
        "beekeepers", "midwives", "grandparents", "schoolgirls", "porters", "butchers", "barbers", "millers", "drivers",
        "vendors", "apprentices", "tenants", "landlords", "neighbours", "cousins"};
    private static final String[] TRADES = {"a shopkeeper", "a retired teacher", "a farmer", "a taxi driver", "a tailor",
        "a pharmacist", "a baker", "a mechanic", "a student", "a carpenter", "a shepherd", "a mason", "a cook", "a nurse",
        "a clerk", "a weaver", "a potter", "a cobbler", "a beekeeper", "a midwife", "a barber", "a miller", "a vendor",
        "a schoolteacher", "a grandmother", "a father of six", "a widow", "an apprentice", "a porter", "a bookseller"};
    private static final String[] NOUNS = {"well", "orchard", "bakery", "roof", "lane", "footbridge", "teahouse", "clinic",
        "pharmacy", "classroom", "courtyard", "garden", "kitchen", "stall", "flour mill", "water tank", "ditch", "canal",
        "terrace", "vineyard", "walnut grove", "wheat field", "melon patch", "goat pen", "chicken coop", "bus stop",
        "workshop", "radio", "sewing machine", "generator", "solar panel", "water pump", "loom", "bicycle", "wheelbarrow",
        "handcart", "stove", "kettle", "carpet", "blanket", "notebook", "ledger", "textbook", "storeroom", "stairway",
        "doorway", "window frame", "cupboard", "tin roof", "mud wall", "gate", "orchard wall", "haystack", "woodpile",
        "spring", "stream bank", "hillside path", "grazing ground", "bread oven", "tea urn", "weighing scale", "shop sign",
        "noticeboard", "library", "tannery", "dairy", "butcher's shop", "barber's chair", "shoe rack", "bookshop",
        "guest room", "rooftop", "cellar", "veranda", "well rope", "pulley", "ladder", "toolbox", "seed store"};
    private static final String[] ADJECTIVES = {"old", "new", "narrow", "dusty", "crowded", "quiet", "muddy", "steep",
        "cracked", "freshly painted", "small", "wide", "cold", "warm", "damp", "bright", "dim", "shared", "rented",
        "borrowed", "patched", "leaking", "creaking", "spotless", "cluttered", "half-empty", "overgrown", "neat", "shabby",
        "sturdy", "rickety", "tidy", "sunny", "shaded", "busy", "forgotten", "familiar", "modest", "spacious", "cramped",
        "draughty", "noisy", "peaceful", "well-kept", "faded", "brand-new", "second-hand", "hand-built", "whitewashed",
        "low"};
    private static final String[] TRANSITIVE = {"repaired", "painted", "cleaned", "borrowed", "sold", "bought", "swept",
        "carried", "mended", "rebuilt", "measured", "weighed", "watered", "planted", "stitched", "loaded", "unloaded",
        "washed", "stacked", "checked", "locked", "visited", "rented out", "emptied", "filled", "decorated", "guarded",
        "inspected", "shared", "tidied", "moved", "replaced", "sketched", "admired", "photographed", "shaded", "fenced",
        "whitewashed", "dusted", "sorted"};
    private static final String[] PREPOSITIONS = {"near", "behind", "beside", "above", "below", "along", "next to",
        "inside", "outside", "beyond", "opposite", "around", "past", "across from", "under", "by", "off", "facing"};
    private static final String[] DETERMINERS = {"the", "a", "their", "his", "her", "our", "an uncle's", "a neighbour's",
        "the family's", "the village's", "that", "this", "every", "another", "each", "the old", "some", "no"};
    private static final String[] LINKING = {"was", "seemed", "looked", "stayed", "became", "felt", "remained", "grew"};
    private static final String[] DEGREES = {"rather", "far too", "mostly", "almost", "still", "suddenly", "oddly",
        "quite", "hardly", "surprisingly", "barely", "fairly", "much", "newly", "always", "often", "rarely", "plainly"};
    private static final String[] STATES = {"dry", "shut", "busy", "quiet", "full", "empty", "leaky", "tidy", "expensive",
        "cheap", "crowded", "silent", "locked", "useful", "unsafe", "cosy", "cramped", "lively", "dusty", "muddy", "worn",
        "sound", "bare", "pleasant", "gloomy", "cluttered", "neglected", "welcoming", "stuffy", "chilly", "spotless",
        "damp", "popular", "unused", "unfinished", "affordable", "famous", "precious", "ordinary", "forgotten"};
    private static final String[] GOODS = {"flour", "cooking oil", "sugar", "rice", "tea", "firewood", "gas", "diesel",
        "onion", "tomato", "lentil", "textbook", "blanket", "medicine", "soap", "apricot", "almond", "raisin", "wool",
        "salt", "shoe", "fodder", "brick", "cement", "kerosene", "chickpea", "yoghurt", "butter", "egg", "potato",
        "spinach", "melon", "pomegranate", "mulberry", "walnut", "honey", "thread", "nail", "paint", "bread"};
    private static final String[] COSTS = {"prices", "costs", "rates", "bills", "supplies", "stocks", "sales", "queues"};
    private static final String[] MOVES = {"rose", "fell", "climbed", "doubled", "slipped", "jumped", "eased", "steadied",
        "dipped", "soared", "crept up", "tumbled", "recovered", "stalled", "shrank", "grew"};
    private static final String[] MANNERS = {"sharply", "slightly", "again", "steadily", "quickly", "slowly",
        "unexpectedly", "gently", "wildly", "quietly", "noticeably", "modestly", "abruptly", "gradually"};
    private static final String[] TIME_WORDS = {"after", "before", "during", "since", "until", "through", "throughout",
        "around", "ahead of", "following"};
    private static final String[] SEASONS = {"harvest", "rains", "snow", "winter", "summer", "autumn", "spring", "frost",
        "thaw", "holidays", "exams", "drought", "heatwave", "sowing", "shearing", "threshing", "weddings", "fasting",
        "market", "school term", "apricot season", "mulberry season", "cold spell", "dry spell"};
    private static final String[] REPORTED = {"said", "explained", "complained", "recalled", "added", "insisted", "noted",
        "remarked", "admitted", "argued", "joked", "sighed", "agreed", "claimed", "observed", "suggested", "mentioned",
        "grumbled", "conceded", "reckoned"};
    private static final String[] FEELINGS = {"worried", "tired", "hopeful", "uncertain", "determined", "angry",
        "resigned", "proud", "anxious", "patient", "cheerful", "weary", "curious", "restless", "grateful", "doubtful"};
    private static final String[] MANY = {"many", "most", "some", "younger", "older", "poorer", "richer", "local",
        "retired", "newer"};
    private static final String[] LINKS = {"and", "but", "so", "while", "because", "although", "until", "since",
        "whereas", "once", "though", "after"};

    private BackgroundText() {
    }

    /** Words of background for one story, drawn from the story's randomness. */
    static int wordsFor(final SplittableRandom story) {
        final double gaussian = gaussian(story);
        return (int) Math.max(120, Math.min(MAX_WORDS, Math.round(MEDIAN_WORDS * Math.exp(SPREAD * gaussian))));
    }

    /** About {@code words} words in paragraphs of four to seven sentences, separated by blank lines. */
    static String paragraphs(final int words, final SplittableRandom r) {
        final StringBuilder sb = new StringBuilder(words * 7);
        int written = 0;
        while (written < words) {
            sb.append("\\n\\n");
            final int sentences = 4 + r.nextInt(4);
            for (int i = 0; i < sentences && written < words; i++) {
                final String s = sentence(r);
                sb.append(i == 0 ? "" : " ").append(s);
                written += wordCount(s);
            }
        }
        return sb.toString();
    }

    /** Words of a generated sentence: its spaces plus one (a split would allocate every word, and this runs in the measured phase). */
    static int wordCount(final String sentence) {
        int words = 1;
        for (int i = 0; i < sentence.length(); i++) {
            if (sentence.charAt(i) == ' ') {
                words++;
            }
        }
        return words;
    }

    private static String sentence(final SplittableRandom r) {
        final String clause = clause(r);
        return switch (r.nextInt(6)) {
            case 0 -> SyntheticReports.capital(clause) + ", " + SyntheticReports.person(r) + ", " + pick(TRADES, r) + ", " + pick(REPORTED, r) + ".";
            case 1 -> SyntheticReports.person(r) + " " + pick(REPORTED, r) + " that " + clause + ".";
            case 2 -> SyntheticReports.capital(clause) + " " + pick(LINKS, r) + " " + clause(r) + ".";
            case 3 -> SyntheticReports.capital(when(r)) + ", " + clause + ".";
            case 4 -> SyntheticReports.capital(pick(MANY, r)) + " " + pick(GROUPS, r) + " " + pick(LINKING, r) + " " + pick(FEELINGS, r) + " "
                    + pick(LINKS, r) + " " + clause + ".";
            default -> SyntheticReports.capital(clause) + " " + when(r) + ".";
        };
    }

    /** One clause: who or what, what happened, and sometimes where; glue of at most two fixed words. */
    private static String clause(final SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> pick(MANY, r) + " " + pick(GROUPS, r) + " " + pick(TRANSITIVE, r) + " " + thing(r) + place(r);
            case 1 -> thing(r) + place(r) + " " + pick(LINKING, r) + " " + pick(DEGREES, r) + " " + pick(STATES, r);
            case 2 -> pick(GOODS, r) + " " + pick(COSTS, r) + " " + pick(MOVES, r) + " " + pick(MANNERS, r);
            case 3 -> SyntheticReports.person(r) + " " + pick(TRANSITIVE, r) + " " + thing(r) + place(r);
            default -> pick(GOODS, r) + " and " + pick(GOODS, r) + " " + pick(COSTS, r) + " " + pick(MOVES, r);
        };
    }

    private static String when(final SplittableRandom r) {
        return pick(TIME_WORDS, r) + " the " + pick(SEASONS, r);
    }

    private static String thing(final SplittableRandom r) {
        final String det = pick(DETERMINERS, r);
        final String noun = r.nextInt(3) == 0 ? pick(NOUNS, r) : pick(ADJECTIVES, r) + " " + pick(NOUNS, r);
        return ("a".equals(det) && "aeiou".indexOf(noun.charAt(0)) >= 0 ? "an" : det) + " " + noun;
    }

    private static String place(final SplittableRandom r) {
        return r.nextInt(2) == 0 ? "" : " " + pick(PREPOSITIONS, r) + " " + thing(r);
    }

    private static String pick(final String[] words, final SplittableRandom r) {
        return words[r.nextInt(words.length)];
    }

    /** A standard normal draw (Box–Muller), so the length depends on the story's randomness only. */
    private static double gaussian(final SplittableRandom r) {
        final double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
