package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.streams.text.TextNormalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The copy rule on the edits real syndication makes, one test per kind of edit, on a wire story
 * written for this test (and the two kinds of pair that are not copies).
 */
class NearCopyRulesTest {
    private static final NearCopyRules RULES = NearCopyRules.defaults();

    private static final List<String> STORY = List.of(
            "Security forces said on Tuesday that eleven militants were killed and four soldiers were wounded when gunmen "
                    + "stormed a police checkpoint outside Wana, the main town of South Waziristan, late on Monday night.",
            "The attackers arrived in two pickup trucks shortly after midnight and opened fire with rifles and rocket "
                    + "launchers, a district police officer told reporters by telephone, asking not to be named because he was "
                    + "not allowed to brief the media.",
            "Colonel Imran Shah, a military spokesman, said the fighting lasted nearly three hours before reinforcements "
                    + "from a nearby fort pushed the attackers back toward the hills along the Afghan border.",
            "\"Our men held their positions until the last round,\" Shah said, adding that 23 suspects had been detained "
                    + "in search operations across 6 villages since dawn.",
            "No group has claimed the raid, but officials blamed fighters of the Pakistani Taliban, who have stepped up "
                    + "attacks in the tribal districts since a truce collapsed in November 2022.",
            "The checkpoint was rebuilt in 2019 after a similar assault killed 7 policemen, and residents said the road to "
                    + "Angoor Adda stayed closed to traffic on Tuesday.");

    private static String paragraphs(final int from, final int to) {
        return String.join("\n\n", STORY.subList(from, to));
    }

    private static boolean copies(final String a, final String b) {
        return RULES.isCopy(overlap(a, b)) && RULES.isCopy(overlap(b, a));
    }

    private static Overlap overlap(final String a, final String b) {
        final Fingerprinter f = RULES.fingerprinter();
        return Overlap.of(TextEvidence.ofStripped(TextNormalizer.stripBoilerplate(a), f), TextEvidence.ofStripped(TextNormalizer.stripBoilerplate(b), f));
    }

    @Test
    void shouldFindTheSameWireTextUnderAnotherDateline() {
        assertThat(copies(paragraphs(0, 6), "WANA, Pakistan (Test Wire) - " + paragraphs(0, 6) + "\n(Reporting by A. Writer)")).isTrue();
    }

    @Test
    void shouldFindACopyCutAfterAnyParagraph() {
        for (int end = 2; end < 6; end++) {
            assertThat(copies(paragraphs(0, 6), paragraphs(0, end))).as("first %d paragraphs", end).isTrue();
        }
    }

    @Test
    void shouldFindACopyCutInsideAParagraph() {
        final String cut = paragraphs(0, 2) + "\n\n" + STORY.get(2).substring(0, 60);
        assertThat(copies(paragraphs(0, 6), cut)).isTrue();
    }

    @Test
    void shouldFindACopyWhoseParagraphsWereMergedDroppedOrReordered() {
        final String edited = STORY.get(0) + " " + STORY.get(1) + "\n\n" + STORY.get(3) + "\n\n" + STORY.get(2) + "\n\n" + STORY.get(5);
        assertThat(copies(paragraphs(0, 6), edited)).isTrue();
    }

    @Test
    void shouldFindACopyWithHouseStyleEdits() {
        final String houseStyle = paragraphs(0, 6)
                .replace("eleven militants were killed", "11 terrorists were killed")
                .replace("four soldiers were wounded", "4 soldiers were martyred")
                .replace("Colonel Imran Shah, a military spokesman,", "Imran Shah")
                .replace("killed 7 policemen", "martyred seven policemen");
        assertThat(copies(paragraphs(0, 6), houseStyle)).isTrue();
    }

    @Test
    void shouldFindACopyWhoseTollWasUpdatedInTheLead() {
        final String updated = paragraphs(0, 6).replace("eleven militants", "fourteen militants").replace("four soldiers", "five soldiers");
        assertThat(copies(paragraphs(0, 6), updated)).isTrue();
    }

    @Test
    void shouldFindTwoCopiesCutAtDifferentPointsEachWithFiguresTheOtherLacks() {
        // one carries the lead and the fifth paragraph's year; the other the last paragraph's 2019 and 7
        assertThat(copies(paragraphs(0, 5), paragraphs(1, 6))).isTrue();
    }

    @Test
    void shouldFindARewriteOfTheSameSourceThatKeepsItsFiguresAndQuote() {
        final String rewrite = "Eleven insurgents died and four troops were hurt after gunmen attacked a police checkpoint near Wana "
                + "in South Waziristan overnight, security officials said on Tuesday. The assailants came in two pickup trucks "
                + "after midnight and fired rifles and rocket launchers, according to a police officer in the district. "
                + "The fighting lasted nearly three hours until troops from a nearby fort drove them toward the Afghan border, "
                + "said military spokesman Imran Shah. \"Our men held their positions until the last round,\" he said. "
                + "Officials said 23 suspects were detained in searches of 6 villages.\n\n"
                // rewrites tend to carry the source's background paragraphs as they were
                + paragraphs(4, 6);
        assertThat(copies(paragraphs(0, 6), rewrite)).isTrue();
    }

    /** The story retold sentence by sentence in other words, dropping some details: few word runs, four figures. */
    private static final String RETOLD = "Gunmen raided a police post near Wana, the chief town of South Waziristan, late on Monday, leaving eleven "
            + "militants dead and four soldiers hurt, according to security officials. Travelling in pickups, the assailants came after midnight, "
            + "firing rifles and rocket launchers, a district police officer said by phone on condition of anonymity. "
            + "Military spokesman Colonel Imran Shah said fighting went on until reinforcements from a nearby fort drove "
            + "the attackers toward hills on the Afghan border. Shah praised his men for holding their positions, and said "
            + "23 suspects were detained in searches since dawn. No group admitted the raid; officials blamed the Pakistani Taliban, "
            + "whose attacks across tribal districts have grown since a truce broke down in 2022. The checkpoint, rebuilt in 2019 "
            + "after an assault killed 7 policemen, stayed closed, and so did the road to Angoor Adda.";

    @Test
    void shouldFindASentenceBySentenceRewriteThatKeepsFewWordRunsAndFewFigures() {
        final Overlap o = overlap(paragraphs(0, 6), RETOLD);
        // neither the wording bar nor the figures-in-order bar is met: only the order of the retold facts is left
        assertThat(o.sharedTriples()).isLessThan(NearCopyRules.DEFAULT_MIN_SHARED_TRIPLES);
        assertThat(o.figureRun()).isLessThan(NearCopyRules.DEFAULT_MIN_FIGURE_RUN);
        assertThat(o.rewrite().ordered()).isGreaterThanOrEqualTo(NearCopyRules.RETOLD_WORDS);
        assertThat(copies(paragraphs(0, 6), RETOLD)).isTrue();
    }

    @Test
    void shouldFindARewriteWhoseTollWasUpdated() {
        // one figure the source lacks and one it has that the rewrite lacks: restated, not contradicted
        final String updated = RETOLD.replace("leaving eleven", "leaving thirteen");
        assertThat(overlap(paragraphs(0, 6), updated).figuresContradict()).isTrue();
        assertThat(copies(paragraphs(0, 6), updated)).isTrue();
    }

    @Test
    void shouldNotTakeTheSameFactsToldInAnotherOrderForARewrite() {
        // the rewrite's own phrases, rearranged as a reporter who wrote it up from the same briefing might
        final String ownOrder = "Officials blamed the Pakistani Taliban for the raid, saying attacks across tribal districts have grown since a "
                + "truce broke down in 2022. The road to Angoor Adda stayed closed on Tuesday. Police said 23 suspects were detained in "
                + "searches since dawn. Colonel Imran Shah, the military spokesman, said his men held their positions and reinforcements "
                + "from a nearby fort drove the attackers toward hills on the Afghan border. Eleven militants were dead and four soldiers "
                + "hurt, he said. The gunmen had come after midnight in pickups, firing rifles and rocket launchers at a police post near "
                + "Wana, the chief town of South Waziristan. The checkpoint was rebuilt in 2019 after an assault killed 7 policemen.";
        final Overlap o = overlap(paragraphs(0, 6), ownOrder);
        // as much shared as the rewrite above, and no figure it contradicts: the order is what differs
        assertThat(o.sharedTriples()).isGreaterThanOrEqualTo(RULES.fewestSharedTriples());
        assertThat(o.figuresContradictDespiteSameWording()).isFalse();
        assertThat(o.rewrite().orderedShare()).isLessThan(NearCopyRules.RETOLD_ORDER);
        assertThat(copies(paragraphs(0, 6), ownOrder)).isFalse();
    }

    @Test
    void shouldNotTakeAWriteUpThatCarriesTheSpokesmansQuoteForACopy() {
        final String quote = STORY.get(3).substring(0, STORY.get(3).indexOf(" Shah"));
        final String own = String.join(" ",
                "Residents of Angoor Adda said the road to the border stayed shut on Tuesday after a night of fighting at a checkpoint near Wana.",
                "Officials blamed the Pakistani Taliban.",
                "The army's spokesman, Colonel Imran Shah, put the toll at eleven militants dead, and said four soldiers were wounded and 23 suspects detained.",
                quote + " Shah said.",
                "Elders in South Waziristan said gunfire lasted for hours and that rockets hit homes near the fort.",
                "A police officer said the attackers came in pickup trucks.",
                "The same checkpoint was attacked in 2019, when 7 policemen died, and a truce with the militants collapsed in 2022.");
        assertThat(copies(paragraphs(0, 6), own)).isFalse();
    }

    @Test
    void shouldNotTakeAnIndependentWriteUpOfTheSameIncidentForACopy() {
        final String own = "A police post on the edge of Wana came under attack during the night, and gunfire could be heard across "
                + "the valley for hours, according to elders in the town. The army later put the number of attackers killed at 11. "
                + "Four of its men were hurt and taken to the hospital in Wana, where staff said all were stable.";
        assertThat(copies(paragraphs(0, 6), own)).isFalse();
    }

    @Test
    void shouldNotTakeTwoIncidentsWrittenFromOneTemplateForCopies() {
        final String template = "Troops carried out a raid on a hideout near %s in %s district on %s March, acting on a tip about "
                + "armed men. In the exchange of fire that followed, %d attackers were killed and %d were arrested, while %d "
                + "soldiers suffered injuries. Rifles, grenades and explosives were seized from the site. A clearance sweep of the "
                + "surrounding area is under way, the statement said, and the forces remain determined to rid the region of militancy.";
        assertThat(copies(String.format(template, "Mir Ali", "North Waziristan", 14, 6, 2, 1),
                String.format(template, "Tank", "Dera Ismail Khan", 20, 9, 4, 3))).isFalse();
        assertThat(copies(String.format(template, "Mir Ali", "North Waziristan", 14, 6, 2, 1),
                String.format(template, "Mir Ali", "North Waziristan", 14, 6, 2, 1).replace("Troops carried", "Soldiers carried")))
                .isTrue();
    }

    /**
     * One outlet's stock background, told in its house vocabulary: every story reuses the same
     * sentence frames with a few words changed ({@code {first|second}} picks one per story), so two
     * stories share most word pairs but far fewer runs of three words.
     */
    private static final String STOCK_BACKGROUND = String.join(" ",
            "The {district|valley} has seen {repeated|frequent} clashes between the two armies since 2021, when more than 300 families left "
                    + "their {homes|farms} near the frontier and moved to {camps|relatives} in the provincial capital.",
            "Elders in the area say the {fighting|violence} has {closed|shut} the main road to lorries for weeks at a time, and that prices of "
                    + "{flour|fuel} in the local market have {doubled|risen} since the spring.",
            "Talks between officials of both sides have {failed|stalled} to settle the dispute over the fence along the border, "
                    + "which one side says was built {inside|across} its territory without {consent|warning}.",
            "Aid groups say that clinics in the province are running {short|low} of medicine and staff after years of {conflict|war}, "
                    + "and that {women|children} often travel for a {day|night} to reach a doctor.",
            "The governor has asked residents to stay indoors {whenever|when} shelling starts and to report any damage to the "
                    + "{police|army} so that {families|owners} can claim compensation later.",
            "Schools in nearby villages were {closed|shut} for much of last year, teachers said, and many {pupils|boys} have since "
                    + "{moved|gone} to seminaries or to {work|jobs} in the cities.",
            "Farmers who stayed behind say they can no longer {reach|farm} {fields|orchards} close to the border posts, where soldiers "
                    + "on both sides {watch|guard} the {crossings|paths} day and night.",
            "Traders who once drove goods across the frontier every {week|morning} now {wait|queue} at the crossing for days, and "
                    + "some have {sold|parked} their {trucks|lorries} for good.");

    private static String stockBackground(final int story) {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^|}]*)\\|([^}]*)}").matcher(STOCK_BACKGROUND);
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group(story + 1));
        }
        return m.appendTail(out).toString();
    }

    @Test
    void shouldNotTakeTwoIncidentsWithOneOutletsStockBackgroundForCopies() {
        final String mortars = "Mortar rounds hit homes in Barmal district of Paktika on Tuesday, officials said. The heaviest damage was "
                + "in Shkin, about 640 metres from the main bazaar. " + stockBackground(0);
        final String carBomb = "A car bomb went off outside a police post in Urgun district of Paktika on Tuesday, officials said. The "
                + "heaviest damage was in Sarobi, about 415 metres from the main bazaar. " + stockBackground(1);
        assertThat(copies(mortars, carBomb)).isFalse();
        // the same story cut short, with its toll updated in place, is still a copy
        final String updated = mortars.replace("640 metres", "660 metres");
        assertThat(copies(mortars, updated.substring(0, updated.indexOf("Aid") ))).isTrue();
    }

    @Test
    void shouldOrderReportsByTimeThenId() {
        assertThat(NearCopyRules.precedes(1, "z", 2, "a")).isTrue();
        assertThat(NearCopyRules.precedes(2, "a", 2, "b")).isTrue();
        assertThat(NearCopyRules.precedes(2, "b", 2, "b")).isFalse();
        assertThat(NearCopyRules.precedes(3, "a", 2, "b")).isFalse();
    }

    @Test
    void shouldNeverRuleOutFromCountsThatFallShortAPairThatSharesItsOwnWording() {
        final java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 100_000; i++) {
            final int shared = random.nextInt(60);
            final int distinctive = shared == 0 ? 0 : random.nextInt(shared + 1);
            // the index may count fewer of each, and knows how many distinctive ones it could have missed
            final int sharedCounted = random.nextInt(shared + 1);
            final int distinctiveCounted = Math.min(sharedCounted, random.nextInt(distinctive + 1));
            final int missedAtMost = distinctive - distinctiveCounted + random.nextInt(3);
            if (NearCopyRules.sharesOwnWording(distinctive, shared)) {
                assertThat(NearCopyRules.sharesOwnWording(distinctiveCounted + missedAtMost, sharedCounted))
                        .as("distinctive %d of %d, counted %d of %d", distinctive, shared, distinctiveCounted, sharedCounted)
                        .isTrue();
            }
        }
    }
}
