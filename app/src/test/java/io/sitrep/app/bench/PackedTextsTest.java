package io.sitrep.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PackedTextsTest {

    @Test
    void givesBackEachTextsUtf8BytesInTheOrderAdded() {
        final PackedTexts texts = new PackedTexts();
        final String english = "{\"body\":\"" + "Shelling was reported near the crossing at dawn. ".repeat(40) + "\"}";
        final String dari = "{\"body\":\"گزارش‌ها از ولایت خوست و کابل، Kābul\"}";
        final String empty = "";
        // longer than the packer's first scratch buffer, and hardly compressible
        final StringBuilder noise = new StringBuilder();
        final java.util.Random random = new java.util.Random(7);
        while (noise.length() < 200_000) {
            noise.append((char) ('!' + random.nextInt(90)));
        }
        final String large = noise.toString();

        assertThat(texts.add(english)).isZero();
        assertThat(texts.add(dari)).isEqualTo(1);
        assertThat(texts.add(empty)).isEqualTo(2);
        assertThat(texts.add(large)).isEqualTo(3);

        assertThat(texts.size()).isEqualTo(4);
        assertThat(texts.utf8(1)).isEqualTo(dari.getBytes(StandardCharsets.UTF_8));
        assertThat(texts.utf8(0)).isEqualTo(english.getBytes(StandardCharsets.UTF_8));
        assertThat(texts.utf8(3)).isEqualTo(large.getBytes(StandardCharsets.UTF_8));
        assertThat(texts.utf8(2)).isEmpty();
        assertThat(texts.utf8(0)).isEqualTo(english.getBytes(StandardCharsets.UTF_8));
        texts.close();
    }

    @Test
    void holdsRepetitiveTextInAFractionOfItsSize() {
        final PackedTexts texts = new PackedTexts();
        final String report = "The district governor said two posts were hit and a school was closed. ".repeat(60);
        texts.add(report);
        assertThat(texts.packedBytes()).isLessThan(report.length() / 4);
        texts.close();
    }
}
