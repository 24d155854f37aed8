package io.sitrep.app.bench;

import java.util.SplittableRandom;

/**
 * The background paragraphs that make a synthetic report as long as a real article (daily life,
 * prices, roads, schools, water, weather), drawn from a small grammar written for this project.
 *
 * <p>Lengths follow a long-tailed distribution: median about 520 words of background, rarely less
 * than 250, at most {@value #MAX_WORDS}. No sentence names a place, a date, a number, an armed
 * actor or an event cue, so the background never adds an event; the combinations are many enough
 * that two incidents rarely share a 4-word run, as two real articles rarely do.
 */
final class BackgroundText {
    static final int MAX_WORDS = 1_900;
    private static final double MEDIAN_WORDS = 520;
    private static final double SPREAD = 0.5;

    private static final String[] GROUPS = {"shopkeepers", "farmers", "teachers", "taxi drivers", "mothers", "students",
        "elders", "shepherds", "tailors", "bakers", "nurses", "carpenters", "traders", "young men", "widows", "labourers",
        "fruit sellers", "pharmacists", "builders", "herders", "clerks", "weavers", "potters", "well diggers"};
    private static final String[] GOODS = {"flour", "cooking oil", "sugar", "rice", "tea", "firewood", "cooking gas",
        "diesel", "onions", "tomatoes", "lentils", "school books", "blankets", "medicine", "soap", "dried apricots",
        "almonds", "raisins", "wool", "salt", "matches", "shoes", "fodder", "bricks"};
    private static final String[] CHANGES = {"almost doubled", "risen sharply", "crept up week after week",
        "fallen a little", "swung from day to day", "climbed beyond what most could pay", "eased slightly",
        "stayed stubbornly high"};
    private static final String[] PERIODS = {"the last harvest", "the start of winter", "the spring rains",
        "the end of the fasting month", "the new school year", "the previous season", "the wedding season",
        "the first snow"};
    private static final String[] SERVICES = {"the water supply", "electricity", "the only clinic", "the bus service",
        "the mobile signal", "the girls' school", "the flour mill", "the irrigation channel", "the post office",
        "the bank branch", "the vaccination team", "the bread oven"};
    private static final String[] TROUBLES = {"had worked only a few hours a day", "had been unreliable",
        "had closed without notice", "had run short", "had been out of reach for the poorest", "had come back only slowly",
        "had been shared between too many households", "had needed repairs nobody could pay for"};
    private static final String[] BODIES = {"the municipal office", "a charity from the capital", "the education department",
        "a group of returning migrants", "the health directorate", "the local council of elders", "a farmers' cooperative",
        "the water board", "a women's association", "the roads department", "a youth club", "the traders' union"};
    private static final String[] PLANS = {"to rebuild the footbridge", "to dig a deeper well", "to pave the lane to the bazaar",
        "to open evening classes", "to repair the canal gates", "to plant walnut saplings", "to hire a second midwife",
        "to put solar lamps along the main lane", "to reopen the library", "to fence the cemetery",
        "to buy a generator for the clinic", "to clear the drainage ditches"};
    private static final String[] SEASONS = {"before the cold months", "by the end of summer", "once the snow melts",
        "before the next harvest", "in time for the exams", "before the rains", "within the coming weeks",
        "as soon as funds arrive"};
    private static final String[] MEMORIES = {"swim in the river", "fly kites from the rooftops", "herd sheep on the hillside",
        "carry water from the spring", "sell bread at the crossroads", "play cricket on the dry riverbed",
        "pick mulberries by the stream", "listen to the radio in the teahouse", "walk an hour to school",
        "help their fathers at the loom"};
    private static final String[] FEELINGS = {"worried", "tired", "hopeful", "uncertain", "quietly determined", "angry",
        "resigned", "proud", "anxious", "patient"};
    private static final String[] WORRIES = {"the cost of a doctor", "finding work for their sons", "the rent for their shops",
        "keeping their daughters in school", "debts from last winter", "the price of seed", "the long queues for paperwork",
        "getting their produce to market", "the roof before the snow", "the dowry their families expect"};
    private static final String[] DAYS_OF_WORK = {"opens the shop before sunrise", "walks the flock up the valley",
        "mends nets and baskets", "bakes bread for the neighbourhood", "repairs radios and phones", "teaches in two shifts",
        "drives a minibus between the villages", "sells tea outside the mosque", "stitches school uniforms",
        "keeps bees on the terraces"};
    private static final String[] REPORTED = {"said", "explained", "complained", "recalled", "added", "insisted", "noted",
        "told visitors"};

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
                written += s.split(" ").length;
            }
        }
        return sb.toString();
    }

    private static String sentence(final SplittableRandom r) {
        final String who = SyntheticReports.person(r);
        return switch (r.nextInt(8)) {
            case 0 -> capital(pick(GROUPS, r)) + " " + pick(REPORTED, r) + " the price of " + pick(GOODS, r) + " had "
                    + pick(CHANGES, r) + " since " + pick(PERIODS, r) + ".";
            case 1 -> who + ", who " + pick(DAYS_OF_WORK, r) + ", " + pick(REPORTED, r) + " that " + pick(SERVICES, r) + " "
                    + pick(TROUBLES, r) + " since " + pick(PERIODS, r) + ".";
            case 2 -> capital(pick(BODIES, r)) + " has promised " + pick(PLANS, r) + " " + pick(SEASONS, r)
                    + ", though many " + pick(GROUPS, r) + " doubt it will happen.";
            case 3 -> who + " " + pick(REPORTED, r) + " that as children they used to " + pick(MEMORIES, r) + " and "
                    + pick(MEMORIES, r) + ".";
            case 4 -> "Most " + pick(GROUPS, r) + " feel " + pick(FEELINGS, r) + " about " + pick(WORRIES, r) + ", and some "
                    + "have started to save with " + pick(GROUPS, r) + " from the next valley.";
            case 5 -> "For " + pick(GROUPS, r) + " like " + who + ", " + pick(WORRIES, r) + " matters more than anything "
                    + "said in the capital.";
            case 6 -> capital(pick(SERVICES, r)) + " " + pick(TROUBLES, r) + ", and " + pick(BODIES, r) + " asked "
                    + pick(GROUPS, r) + " to be " + pick(FEELINGS, r) + " a while longer.";
            default -> "Since " + pick(PERIODS, r) + ", " + pick(GOODS, r) + " and " + pick(GOODS, r) + " have "
                    + pick(CHANGES, r) + ", " + who + " " + pick(REPORTED, r) + ".";
        };
    }

    private static String pick(final String[] words, final SplittableRandom r) {
        return words[r.nextInt(words.length)];
    }

    private static String capital(final String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A standard normal draw (Box–Muller), so the length depends on the story's randomness only. */
    private static double gaussian(final SplittableRandom r) {
        final double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
