package io.sitrep.streams.attribution.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.streams.text.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLexiconTest {

    private static final EventLexicon LEXICON = EventLexicon.loadDefault();

    @Test
    void shouldFindTheSamePhrasesInTaggedTokensAsInUntaggedOnes() {
        // tagged tokens skip the map for words that start no phrase (WordTags.LEXICON_START), and the
        // prefix table for words without WordTags.LEXICON_PREFIX: the same triggers must come out,
        // phrases of whole words, prefix phrases and overlaps alike
        final Map<String, Integer> tags = WordTags.of(ActorTable.loadDefault(), Gazetteer.loadDefault(), LEXICON);
        final List<String> sentences = List.of(
                "Jets carried out an air strike on a compound near the border before dawn, and a drone strike followed.",
                "Gunmen opened fire on a checkpoint; the clashes lasted hours and artillery shelling resumed at night.",
                "A suicide bomber blew himself up at the gate, and a roadside bomb hit a patrol an hour later.",
                "Officials said talks would resume next week, and nobody reported fighting overnight.",
                "Mortar rounds landed in the market while troops stormed the hideout and exchanged fire with militants.");
        int triggers = 0;
        for (final String sentence : sentences) {
            final List<EventLexicon.Trigger> untagged = LEXICON.find(Tokens.tokenize(sentence));
            final List<EventLexicon.Trigger> tagged = LEXICON.find(Tokens.tokenize(sentence,
                    (w, hash) -> WordTags.tagOf(tags, LEXICON, w)));
            assertThat(tagged).as(sentence).isEqualTo(untagged);
            triggers += untagged.size();
        }
        assertThat(triggers).as("the sentences hold phrases to find").isGreaterThan(sentences.size());
    }

    @Test
    void shouldTagTheFirstWordOfEveryPhraseOfWholeWords() {
        final Map<String, Integer> tags = WordTags.of(ActorTable.loadDefault(), Gazetteer.loadDefault(), LEXICON);
        assertThat(LEXICON.exactFirstWords()).isNotEmpty();
        for (final String first : LEXICON.exactFirstWords()) {
            assertThat(tags.getOrDefault(first, 0) & WordTags.LEXICON_START).as(first).isNotZero();
        }
        // without a lexicon, no word carries the tag
        assertThat(WordTags.of(ActorTable.loadDefault(), Gazetteer.loadDefault()).values())
                .allMatch(t -> (t & WordTags.LEXICON_START) == 0);
    }
}
