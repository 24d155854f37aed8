package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.streams.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory index of the dedup stage: placement, order, rebuilding from stored placements, the horizon. */
class DedupIndexTest {
    private static final NearCopyRules RULES = NearCopyRules.defaults();
    private static final long HOUR = 3_600_000L;
    private static final String STORY = String.join(" ",
            "Rockets fired from across the frontier hit a customs yard at the Ghulam Khan crossing on Thursday morning,",
            "setting fire to nine fuel tankers and wounding three drivers, border officials said.",
            "Traders said more than 200 lorries were stranded on both sides after the gate was shut,",
            "and that perishable goods worth about 40 million rupees were spoiling in the heat.",
            "A customs officer said the yard had been hit twice in the past month and that staff had been moved",
            "to a building 2 kilometres away. Tribal elders from both sides met in the afternoon and asked",
            "the two governments to keep the crossing open for trade whatever happens on the ridges above it.",
            "No one claimed the attack, and the army said it was investigating where the rockets were launched from.");
    private static final String OTHER = String.join(" ",
            "Flooding after two days of heavy rain cut the road between Chitral and Dir on Saturday,",
            "and the district administration said 14 villages were without power while repair crews waited",
            "for the water to fall. Schools in the valley will stay closed until Tuesday, an official said,",
            "and residents were asked to avoid the riverbanks as more rain was forecast for the weekend.",
            "Relief workers reached the upper valley by helicopter and handed out tents, food and medicine,",
            "while engineers began to clear the landslides that blocked the only road out of two villages.");

    private static DedupIndex.Report report(final String id, final long time, final String outlet, final String body) {
        return new DedupIndex.Report(id, time, outlet, "https://" + outlet + "/" + id, TextNormalizer.sha256Hex(body),
                TextEvidence.ofStripped(TextNormalizer.stripBoilerplate(body), RULES.fingerprinter()));
    }

    private static String firstHalf(final String text) {
        return text.substring(0, text.length() / 2);
    }

    @Test
    void shouldGroupACopyWithItsOriginalWhicheverArrivesFirst() {
        final DedupIndex inOrder = new DedupIndex(RULES, 168 * HOUR);
        inOrder.place(report("orig", 0, "wire", STORY));
        final DedupIndex.Placement copy = inOrder.place(report("copy", HOUR, "paper", firstHalf(STORY)));

        final DedupIndex reversed = new DedupIndex(RULES, 168 * HOUR);
        reversed.place(report("copy", HOUR, "paper", firstHalf(STORY)));
        final DedupIndex.Placement orig = reversed.place(report("orig", 0, "wire", STORY));

        assertThat(copy.tier()).isEqualTo(DedupIndex.Tier.NEAR_COPY);
        assertThat(copy.storyId()).isEqualTo("orig");
        assertThat(orig.tier()).isEqualTo(DedupIndex.Tier.NEAR_COPY);
        assertThat(orig.storyId()).isEqualTo("copy");
        assertThat(orig.outletCount()).isEqualTo(2);
    }

    @Test
    void shouldPlaceTheSameWayAfterBeingRebuiltFromItsPlacements() {
        final DedupIndex live = new DedupIndex(RULES, 168 * HOUR);
        final List<DedupIndex.Report> reports = List.of(report("a", 0, "wire", STORY), report("b", HOUR, "other", OTHER),
                report("c", 2 * HOUR, "paper", firstHalf(STORY)), report("d", 3 * HOUR, "mirror", STORY));
        final List<DedupIndex.Placement> placements = new ArrayList<>();
        reports.forEach(r -> placements.add(live.place(r)));

        final DedupIndex rebuilt = new DedupIndex(RULES, 168 * HOUR);
        for (int i = 0; i < reports.size(); i++) {
            final DedupIndex.Placement p = placements.get(i);
            // exact copies are stored without their words
            final DedupIndex.Report r = reports.get(i);
            final DedupIndex.Report stored = p.tier() == DedupIndex.Tier.EXACT_BODY || p.tier() == DedupIndex.Tier.EXACT_URL
                    ? new DedupIndex.Report(r.reportId(), r.time(), r.outlet(), r.canonicalUrl(), r.bodyHash(), TextEvidence.EMPTY) : r;
            rebuilt.restore(stored, p.storyId(), p.storyOutlet(), p.tier() != DedupIndex.Tier.STORY);
        }
        final DedupIndex.Report next = report("e", 4 * HOUR, "digest", firstHalf(STORY) + " Officials gave no further details.");

        assertThat(placements).extracting(DedupIndex.Placement::tier).containsExactly(DedupIndex.Tier.STORY, DedupIndex.Tier.STORY,
                DedupIndex.Tier.NEAR_COPY, DedupIndex.Tier.EXACT_BODY);
        assertThat(rebuilt.place(next)).isEqualTo(live.place(next));
    }

    @Test
    void shouldForgetReportsOlderThanTheHorizon() {
        final DedupIndex index = new DedupIndex(RULES, 24 * HOUR);
        index.place(report("orig", 0, "wire", STORY));
        index.place(report("other", 2 * HOUR, "other", OTHER));

        final DedupIndex.Placement late = index.place(report("late", 30 * HOUR, "paper", STORY));

        assertThat(late.tier()).isEqualTo(DedupIndex.Tier.STORY);
        assertThat(index.size()).as("orig and other left, late came in").isEqualTo(1);
    }

    @Test
    void shouldLetGoOfTheWordsOfReportsThatLeftTheHorizon() {
        final DedupIndex index = new DedupIndex(RULES, 24 * HOUR);
        index.place(report("orig", 0, "wire", STORY));
        index.place(report("copy", HOUR, "paper", firstHalf(STORY)));
        final int storyWords = index.distinctWords();

        index.place(report("other", 30 * HOUR, "other", OTHER));
        final int otherWords = index.distinctWords();
        index.place(report("later", 60 * HOUR, "other", STORY));

        // the copy's cut ends in a part of a word, one word more
        assertThat(storyWords).isEqualTo(distinctWords(STORY) + 1);
        assertThat(otherWords).as("only OTHER's words are left").isEqualTo(distinctWords(OTHER));
        assertThat(index.distinctWords()).as("only STORY's words again").isEqualTo(distinctWords(STORY));
    }

    @Test
    void shouldFindACopyOfAReportWhoseWordsAreOnlyKeptPacked() {
        final DedupIndex index = new DedupIndex(RULES, 168 * HOUR);
        index.place(report("orig", 0, "wire", STORY));
        // enough other texts that the index keeps none of the original's arrays, its words only packed
        for (int i = 0; i < RecentEvidence.DEFAULT_SIZE + 1; i++) {
            index.place(report("filler-" + i, 1 + i, "other", OTHER.replace("14", Integer.toString(1000 + i))
                    .replace("Saturday", "day " + i)));
        }

        final DedupIndex.Placement copy = index.place(report("copy", HOUR, "paper", firstHalf(STORY)));

        assertThat(copy.tier()).isEqualTo(DedupIndex.Tier.NEAR_COPY);
        assertThat(copy.storyId()).isEqualTo("orig");
    }

    private static int distinctWords(final String body) {
        return (int) java.util.Arrays.stream(TextEvidence.ofStripped(TextNormalizer.stripBoilerplate(body), RULES.fingerprinter()).words())
                .distinct().count();
    }

    /** One outlet's standing paragraph under every story: long, and the same each time. */
    private static final String STANDING = String.join(" ",
            "The frontier districts have seen months of unrest since the talks between the neighbouring capitals broke down",
            "last spring, and aid groups say that families on both sides of the line have borrowed heavily to get",
            "through the winter. Markets that once drew buyers from across the valley now open for a few hours a",
            "day, and many young men have left to look for work in the cities of the south. Our correspondents",
            "travel to the area when the roads allow it and speak to residents, officials and elders, whose accounts",
            "cannot always be checked on the spot. Readers can send tips and photographs through the contact page.");
    private static final String[] LEADS = {
        "Gunmen on motorbikes opened fire on a polio vaccination team near Shewa,",
        "A bridge over the Kurram river collapsed under an overloaded fuel truck at Sadda,",
        "Two brothers drowned while crossing a swollen stream outside Tani,",
        "Border guards seized a lorry of smuggled cigarettes at the Angoor Adda gate,",
        "A fire swept through the cloth bazaar of Miranshah overnight,",
        "Teachers in Barikot went on strike over three months of unpaid salaries,",
        "A landslide buried part of the road above Dangam after a night of rain,",
        "Police in Wana arrested a man accused of running a fake visa office,",
        "A wedding party's bus overturned on the hairpin bends near Sperah,",
        "Locust swarms stripped the wheat fields around Zurmat within a week,",
        "A gas cylinder exploded in a roadside restaurant at Mir Ali,",
    };

    /** Lead, the standing paragraph, then a closing line whose figure is the incident's own. */
    private static String standingStory(final int incident, final int kilometres) {
        return LEADS[incident] + " local officials said on the day it happened. " + STANDING
                + " The place lies about " + kilometres + " kilometres from the district headquarters.";
    }

    @Test
    void shouldNotTakeAnOutletsStandingParagraphForCopiedWording() {
        final DedupIndex index = new DedupIndex(RULES, 168 * HOUR);
        for (int i = 0; i < DedupIndex.STOCK_STORIES + 2; i++) {
            // the closing figures differ, so none of these is a copy of another by its figures alone
            assertThat(index.place(report("s" + i, i * HOUR, "frontier-post", standingStory(i, 11 + i))).tier())
                    .isEqualTo(DedupIndex.Tier.STORY);
        }
        // another incident whose closing figure happens to be story 3's: only the standing paragraph and one number are shared
        final DedupIndex.Placement other = index.place(report("x", 20 * HOUR, "frontier-post", standingStory(LEADS.length - 1, 14)));
        // a copy of story 5 cut inside its standing paragraph: its lead is what makes it a copy
        final String five = standingStory(5, 16);
        final DedupIndex.Placement copy = index.place(report("c", 21 * HOUR, "valley-daily", five.substring(0, five.length() * 2 / 3)));

        assertThat(other.tier()).isEqualTo(DedupIndex.Tier.STORY);
        assertThat(copy.tier()).isEqualTo(DedupIndex.Tier.NEAR_COPY);
        assertThat(copy.storyId()).isEqualTo("s5");
    }
}
