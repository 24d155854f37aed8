package io.sitrep.app.eval;

import io.sitrep.schemas.avro.AttributedEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the pipeline made of an evaluation corpus, per item: what each stage scorer reads.
 *
 * @param outcomes     per item id, how dedup placed it (absent when the report never came out)
 * @param eventsByStory per story id, the attributed events (latest version per event id)
 * @param refused      item ids that ingest refused, with the reason
 */
public record Observations(Map<String, Outcome> outcomes, Map<String, List<AttributedEvent>> eventsByStory,
                           Map<String, String> refused) {

    /**
     * How dedup placed one report.
     *
     * @param reportId       the id ingest gave it
     * @param storyId        the story it opened or joined
     * @param tier           {@code STORY} when it opened the story, else the dedup tier that matched it
     * @param matchedReportId the earlier report it was matched against, or null
     * @param containment    containment with that report (1.0 for exact tiers, 0 for new stories)
     */
    public record Outcome(String reportId, String storyId, String tier, String matchedReportId, double containment) {
    }

    /**
     * What places an item in an incident: the ids of the counted events of its story, and the
     * incident ids of those that are part of a multi-region incident (empty when unknown).
     */
    public Set<String> incidentKeysOf(final String itemId) {
        final Outcome o = outcomes.get(itemId);
        if (o == null) {
            return Set.of();
        }
        final Set<String> out = new java.util.HashSet<>();
        for (final AttributedEvent e : eventsByStory.getOrDefault(o.storyId(), List.of())) {
            if (e.getCounted()) {
                out.add(e.getEventId());
                if (e.getIncidentId() != null) {
                    out.add(e.getIncidentId());
                }
            }
        }
        return out;
    }
}
