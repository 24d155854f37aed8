package io.sitrep.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.avro.dedup.IndexedReport;
import io.sitrep.streams.dedup.domain.TextEvidence;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The words of a report as they travel to the dedup index and into its store: 32-bit, and older 64-bit records read the same. */
class IndexedReportWordsTest {
    private static final String TEXT = "Rockets hit the customs yard at the crossing before dawn and the traders waited all day";

    private static IndexedReport record(final ByteBuffer words, final int wordBytes) {
        return IndexedReport.newBuilder().setReportId("r1").setTime(0).setBodyHash("h").setWords(words).setWordBytes(wordBytes).build();
    }

    /** A word as records before the 32-bit words stored it: FNV-1a, 64 bits, of its lower-case form. */
    private static long fnv1a64(final String word) {
        long h = 0xcbf29ce484222325L;
        for (final char c : word.toLowerCase(Locale.ROOT).toCharArray()) {
            h ^= c;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Test
    void shouldWriteFourBytesPerWordAndReadTheSameWordsBack() {
        final int[] words = TextEvidence.parse(TEXT).words();
        final ByteBuffer bytes = DedupIndexProcessor.wordsToBytes(words);

        assertThat(bytes.remaining()).isEqualTo(words.length * 4);
        assertThat(DedupIndexProcessor.wordsOf(record(bytes, DedupIndexProcessor.WORD_BYTES))).containsExactly(words);
    }

    @Test
    void shouldReadTheWordsOfARecordStoredWith64BitHashesAsTodaysWords() {
        final String[] tokens = TEXT.split(" ");
        final ByteBuffer old = ByteBuffer.allocate(tokens.length * Long.BYTES);
        for (final String token : tokens) {
            old.putLong(fnv1a64(token));
        }
        old.flip();

        // a changelog written before wordBytes existed reads with the field's default, 8
        assertThat(IndexedReport.newBuilder().setReportId("r0").setTime(0).setBodyHash("h").build().getWordBytes()).isEqualTo(8);
        assertThat(DedupIndexProcessor.wordsOf(record(old, Long.BYTES))).containsExactly(TextEvidence.parse(TEXT).words());
    }
}
