package io.sitrep.app.eval;

import java.util.List;

/**
 * One labelled corpus item. The pipeline only ever sees {@link #url}, {@link #outlet},
 * {@link #publishedAt}, {@link #headline} and {@link #text}; every other field is a label for scoring.
 *
 * @param id               corpus id (unique)
 * @param url              where the text was found, or null
 * @param outlet           publishing outlet
 * @param publishedAt      ISO-8601 publish time, or null when the corpus has none
 * @param headline         headline, or null (the first sentence of the text is used then)
 * @param text             the body
 * @param story            incident slug, or {@code "none"}
 * @param eventDate        ISO date of the incident, or null
 * @param regions          ISO 3166-2 codes where violence happened
 * @param eventTypes       event type labels
 * @param claims           claims as {@code claimant_side: claim} strings
 * @param nearDuplicateOf  id of an earlier item that this one is a copy of, or null
 * @param dupKind          how it copies that item ({@code verbatim}, {@code near_verbatim},
 *                         {@code truncation}, {@code paraphrase}), or null when not labelled
 */
public record EvalItem(String id, String url, String outlet, String publishedAt, String headline, String text,
                       String story, String eventDate, List<String> regions, List<String> eventTypes,
                       List<String> claims, String nearDuplicateOf, String dupKind) {
    public static final String NO_STORY = "none";

    public boolean hasStory() {
        return story != null && !story.isBlank() && !NO_STORY.equals(story);
    }
}
