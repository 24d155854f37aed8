package io.sitrep.streams.attribution.domain;

import io.sitrep.streams.text.Tokens;
import io.sitrep.schemas.avro.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who: the parties a sentence names (states and armed groups from the {@link ActorTable};
 * "Kabul"/"Islamabad" used for their government), and whether each reads as the one acting
 * ("Pakistani jets", "Pakistan struck", "… by the TTP") or as acted upon ("Afghan posts").
 */
final class PartyMentions {

    static final Set<String> METONYMY_VERBS = Set.of("said", "says", "accused", "accuses", "claimed", "claims",
            "denied", "denies", "warned", "warns", "blamed", "blames", "rejected", "rejects", "insisted", "responded",
            "retaliated", "vowed", "vows", "announced", "confirmed", "condemned", "condemns", "urged", "urges",
            "demanded", "told", "agreed", "agree", "signed", "summoned", "protested", "called", "has", "have", "had",
            "reports", "reported", "maintained", "maintains", "alleged", "alleges", "launched", "bombed", "claiming",
            "saying", "alleging", "insists", "insisting");
    private static final Set<String> AGENT_NOUNS = Set.of("jets", "jet", "aircraft", "warplanes", "warplane", "planes",
            "fighter", "fighters", "forces", "force", "troops", "military", "army", "drones", "drone", "artillery",
            "gunners", "soldiers", "guards", "gunships", "helicopters", "militants", "gunmen", "border", "security");
    private static final Set<String> ACTION_VERBS = Set.of("struck", "strikes", "strike", "launched", "launches",
            "launch", "carried", "carries", "bombed", "bombs", "hit", "hits", "shelled", "shells", "attacked", "attacks",
            "fired", "fires", "targeted", "targets", "retaliated", "retaliates", "pounded", "stormed", "captured",
            "seized", "raided", "conducted", "conducts", "opened", "killed", "used", "began");
    static final Set<String> TARGET_NOUNS = Set.of("posts", "post", "positions", "position", "checkpoints",
            "checkpoint", "territory", "soil", "side", "villages", "village", "civilians", "outposts", "outpost",
            "bases", "base", "installations", "targets", "hideouts", "hideout", "camps", "areas", "towns", "cities",
            "homes", "houses", "airspace", "sovereignty");
    /** Verbs of saying: the party before them is the speaker (the claimant), not the agent of the attack. */
    private static final Set<String> SPEAKING = Set.of("said", "says", "say", "told", "claimed", "claims", "stated",
            "announced", "reported", "reports", "confirmed", "added", "alleged", "alleges", "accused", "accuses",
            "warned", "maintained", "insisted", "blamed", "blames");
    static final Set<String> SKIP_AFTER_MENTION = Set.of("s", "the");

    /** A mention of a party: its side, its tokens, and whether it reads as the one acting. */
    record Mention(Side side, int first, int last, boolean agent, boolean passiveAgent) {
    }

    private final ActorTable actors;

    PartyMentions(final ActorTable actors) {
        this.actors = Objects.requireNonNull(actors, "actors");
    }

    /**
     * Party mentions (states and armed groups from the actor table; "Kabul"/"Islamabad" used for
     * their government) in token order, the longest actor name at each token.
     */
    List<Mention> find(final List<Tokens.Token> tokens, final Map<Integer, Integer> placeSpans) {
        final List<Mention> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            if (!tokens.get(i).is(WordTags.SIDE)) {
                i++;
                continue;
            }
            final String w = tokens.get(i).norm();
            final String next = i + 1 < tokens.size() ? tokens.get(i + 1).norm() : "";
            Side side = null;
            int last = i;
            final ActorTable.Match match = actors.matchAt(tokens, i);
            if (match != null && match.actor().kind().isParty()) {
                side = match.actor().side();
                last = match.last();
            } else if (match == null && ("kabul".equals(w) || "islamabad".equals(w)) && placeSpans.containsKey(i)
                    && i + 1 < tokens.size() && METONYMY_VERBS.contains(next)) {
                side = "kabul".equals(w) ? Side.AFGHANISTAN : Side.PAKISTAN;
            }
            if (side == null) {
                i++;
                continue;
            }
            final boolean passive = i > 0 && "by".equals(tokens.get(i - 1).norm())
                    || i > 1 && "by".equals(tokens.get(i - 2).norm()) && "the".equals(tokens.get(i - 1).norm());
            out.add(new Mention(side, i, last, passive || readsAsAgent(tokens, last), passive));
            i = last + 1;
        }
        return out;
    }

    /** After the mention: an action verb → agent; a target noun → patient; an agent noun → agent unless a target noun follows. */
    private static boolean readsAsAgent(final List<Tokens.Token> tokens, final int last) {
        boolean agentNoun = false;
        int seen = 0;
        for (int j = last + 1; j < tokens.size() && seen < 3; j++) {
            final String w = tokens.get(j).norm();
            if (SKIP_AFTER_MENTION.contains(w)) {
                continue;
            }
            seen++;
            if (SPEAKING.contains(w)) {
                // "Kabul said Pakistani military aircraft struck …": the speaker reports the attack,
                // the agent is in what it says.
                return false;
            }
            if (ACTION_VERBS.contains(w)) {
                return true;
            }
            if (TARGET_NOUNS.contains(w)) {
                return false;
            }
            if (AGENT_NOUNS.contains(w)) {
                agentNoun = true;
            } else if (agentNoun) {
                break;
            }
        }
        return agentNoun;
    }

    /** States and armed groups: the sides that act, claim and lose fighters. */
    static boolean isParty(final Side side) {
        return side != null && side != Side.UNKNOWN && side != Side.OTHER && side != Side.CIVILIAN;
    }

    static Side sideOfCountry(final String countryCode) {
        return switch (countryCode) {
            case "AF" -> Side.AFGHANISTAN;
            case "PK" -> Side.PAKISTAN;
            default -> Side.UNKNOWN;
        };
    }
}
