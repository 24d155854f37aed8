package io.sitrep.streams.attribution.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.EventType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three checks most wire-copy cases need, run over the cases a subclass lists in
 * {@code placedReports()}, {@code typedReports()} and {@code reportsWithoutEvents()}: a table with a
 * case a line, named for the rule it shows. A subclass says when its reports were published.
 */
abstract class WireCopyCases {

    /** The counted events of one report, published when the subclass's reports were. */
    abstract List<ExtractedEvent> countedEvents(String headline, String body);

    @ParameterizedTest(name = "{0}")
    @MethodSource("placedReports")
    void shouldPlaceTheCountedEventsInExactlyTheseRegions(final String rule, final String regions,
                                                         final String headline, final String body) {
        assertThat(WireCopyPhenomenaTest.regions(countedEvents(headline, body))).containsExactly(regions.split(" "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typedReports")
    void shouldCountOnlyEventsOfTheType(final String rule, final EventType type, final String headline,
                                        final String body) {
        assertThat(countedEvents(headline, body)).extracting(ExtractedEvent::eventType).containsOnly(type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reportsWithoutEvents")
    void shouldCountNoEvent(final String rule, final String headline, final String body) {
        assertThat(countedEvents(headline, body)).isEmpty();
    }

    /**
     * The cases of {@code table}: one a line, columns split at {@code |}, lines starting with # left
     * out; a backslash-n in a cell is a line break of the report (pages put subheads on lines of their own).
     */
    static Stream<Arguments> cases(final String table) {
        return table.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> Arguments.of((Object[]) line.replace("\\n", "\n").split(" \\| ")));
    }
}
