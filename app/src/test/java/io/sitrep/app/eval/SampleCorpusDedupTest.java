package io.sitrep.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitrep.app.SampleCorpus;
import io.sitrep.streams.dedup.domain.NearCopyRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo's sample corpus through the dedup decisions (all tiers, in publish order): the near-copy
 * tier must find nothing beyond the 7 exact copies the sample README lists. Its five different
 * write-ups of one incident are not copies; attribution joins them as one event.
 */
class SampleCorpusDedupTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldFindOnlyTheExactCopiesWhenTheSampleCorpusIsReplayed() throws IOException {
        final List<EvalItem> items = new ArrayList<>();
        int line = 0;
        for (final String s : SampleCorpus.reportLines()) {
            line++;
            final JsonNode n = JSON.readTree(s);
            if (!n.hasNonNull("body") || (n.hasNonNull("url") && !n.get("url").asText().startsWith("http"))) {
                continue; // the two reports ingest refuses
            }
            items.add(new EvalItem("line-" + line, n.path("url").asText(null), n.path("sourceOutlet").asText(),
                    n.path("publishedAt").asText(null), n.path("headline").asText(), n.path("body").asText(),
                    "none", null, List.of(), List.of(), List.of(), null, null));
        }

        final Map<String, Observations.Outcome> outcomes = DedupReplay.run(new EvalCorpus(items), NearCopyRules.defaults()).outcomes();

        assertThat(items).hasSize(49);
        assertThat(outcomes.values().stream().filter(o -> o.tier().equals("NEAR_COPY")).toList()).isEmpty();
        assertThat(outcomes.values().stream().filter(o -> !o.tier().equals("STORY")).count()).isEqualTo(7);
    }
}
