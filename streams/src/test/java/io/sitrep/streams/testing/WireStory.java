package io.sitrep.streams.testing;

import java.util.List;

/** A wire story written for the tests, in paragraphs, and the kinds of copies outlets make of it. */
public final class WireStory {
    public static final List<String> PARAGRAPHS = List.of(
            "Pakistani aircraft struck a string of compounds in the Dand-e-Patan district of Afghanistan's Paktia province "
                    + "late on Monday, killing six people, two of them women, the provincial police spokesman said on Tuesday.",
            "The spokesman, Mohammad Nasir Sharifi, said the raids began after midnight and lasted about forty minutes. "
                    + "Villagers pulled the bodies of a farmer and his relatives from a collapsed guest room at first light.",
            "Pakistani security officials, who asked not to be named, said the jets had hit a depot and two houses used "
                    + "by commanders of the Pakistani Taliban who had directed recent raids on posts in Kurram.",
            "Residents said the roads into the district were closed by Taliban fighters for most of the morning while "
                    + "ambulances carried the wounded to the provincial hospital in Gardez.",
            "The Taliban government summoned Pakistan's charge d'affaires in Kabul to protest, its foreign ministry said, "
                    + "and warned that the patience of the Afghan people was not unlimited.",
            "Dand-e-Patan lies opposite the Kurram district of Pakistan, where border posts of both countries stand within "
                    + "sight of each other along a ridge that has changed hands twice since the autumn.");

    private WireStory() {
    }

    public static String original() {
        return "KABUL, March 10 (Test Wire) - " + String.join("\n\n", PARAGRAPHS) + "\n(Reporting by Test Wire staff; Editing by Desk)";
    }

    public static String paragraphs(final int from, final int to) {
        return String.join("\n\n", PARAGRAPHS.subList(from, to));
    }

    /** Another outlet's own report of the same raid: same facts, its own words. */
    public static final String OTHER_WRITE_UP = "GARDEZ - Six members of one family were buried in Paktia on Tuesday after what "
            + "relatives called a Pakistani bombing of their village in Dand-e-Patan overnight. Our correspondent saw the "
            + "ruins of a guest house and a crater in an orchard. Pakistan has not commented. The Islamic Emirate said it "
            + "had lodged a protest with Islamabad's envoy and that such attacks would not go unanswered.";
}
