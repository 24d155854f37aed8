package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The packed word form of the index's texts: exact round trips, short codes for the words met first, codes freed with their texts. */
class WordCodesTest {

    @Test
    void shouldUnpackExactlyTheWordHashesThatWerePacked() {
        final WordCodes codes = new WordCodes();
        final Random random = new Random(7);
        // more distinct words than two-byte codes hold, and the hashes at the edges of the int range
        final int[] words = IntStream.range(0, 40_000).map(i -> i < 3 ? new int[] {0, -1, Integer.MIN_VALUE}[i] : random.nextInt(30_000) * 31)
                .toArray();

        final byte[] packed = codes.pack(words);

        assertThat(codes.unpack(packed, words.length)).containsExactly(words);
    }

    @Test
    void shouldTakeOneByteForEachOfTheFirst128WordsAndTwoAfterThem() {
        final WordCodes codes = new WordCodes();
        final int[] first = IntStream.range(0, 128).map(i -> i * 7919).toArray();

        assertThat(codes.pack(first)).hasSize(128);
        assertThat(codes.pack(new int[] {-5})).as("the 129th distinct word").hasSize(2);
        assertThat(codes.pack(first)).as("words already coded").hasSize(128);
    }

    @Test
    void shouldFreeTheCodesOfWordsNoPackedTextUsesAndKeepTheShared() {
        final WordCodes codes = new WordCodes();
        final byte[] a = codes.pack(new int[] {1, 2, 3, 2});
        final byte[] b = codes.pack(new int[] {3, 4});

        codes.release(a);

        assertThat(codes.size()).as("3 is still used by b").isEqualTo(2);
        assertThat(codes.unpack(b, 2)).containsExactly(3, 4);
        codes.release(b);
        assertThat(codes.size()).isZero();
        // the freed codes are handed out again: still one byte each, and the new words read back
        final byte[] c = codes.pack(IntStream.range(100, 227).toArray());
        assertThat(c).hasSize(127);
        assertThat(codes.unpack(c, 127)).containsExactly(IntStream.range(100, 227).toArray());
    }
}
