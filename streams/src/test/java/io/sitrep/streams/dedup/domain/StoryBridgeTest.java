package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sitrep.streams.text.TextNormalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Merging stories ({@link DedupIndex}, {@link StoryBridge}): a report that copies reports of two
 * stories with the same part of its text bridges them, whatever the arrival order; a roundup that
 * reprints two unrelated stories side by side does not.
 */
class StoryBridgeTest {
    private static final NearCopyRules RULES = NearCopyRules.defaults();
    private static final long HOUR = 3_600_000L;

    private static DedupIndex.Report report(final String id, final long time, final String outlet, final String body) {
        return new DedupIndex.Report(id, time, outlet, "https://" + outlet + "/" + id, TextNormalizer.sha256Hex(body),
                TextEvidence.ofStripped(TextNormalizer.stripBoilerplate(body), RULES.fingerprinter()));
    }

    /** Places the reports in the given order and returns each report's latest story, as a reader of the stage's output keeps it. */
    private static Map<String, String> latestStories(final DedupIndex index, final List<DedupIndex.Report> order) {
        final Map<String, String> story = new HashMap<>();
        for (final DedupIndex.Report r : order) {
            final DedupIndex.Placement p = index.place(r);
            story.put(r.reportId(), p.storyId());
            p.repointed().forEach(moved -> story.put(moved.reportId(), p.storyId()));
        }
        return story;
    }

    private static List<List<DedupIndex.Report>> permutations(final List<DedupIndex.Report> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        final List<List<DedupIndex.Report>> out = new ArrayList<>();
        for (final DedupIndex.Report head : items) {
            final List<DedupIndex.Report> rest = new ArrayList<>(items);
            rest.remove(head);
            for (final List<DedupIndex.Report> tail : permutations(rest)) {
                final List<DedupIndex.Report> one = new ArrayList<>();
                one.add(head);
                one.addAll(tail);
                out.add(one);
            }
        }
        return out;
    }

    @Test
    void shouldTakeTheRevisedVersionForACopyOfTheWireButNotOfTheOriginal() {
        // the premise of the chain: R and O are not copies of each other, W is a copy of both
        final DedupIndex index = new DedupIndex(RULES, 168 * HOUR);
        final TextEvidence o = report("o", 0, "paper", BridgeTexts.ORIGINAL).evidence();
        final TextEvidence r = report("r", 0, "daily", BridgeTexts.REVISED).evidence();
        final TextEvidence w = report("w", 0, "wire", BridgeTexts.WIRE).evidence();

        assertThat(RULES.isCopy(index.measure(r, o))).isFalse();
        assertThat(RULES.isCopy(index.measure(w, o))).isTrue();
        assertThat(RULES.isCopy(index.measure(w, r))).isTrue();
        assertThat(StoryBridge.sameText(w, o, r)).isGreaterThanOrEqualTo(StoryBridge.MIN_SAME_TEXT);
    }

    @Test
    void shouldGroupAChainInOneStoryInEveryArrivalOrder() {
        final List<DedupIndex.Report> chain = List.of(report("o", 0, "paper", BridgeTexts.ORIGINAL), report("r", HOUR, "daily", BridgeTexts.REVISED),
                report("w", 2 * HOUR, "wire", BridgeTexts.WIRE));
        for (final List<DedupIndex.Report> order : permutations(chain)) {
            final Map<String, String> story = latestStories(new DedupIndex(RULES, 168 * HOUR), order);

            assertThat(story.values()).as("order %s", order.stream().map(DedupIndex.Report::reportId).toList()).hasSize(3).containsOnly(story.get("w"));
        }
    }

    @Test
    void shouldMergeTheLaterStoryIntoTheOneTheBridgeJoinsWithItsCounts() {
        final DedupIndex index = new DedupIndex(RULES, 168 * HOUR);
        index.place(report("o", 0, "paper", BridgeTexts.ORIGINAL));
        index.place(report("r", HOUR, "daily", BridgeTexts.REVISED));

        final DedupIndex.Placement w = index.place(report("w", 2 * HOUR, "wire", BridgeTexts.WIRE));

        assertThat(w.tier()).isEqualTo(DedupIndex.Tier.NEAR_COPY);
        assertThat(w.storyId()).as("O precedes R: R's story is merged into O's").isEqualTo("o");
        assertThat(w.repointed()).extracting(DedupIndex.Repointed::reportId, DedupIndex.Repointed::revision)
                .containsExactly(tuple("r", 1));
        assertThat(w.outletCount()).isEqualTo(3);
        assertThat(w.mentionCount()).as("R and W are copies of O's story now").isEqualTo(2);
        // a later copy of R alone lands in the merged story
        assertThat(index.place(report("r2", 3 * HOUR, "weekly", BridgeTexts.REVISED + " Updated with reactions.")).storyId()).isEqualTo("o");
    }

    @Test
    void shouldPlaceAsBeforeAfterBeingRebuiltFromTheLatestRevisions() {
        final DedupIndex live = new DedupIndex(RULES, 168 * HOUR);
        final Map<String, Object[]> latest = new HashMap<>();
        final List<DedupIndex.Report> reports = List.of(report("o", 0, "paper", BridgeTexts.ORIGINAL), report("r", HOUR, "daily", BridgeTexts.REVISED),
                report("w", 2 * HOUR, "wire", BridgeTexts.WIRE));
        for (final DedupIndex.Report r : reports) {
            final DedupIndex.Placement p = live.place(r);
            latest.put(r.reportId(), new Object[] {r, p.storyId(), p.storyOutlet(), p.tier() != DedupIndex.Tier.STORY, 0});
            for (final DedupIndex.Repointed moved : p.repointed()) {
                final Object[] was = latest.get(moved.reportId());
                latest.put(moved.reportId(), new Object[] {was[0], p.storyId(), p.storyOutlet(), true, moved.revision()});
            }
        }
        final DedupIndex rebuilt = new DedupIndex(RULES, 168 * HOUR);
        for (final DedupIndex.Report r : reports) {
            final Object[] s = latest.get(r.reportId());
            rebuilt.restore(r, (String) s[1], (String) s[2], (Boolean) s[3], (Integer) s[4]);
        }

        final DedupIndex.Report next = report("r3", 3 * HOUR, "radio", BridgeTexts.REVISED + " More to follow.");
        assertThat(rebuilt.place(next)).isEqualTo(live.place(next));
    }

    @Test
    void shouldKeepTwoStoriesThatARoundupReprintsSideBySide() {
        final DedupIndex index = new DedupIndex(RULES, 168 * HOUR);
        index.place(report("market", 0, "agency", BridgeTexts.MARKET));
        index.place(report("highway", HOUR, "broadcaster", BridgeTexts.HIGHWAY));
        final DedupIndex.Report roundup = report("digest", 2 * HOUR, "evening-digest", "Across the region today. " + BridgeTexts.MARKET
                + " Elsewhere in the north. " + BridgeTexts.HIGHWAY);
        final TextEvidence market = report("m", 0, "x", BridgeTexts.MARKET).evidence();
        final TextEvidence highway = report("h", 0, "x", BridgeTexts.HIGHWAY).evidence();
        // the premise: the digest is a copy of each, with different parts of its text
        assertThat(RULES.isCopy(index.measure(roundup.evidence(), market))).isTrue();
        assertThat(RULES.isCopy(index.measure(roundup.evidence(), highway))).isTrue();
        assertThat(StoryBridge.sameText(roundup.evidence(), market, highway)).isLessThan(0.1);

        final DedupIndex.Placement digest = index.place(roundup);

        assertThat(digest.storyId()).isEqualTo("market");
        assertThat(digest.repointed()).isEmpty();
        assertThat(index.place(report("highway2", 3 * HOUR, "paper", BridgeTexts.HIGHWAY)).storyId()).isEqualTo("highway");
    }
}
