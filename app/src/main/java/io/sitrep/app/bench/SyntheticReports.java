package io.sitrep.app.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A deterministic stream of synthetic but realistic conflict reports (JSON, the format of
 * {@code POST /v1/reports}), written from templates over the gazetteer's provinces and the event
 * lexicon, so that attribution finds one event per incident. With {@link Options#articleBodies} the
 * bodies are as long as real articles (lead, details, witnesses, then {@link BackgroundText}:
 * median about 600 words, up to about 2,000), as the bench uses them.
 *
 * <p>Each report is one of three kinds:
 * <ul>
 *   <li><b>new</b>: the first story about a new incident (one counted event);</li>
 *   <li><b>syndicated</b>: another outlet's cut of a recent story: its own URL, headline and
 *   dateline, the same lead sentence, fewer or other background paragraphs. Dedup's exact tier does
 *   not catch it (other URL, other body); attribution merges it into the same event;</li>
 *   <li><b>duplicate</b>: a scraper resending a recent report byte for byte (same URL, same id).</li>
 * </ul>
 *
 * <p>Incidents are numbered from {@code firstIncident}; incident {@code j} happens in province
 * {@code j mod regions}, with event type {@code (j / regions) mod 6}, on a day that advances by
 * {@value #DAYS_BETWEEN_SLOTS} days every {@code regions * 6} incidents, so two incidents never
 * share an event identity (region, date ± 1 day, type). Incident numbers are global: a later phase
 * that continues the sequence ({@code firstIncident}) gets later dates and new identities. Dates end two days before {@code today}
 * and reach back at most {@value #MAX_DAYS_BACK} days, inside the aggregates' history. The figures
 * a correct pipeline must produce are given by {@link #expectedEvents}.
 *
 * <p>Not thread-safe; cheap to create. The same options give the same reports byte for byte.
 */
public final class SyntheticReports implements Iterator<SyntheticReports.Report> {

    /** What a report is, relative to the incidents before it. */
    public enum Kind { NEW, SYNDICATED, DUPLICATE }

    /**
     * One generated report.
     *
     * @param json     the report as a scraper posts it
     * @param incident the incident it reports
     * @param kind     new, syndicated copy or resend
     * @param region   the province code of the incident
     */
    public record Report(String json, long incident, Kind kind, String region) {
    }

    /**
     * @param count           reports to generate
     * @param duplicateRate   share of reports that are byte-for-byte resends, 0..1
     * @param syndicationRate share of reports that are other outlets' copies of a recent story, 0..1
     * @param regions         provinces used, 1..{@link #PROVINCES}.size()
     * @param seed            random seed
     * @param firstIncident   number of the first incident (to continue a sequence in a later phase)
     * @param today           dates end two days before this day
     * @param articleBodies   bodies as long as real articles ({@link BackgroundText}); false = the short
     *                        bodies (about 110 words) that keep end-to-end tests fast
     */
    public record Options(long count, double duplicateRate, double syndicationRate, int regions, long seed,
                          long firstIncident, LocalDate today, boolean articleBodies) {
        public Options {
            if (count < 0 || duplicateRate < 0 || syndicationRate < 0 || duplicateRate + syndicationRate >= 1) {
                throw new IllegalArgumentException("need count >= 0 and 0 <= duplicate + syndication rate < 1");
            }
            if (regions < 1 || regions > PROVINCES.size()) {
                throw new IllegalArgumentException("regions must be 1.." + PROVINCES.size() + ", was " + regions);
            }
            Objects.requireNonNull(today, "today");
        }

        /** Short bodies (tests). */
        public Options(final long count, final double duplicateRate, final double syndicationRate, final int regions,
                       final long seed, final long firstIncident, final LocalDate today) {
            this(count, duplicateRate, syndicationRate, regions, seed, firstIncident, today, false);
        }

        public static Options defaults(final long count) {
            return new Options(count, 0.10, 0.20, PROVINCES.size(), 42L, 0L, LocalDate.now(ZoneOffset.UTC));
        }

        public Options withFirstIncident(final long first) {
            return new Options(count, duplicateRate, syndicationRate, regions, seed, first, today, articleBodies);
        }

        public Options withCount(final long n) {
            return new Options(n, duplicateRate, syndicationRate, regions, seed, firstIncident, today, articleBodies);
        }

        public Options withSeed(final long s) {
            return new Options(count, duplicateRate, syndicationRate, regions, s, firstIncident, today, articleBodies);
        }

        /** Incidents (= counted events) these options produce, roughly {@code count * (1 - dup - synd)}. */
        public long incidents() {
            long n = 0;
            for (SyntheticReports it = new SyntheticReports(this); it.hasNext(); ) {
                if (it.next().kind() == Kind.NEW) {
                    n++;
                }
            }
            return n;
        }
    }

    /** A province of the built-in gazetteer: code, the name used in text, its country. */
    record Province(String code, String name, boolean afghan) {
    }

    /** The provinces of the built-in gazetteer, in a fixed order (Afghan and Pakistani interleaved). */
    static final List<Province> PROVINCES = List.of(
            new Province("AF-KHO", "Khost", true), new Province("PK-KP", "Khyber Pakhtunkhwa", false),
            new Province("AF-KNR", "Kunar", true), new Province("PK-BA", "Balochistan", false),
            new Province("AF-NAN", "Nangarhar", true), new Province("AF-PKA", "Paktika", true),
            new Province("AF-KAN", "Kandahar", true), new Province("AF-HEL", "Helmand", true),
            new Province("AF-PIA", "Paktia", true), new Province("AF-NUR", "Nuristan", true),
            new Province("AF-ZAB", "Zabul", true), new Province("AF-NIM", "Nimroz", true),
            new Province("PK-PB", "Punjab", false), new Province("AF-KAB", "Kabul", true),
            new Province("AF-BAL", "Balkh", true), new Province("AF-HER", "Herat", true),
            new Province("PK-SD", "Sindh", false), new Province("AF-GHA", "Ghazni", true),
            new Province("AF-LOG", "Logar", true), new Province("AF-LAG", "Laghman", true),
            new Province("AF-KDZ", "Kunduz", true), new Province("AF-FRA", "Farah", true),
            new Province("PK-GB", "Gilgit-Baltistan", false), new Province("AF-BDS", "Badakhshan", true),
            new Province("AF-BDG", "Badghis", true), new Province("AF-BGL", "Baghlan", true),
            new Province("AF-BAM", "Bamyan", true), new Province("AF-DAY", "Daykundi", true),
            new Province("AF-FYB", "Faryab", true), new Province("AF-GHO", "Ghor", true),
            new Province("AF-JOW", "Jowzjan", true), new Province("AF-KAP", "Kapisa", true),
            new Province("AF-PAN", "Panjshir", true), new Province("AF-PAR", "Parwan", true),
            new Province("AF-SAM", "Samangan", true), new Province("AF-SAR", "Sar-e Pul", true),
            new Province("AF-TAK", "Takhar", true), new Province("AF-URU", "Uruzgan", true),
            new Province("AF-WAR", "Wardak", true), new Province("PK-JK", "Azad Kashmir", false),
            new Province("PK-IS", "Islamabad", false));

    /** Counted event types, in incident order (names of {@code io.sitrep.schemas.avro.EventType}). */
    static final List<String> TYPES = List.of("AIR_DRONE_STRIKE", "SHELLING_ARTILLERY_MISSILE", "ARMED_CLASH",
            "REMOTE_EXPLOSIVE", "GROUND_ASSAULT", "SUICIDE_BOMB");

    static final int DAYS_BETWEEN_SLOTS = 2;
    static final int MAX_DAYS_BACK = 720;

    private static final String[] OUTLETS = {"Frontier Wire", "Kabul Ledger", "Indus Daily", "Border Post",
        "Capital Times", "Hindu Kush Herald", "Khyber Courier", "Pamir Bulletin", "Regional Monitor", "Oxus Review"};
    private static final String[] FILLER = {
        "Residents said many families had left their homes for safer areas.",
        "Schools in the area were closed for the rest of the week.",
        "A spokesman for the provincial governor said an investigation was under way.",
        "Traders said the main road had reopened by the afternoon.",
        "Local elders appealed for calm and asked both sides to show restraint.",
        "The area has seen repeated tension in recent months.",
        "Hospital staff said they had received several injured people.",
        "Officials gave no further details.",
        "Mobile phone networks in the district were switched off for several hours.",
        "Aid groups said they were trying to reach the area with food and blankets.",
        "The border crossing nearby stayed open to trade, customs officials said.",
        "Farmers said they feared for the harvest if the unrest continued.",
    };
    // the words of an incident's own witness paragraph: different incidents are told in different
    // words, as real ones are (dedup's near-copy tier would rightly merge two texts that share
    // most of their wording); none of them is a place, an event cue or a figure
    private static final String[] GIVEN_NAMES = {"Abdul", "Gul", "Nasir", "Hamid", "Zarina", "Wali", "Shabana", "Karim",
        "Farida", "Sher", "Rahim", "Malalai", "Qadir", "Bibi", "Habib", "Laila", "Jamal", "Nazo", "Tariq", "Sadia"};
    private static final String[] FAMILY_NAMES = {"Khan", "Zadran", "Wazir", "Mangal", "Afridi", "Achakzai", "Noorzai",
        "Safi", "Shinwari", "Mohmand", "Tanai", "Jaji", "Durrani", "Popalzai", "Barakzai", "Kakar", "Orakzai", "Yusufzai"};
    private static final String[] TRADES = {"shopkeeper", "teacher", "farmer", "driver", "tailor", "pharmacist", "baker",
        "mechanic", "student", "carpenter", "shepherd", "mason", "cook", "imam", "nurse", "clerk"};
    private static final String[] SIGHTS = {"goats", "lorries", "motorbikes", "tractors", "cousins", "neighbours",
        "donkeys", "cattle", "pickups", "buses", "children", "labourers", "guests", "mourners", "pilgrims", "traders"};
    private static final String[] PLACES_NEARBY = {"orchard", "mosque", "well", "school", "pharmacy", "bakery",
        "graveyard", "canal", "bridge", "fuel station", "clinic", "garage", "market", "mill", "shrine", "stream"};
    private static final String[] MOMENTS = {"dawn prayers", "breakfast", "lunch", "the afternoon", "dusk", "dinner",
        "midnight", "the early hours", "the evening meal", "sunset"};

    // the glue of the incident's own sentences varies too: a fixed frame would be wording that
    // every incident shares, which real articles about different incidents do not
    private static final String[] DAMAGE = {"The worst damage was in", "Most of the damage was in", "Damage was heaviest in",
        "The hardest-hit homes were in", "Houses were wrecked in", "The most damage was seen in"};
    private static final String[] ABOUT = {"about", "some", "roughly", "nearly", "around"};
    private static final String[] FROM = {"from", "east of", "west of", "north of", "south of", "beyond"};
    private static final String[] LANDMARKS = {"district bazaar", "main bazaar", "old bazaar", "weekly market", "bus yard",
        "grain store", "girls' school", "water tower", "district offices", "cattle market"};
    private static final String[] DWELLS = {"lives", "works", "grew up", "keeps a stall", "rents a room", "sleeps"};
    private static final String[] BY = {"by", "near", "behind", "beside", "outside", "opposite", "around"};
    private static final String[] GATHERED = {"gathered", "waited", "crowded", "lingered", "assembled", "sheltered"};
    private static final String[] WHEN = {"after", "before", "during", "until", "around", "soon after"};
    private static final String[] ACCORDING = {"according to", "said", "recalled", "in the words of"};
    private static final String[] KIN = {"brother", "cousin", "uncle", "son", "nephew", "father"};
    private static final String[] TENDS = {"keeps", "feeds", "tends", "counted", "watched", "followed"};
    private static final String[] NAMED = {"named", "called", "known as"};

    private static final String[] HEADLINES = {
        "Residents of %s count the cost", "Fear grips villages in %s", "Officials describe night of violence in %s",
        "Tension rises in %s", "%s: what we know so far", "Families flee homes in %s",
    };

    private final Options options;
    private final SplittableRandom random;
    private final Deque<long[]> recent = new ArrayDeque<>();
    private long produced;
    private long nextIncident;

    public SyntheticReports(final Options options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed() ^ (options.firstIncident() * 0x9E3779B97F4A7C15L));
        this.nextIncident = options.firstIncident();
    }

    /** Events per province a correct pipeline counts for incidents {@code [first, first + incidents)}. */
    public static Map<String, Long> expectedEvents(final long first, final long incidents, final int regions) {
        final Map<String, Long> expected = new LinkedHashMap<>();
        for (long j = first; j < first + incidents; j++) {
            expected.merge(PROVINCES.get((int) (j % regions)).code(), 1L, Long::sum);
        }
        return expected;
    }

    /** Province code of an incident. */
    public static String regionOf(final long incident, final int regions) {
        return PROVINCES.get((int) (incident % regions)).code();
    }

    /** Largest number of incidents that fit the date range for {@code regions} provinces. */
    public static long capacity(final int regions) {
        return (long) regions * TYPES.size() * (MAX_DAYS_BACK / DAYS_BETWEEN_SLOTS);
    }

    @Override
    public boolean hasNext() {
        return produced < options.count();
    }

    @Override
    public Report next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        produced++;
        final double roll = random.nextDouble();
        final Kind kind = recent.isEmpty() || roll >= options.duplicateRate() + options.syndicationRate() ? Kind.NEW
                : roll < options.duplicateRate() ? Kind.DUPLICATE : Kind.SYNDICATED;
        final long incident;
        final int variant;
        switch (kind) {
            case NEW -> {
                incident = nextIncident++;
                if (incident >= capacity(options.regions())) {
                    throw new IllegalStateException("more incidents than fit " + MAX_DAYS_BACK + " days for "
                            + options.regions() + " regions: lower the count or raise the regions");
                }
                variant = 0;
                remember(incident, variant);
            }
            case SYNDICATED -> {
                final long[] original = pickRecent();
                incident = original[0];
                variant = 1 + random.nextInt(OUTLETS.length - 1);
                remember(incident, variant);
            }
            default -> {
                final long[] original = pickRecent();
                incident = original[0];
                variant = (int) original[1];
            }
        }
        return new Report(render(incident, variant), incident, kind, regionOf(incident, options.regions()));
    }

    private void remember(final long incident, final int variant) {
        recent.addLast(new long[] {incident, variant});
        if (recent.size() > 64) {
            recent.removeFirst();
        }
    }

    private long[] pickRecent() {
        final int k = random.nextInt(recent.size());
        final Iterator<long[]> it = recent.descendingIterator();
        for (int i = 0; i < k; i++) {
            it.next();
        }
        return it.next();
    }

    /** The day incident {@code j} happened. */
    LocalDate dayOf(final long incident) {
        final long perSlot = (long) options.regions() * TYPES.size();
        final long slot = incident / perSlot;
        final long slots = capacity(options.regions()) / perSlot;
        // the last slot ends two days before today; a phase that continues a sequence moves on in time
        return options.today().minusDays(2 + (slots - 1 - slot) * DAYS_BETWEEN_SLOTS);
    }

    /** Report text of {@code incident} as outlet variant {@code variant} tells it; a pure function. */
    String render(final long incident, final int variant) {
        final int regions = options.regions();
        final Province p = PROVINCES.get((int) (incident % regions));
        final String type = TYPES.get((int) ((incident / regions) % TYPES.size()));
        final LocalDate day = dayOf(incident);
        // the story's own randomness depends on the incident only, so every copy agrees on the facts
        final SplittableRandom story = new SplittableRandom(options.seed() * 31 + incident);
        final String place = p.afghan() ? p.name() + " province" : p.name();
        final String lead = IncidentText.lead(type, p.afghan(), place, IncidentText.when(day, story.nextInt(3)), story);
        final int outletIndex = (int) ((incident + variant) % OUTLETS.length);
        final String outlet = OUTLETS[outletIndex];
        final SplittableRandom copy = new SplittableRandom(incident * 977 + variant);
        final StringBuilder body = new StringBuilder(4_000);
        body.append(p.name().toUpperCase(Locale.ROOT)).append(" (").append(outlet).append(") - ").append(lead);
        // a detail only this incident has: two incidents never share a body, so dedup's exact tier
        // (body hash) can only ever merge copies of one story
        // the distance is a figure no two incidents within 1,900 of each other (far more than a dedup horizon
        // holds) share; dedup's near-copy tier never merges texts whose figures disagree
        body.append(' ').append(pick(DAMAGE, story)).append(' ').append(IncidentText.village(incident)).append(", ")
                .append(pick(ABOUT, story)).append(' ').append(100 + incident % 1900).append(" metres ").append(pick(FROM, story))
                .append(" the ").append(pick(LANDMARKS, story)).append('.');
        body.append(' ').append(witness(story)).append(' ').append(witness(story)).append(' ').append(witness(story));
        // background paragraphs sized like a real article's; a copy keeps a cut of the same ones
        if (options.articleBodies()) {
            final SplittableRandom background = new SplittableRandom(options.seed() * 131 + incident);
            final int words = BackgroundText.wordsFor(background);
            body.append(BackgroundText.paragraphs(variant == 0 ? words : words * (40 + copy.nextInt(61)) / 100, background));
            body.append("\\n\\n");
        }
        // two of twelve stock lines: two incidents rarely share one, as two real articles rarely share a sentence
        final int fillers = variant == 0 ? 2 : 1 + copy.nextInt(2);
        final int start = story.nextInt(FILLER.length);
        for (int i = 0; i < fillers; i++) {
            body.append(' ').append(FILLER[(start + i * (variant == 0 ? 1 : 1 + variant % 3)) % FILLER.length]);
        }
        final int dead = story.nextInt(4);
        if (dead > 0 && variant % 2 == 0) {
            body.append(' ').append(dead == 1 ? "One person was" : IncidentText.numberWord(dead) + " people were")
                    .append(" killed, officials said.");
        }
        final String headline = String.format(Locale.ROOT, HEADLINES[(int) ((incident * 7 + variant) % HEADLINES.length)],
                p.name());
        final Instant published = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plusSeconds(3600L * (3 + story.nextInt(8)) + 600L * variant);
        final String slug = p.name().toLowerCase(Locale.ROOT).replace(' ', '-') + "-" + type.toLowerCase(Locale.ROOT)
                .replace('_', '-') + "-" + incident;
        final String host = outlet.toLowerCase(Locale.ROOT).replace(' ', '-') + ".example";
        return "{\"scraperId\":\"rss-" + host.substring(0, host.indexOf('.')) + "\",\"sourceOutlet\":\"" + outlet
                + "\",\"url\":\"https://www." + host + "/" + day + "/" + slug + "\",\"language\":\"en\",\"publishedAt\":\""
                + published + "\",\"fetchedAt\":\"" + published.plusSeconds(180) + "\",\"headline\":\"" + headline
                + "\",\"body\":\"" + body + "\"}";
    }

    /** A resident's name. */
    static String person(final SplittableRandom random) {
        return pick(GIVEN_NAMES, random) + " " + pick(FAMILY_NAMES, random);
    }

    /** One sentence of a witness's account, drawn from the story's randomness: every copy tells it alike. */
    private static String witness(final SplittableRandom story) {
        final String who = person(story);
        return switch (story.nextInt(3)) {
            case 0 -> who + ", a " + pick(TRADES, story) + " who " + pick(DWELLS, story) + " " + pick(BY, story) + " the "
                    + pick(PLACES_NEARBY, story) + ", said " + pick(SIGHTS, story) + " and " + pick(SIGHTS, story) + " had "
                    + pick(GATHERED, story) + " " + pick(BY, story) + " the " + pick(PLACES_NEARBY, story) + " "
                    + pick(WHEN, story) + " " + pick(MOMENTS, story) + ".";
            case 1 -> capital(pick(WHEN, story)) + " " + pick(MOMENTS, story) + " " + pick(SIGHTS, story) + " "
                    + pick(GATHERED, story) + " " + pick(BY, story) + " the " + pick(PLACES_NEARBY, story) + ", "
                    + pick(ACCORDING, story) + " " + who + ", whose " + pick(KIN, story) + " " + pick(TENDS, story) + " "
                    + pick(SIGHTS, story) + " " + pick(BY, story) + " the " + pick(PLACES_NEARBY, story) + ".";
            default -> capital(pick(BY, story)) + " the " + pick(PLACES_NEARBY, story) + " " + who + " and a "
                    + pick(TRADES, story) + " " + pick(NAMED, story) + " " + pick(GIVEN_NAMES, story) + " " + pick(TENDS, story)
                    + " " + pick(SIGHTS, story) + " " + pick(WHEN, story) + " " + pick(MOMENTS, story) + ".";
        };
    }

    static String capital(final String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String pick(final String[] words, final SplittableRandom random) {
        return words[random.nextInt(words.length)];
    }

    /** All reports of {@code options} at once, for tests and small runs. */
    public static List<Report> all(final Options options) {
        final List<Report> out = new ArrayList<>();
        new SyntheticReports(options).forEachRemaining(out::add);
        return out;
    }
}
