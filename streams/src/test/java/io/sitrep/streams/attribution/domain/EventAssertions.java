package io.sitrep.streams.attribution.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.Side;

/** Assertions the extraction tests share: who did it to whom is checked in many of them. */
final class EventAssertions {
    private EventAssertions() {
    }

    /** {@code event} was done by {@code actor} to {@code target}: both sides are asserted. */
    static void assertSides(final ExtractedEvent event, final Side actor, final Side target) {
        assertThat(event.actorSide()).as("actor side").isEqualTo(actor);
        assertThat(event.targetSide()).as("target side").isEqualTo(target);
    }

    /** {@code claim} is the only claim of {@code event}, so its figure is the event's low figure. */
    static void assertSoleClaim(final ExtractedEvent event, final ExtractedClaim claim) {
        assertThat(event.claims()).containsExactly(claim);
        assertThat(event.fatalitiesLow()).isEqualTo(claim.fatalities());
    }
}
