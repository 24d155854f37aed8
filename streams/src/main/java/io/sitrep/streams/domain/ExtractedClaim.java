package io.sitrep.streams.domain;

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
 */
public record ExtractedClaim(String claimant, Side claimantSide, Integer fatalities, Side aboutSide, boolean selfReported) {

    /** True when the figure is an independent one (not from a party to the conflict). */
    public boolean independent() {
        return claimantSide == Side.OTHER;
    }

    /** True when the figure may enter the conservative count: self-reported or independent. */
    public boolean conservative() {
        return selfReported || independent();
    }
}
