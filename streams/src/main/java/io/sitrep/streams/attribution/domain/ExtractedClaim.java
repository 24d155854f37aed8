package io.sitrep.streams.attribution.domain;

import io.sitrep.schemas.avro.Side;

/**
 * One casualty figure as one claimant gave it. Claims by different claimants are never summed.
 *
 * @param claimant     who says so, as written ("Pakistani officials"), or "unattributed"
 * @param claimantSide the claimant's side; {@link Side#OTHER} for independent sources (UN,
 *                     hospitals, witnesses), {@link Side#UNKNOWN} when unattributed
 * @param fatalities   the number of dead claimed
 * @param aboutSide    whose dead the figure counts
 * @param selfReported the claimant reports its own side's losses
 * @param injured      wounded in the same statement, when given; null otherwise
 * @param unverified   the text says the figure could not be (independently) verified
 */
public record ExtractedClaim(String claimant, Side claimantSide, Integer fatalities, Side aboutSide, boolean selfReported,
                             Integer injured, boolean unverified) {

    /** A fatality claim without injuries, not marked unverified. */
    public ExtractedClaim(final String claimant, final Side claimantSide, final Integer fatalities, final Side aboutSide,
                          final boolean selfReported) {
        this(claimant, claimantSide, fatalities, aboutSide, selfReported, null, false);
    }

    /** The same claim marked unverified. */
    public ExtractedClaim asUnverified() {
        return new ExtractedClaim(claimant, claimantSide, fatalities, aboutSide, selfReported, injured, true);
    }

    /** True when the figure is an independent one (not from a party to the conflict). */
    public boolean independent() {
        return claimantSide == Side.OTHER;
    }

    /** True when the figure may enter the conservative count: self-reported or independent. */
    public boolean conservative() {
        return selfReported || independent();
    }
}
