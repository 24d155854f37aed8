package io.sitrep.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.streams.dedup.DedupTopology;
import java.nio.ByteBuffer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** A report seen twice by the eval (a story it opened, then a merge's mention) is scored by its latest placement, in any read order. */
class LatestPlacementsTest {
    private static Observations.Outcome story(final String id) {
        return new Observations.Outcome(id, id, "STORY", null, 0.0);
    }

    private static Observations.Outcome mention(final String id, final String storyId) {
        return new Observations.Outcome(id, storyId, "NEAR_COPY", "w", 0.5);
    }

    private static int revision(final int n) {
        return LatestPlacements.rankOfMention(new RecordHeaders().add(DedupTopology.REVISION_HEADER, ByteBuffer.allocate(4).putInt(n).array()));
    }

    @Test
    void shouldKeepTheMergesMentionWhenTheStoryItOpenedIsReadFirstOrLast() {
        final LatestPlacements inOrder = new LatestPlacements();
        inOrder.offer(story("r"), LatestPlacements.STORY);
        inOrder.offer(mention("r", "o"), revision(1));
        final LatestPlacements reversed = new LatestPlacements();
        reversed.offer(mention("r", "o"), revision(1));
        reversed.offer(story("r"), LatestPlacements.STORY);

        assertThat(inOrder.get("r").storyId()).isEqualTo("o");
        assertThat(reversed.get("r").storyId()).isEqualTo("o");
    }

    @Test
    void shouldKeepTheHigherRevisionWhenAStoryWasMergedTwice() {
        final LatestPlacements seen = new LatestPlacements();
        seen.offer(mention("c", "b"), LatestPlacements.rankOfMention(new RecordHeaders()));
        seen.offer(mention("c", "a"), revision(2));
        seen.offer(mention("c", "x"), revision(1));

        assertThat(seen.get("c").storyId()).isEqualTo("a");
        assertThat(seen.has("c")).isTrue();
        assertThat(seen.get("missing")).isNull();
    }
}
