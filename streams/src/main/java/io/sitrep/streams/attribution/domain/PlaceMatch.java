package io.sitrep.streams.attribution.domain;

/**
 * A gazetteer name found in a text.
 *
 * @param region  the region the name resolved to (after country focus, for names that exist on
 *                both sides of the border)
 * @param start   index of the first char of the match in the searched text
 * @param end     index after the last char of the match
 * @param surface the text as written, {@code text.substring(start, end)}
 */
public record PlaceMatch(Region region, int start, int end, String surface) {
}
