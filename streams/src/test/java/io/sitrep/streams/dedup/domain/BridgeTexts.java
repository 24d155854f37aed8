package io.sitrep.streams.dedup.domain;

/**
 * Texts written for the story-merge tests (our own words): a wire story, the original cut after its
 * middle paragraph, and another outlet's version from the middle on, which is not a copy of the
 * original but of the wire; and two unrelated stories a roundup reprints side by side.
 */
public final class BridgeTexts {
    // a wire story in three paragraphs, no figures (so no figure can contradict)
    public static final String LEAD = "Militants stormed a police post on the outskirts of Tank before dawn, and the fighting went on"
            + " for several hours before reinforcements arrived from the district headquarters, a senior police officer told"
            + " reporters at the scene later that morning while ambulances carried the wounded away.";
    public static final String MIDDLE = "The attackers came on foot through the orchards behind the post and cut the telephone"
            + " line before opening fire, the officer said, adding that the constables on duty held the gate until their"
            + " ammunition ran low and then fell back to the roof, where they kept firing until help came along the canal road.";
    public static final String END = "Residents of the nearby village said they heard explosions and heavy gunfire throughout the"
            + " night and stayed inside their homes with the lights switched off until the shooting stopped after sunrise.";
    public static final String OWN = "The provincial government ordered an inquiry into how the attackers reached the post unseen"
            + " and promised compensation for the families of those who were hurt.";

    /** The wire copy W: the whole text. */
    public static final String WIRE = LEAD + " " + MIDDLE + " " + END;
    /** The original O as a paper printed it: cut after the middle paragraph. */
    public static final String ORIGINAL = LEAD + " " + MIDDLE;
    /** R: another outlet's version from the middle on, with a closing line of its own; it shares only the middle with O. */
    public static final String REVISED = MIDDLE + " " + END + " " + OWN;

    public static final String MARKET = "Shells fired from across the border landed in a crowded vegetable market in Chaman late in"
            + " the afternoon, killing several shoppers and setting stalls on fire, according to a doctor at the district hospital,"
            + " who said the wards were full and that blood donors were urgently needed. Shopkeepers said the market had been busy"
            + " with people buying food before the holiday, and that many of the wounded were porters who carry goods between the"
            + " stalls and the lorries parked outside.";
    public static final String HIGHWAY = "Heavy rain washed away a section of the highway between Peshawar and the Torkham crossing,"
            + " stranding long lines of lorries loaded with fruit and cement on both sides of the landslide. Engineers from the"
            + " highway authority said they would need many days to rebuild the embankment, and drivers complained that no food or"
            + " water had been brought to them while they waited in the cold beside their vehicles near the tunnel.";

    private BridgeTexts() {
    }
}
