package io.sitrep.streams.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    private static final String STORY = "Pakistani jets struck targets in Khost province on Thursday night, "
            + "officials said, the third such raid this month.\n\nThe Taliban government said civilians were among the dead.";

    @Test
    void shouldNormaliseEqualWhenOnlyDatelineDiffers() {
        final String reuters = "KABUL (Reuters) - " + STORY;
        final String afp = "ISLAMABAD, Feb 27 (AFP) \u2014 " + STORY;
        final String caps = "PESHAWAR: " + STORY;
        final String local = "Kabul, Feb. 27, 2026 (Tolo News) - " + STORY;
        assertThat(TextNormalizer.normalizeBody(reuters))
                .isEqualTo(TextNormalizer.normalizeBody(afp))
                .isEqualTo(TextNormalizer.normalizeBody(caps))
                .isEqualTo(TextNormalizer.normalizeBody(local))
                .isEqualTo(TextNormalizer.normalizeBody(STORY))
                .startsWith("pakistani jets struck");
    }

    @Test
    void shouldNormaliseEqualWhenOnlyBylineAndSignOffDiffer() {
        final String a = STORY + "\n(Reporting by Jane Doe in Kabul; Editing by John Roe)";
        final String b = STORY + " Reporting by Ali Khan; Writing by Sara Lee. Editing by Tom Poe";
        final String c = STORY + "\n\u00A9 2026 Thomson Reuters. All rights reserved.";
        final String d = STORY + " (Additional reporting by A. Karimi)";
        assertThat(TextNormalizer.normalizeBody(a))
                .isEqualTo(TextNormalizer.normalizeBody(b))
                .isEqualTo(TextNormalizer.normalizeBody(c))
                .isEqualTo(TextNormalizer.normalizeBody(d))
                .isEqualTo(TextNormalizer.normalizeBody(STORY));
    }

    @Test
    void shouldNormaliseEqualWhenOnlyWhitespaceCaseQuotesAndDashesDiffer() {
        final String a = "Officials said the \u201cstrikes\u201d hit Kabul \u2013 and Kandahar.";
        final String b = "  OFFICIALS   said the \"strikes\"\thit kabul - and\u00A0Kandahar.\n";
        final String c = "\uFF2Ffficials said the \"strikes\" hit Kabul \u2014 and Kandahar."; // fullwidth O (NFKC)
        assertThat(TextNormalizer.normalizeBody(a))
                .isEqualTo(TextNormalizer.normalizeBody(b))
                .isEqualTo(TextNormalizer.normalizeBody(c))
                .isEqualTo("officials said the \"strikes\" hit kabul - and kandahar.");
    }

    @Test
    void shouldFoldABacktickToAnApostropheInAnAsciiTextAsInAnyOther() {
        // ASCII text takes a shorter path (only the backtick folds there); the result must not depend on it
        assertThat(TextNormalizer.stripBoilerplate("The `Kabul` office and the ministry`s spokesman"))
                .isEqualTo("The 'Kabul' office and the ministry's spokesman")
                .isEqualTo(TextNormalizer.stripBoilerplate("The \u2018Kabul\u2019 office and the ministry\u2019s spokesman"));
        assertThat(TextNormalizer.stripBoilerplate("No quote at all, Khost.")).isEqualTo("No quote at all, Khost.");
    }

    @Test
    void shouldDifferWhenStoriesDiffer() {
        final String a = "KABUL (Reuters) - Pakistani jets struck Khost on Thursday.";
        final String b = "KABUL (Reuters) - Pakistani jets struck Paktika on Thursday.";
        assertThat(TextNormalizer.sha256Hex(TextNormalizer.normalizeBody(a)))
                .isNotEqualTo(TextNormalizer.sha256Hex(TextNormalizer.normalizeBody(b)));
    }

    @Test
    void shouldKeepMidSentenceReportingByWhenItIsNotASignOff() {
        final String text = "Pakistan said reporting by local media was wrong.";
        assertThat(TextNormalizer.normalizeBody(text)).isEqualTo("pakistan said reporting by local media was wrong.");
    }

    @Test
    void shouldStripABracketedSignOffAfterOtherBracketsWhenItOpensWithSpacesOrCapitals() {
        // the sign-off gate looks at what each bracket opens with: brackets before it must not hide it
        final String text = "Jets (two of them) struck Khost (a province). (\n  EDITING by X; Writing by Y)";
        assertThat(TextNormalizer.stripBoilerplate(text)).isEqualTo("Jets (two of them) struck Khost (a province).");
    }

    @Test
    void shouldKeepBracketsThatAreNoSignOff() {
        final String text = "Jets struck Khost (a province bordering Pakistan) by night (local time).";
        assertThat(TextNormalizer.stripBoilerplate(text)).isEqualTo(text);
    }

    @Test
    void shouldKeepCaseWhenStrippingBoilerplateForAttribution() {
        assertThat(TextNormalizer.stripBoilerplate("KABUL (Reuters) - Jets struck Khost. (Editing by X)"))
                .isEqualTo("Jets struck Khost.");
    }

    @Test
    void shouldHashToLowerCaseHexWhenGivenText() {
        assertThat(TextNormalizer.sha256Hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(TextNormalizer.sha256Hex("abc")).hasSize(64).matches("[0-9a-f]{64}");
    }

    /** Texts of spaces and line feeds take a path of their own (indexOf scans, block copies); every text must collapse as the documented regex does. */
    @Test
    void shouldCollapseWhitespaceAsTheRegexDoesOnRandomTexts() {
        final SplittableRandom random = new SplittableRandom(11);
        final String[] asciiPieces = {"word", "A", "7", ".", " ", " ", "  ", "\n", "\n\n", " \n ", ","};
        final String[] otherPieces = {"\t", "\r\n", "\u000B", "\f", "\u00A0", "\u2009", "\u200B", "\uFEFF", "\u3000", "é", "Ж"};
        for (int t = 0; t < 20_000; t++) {
            final StringBuilder text = new StringBuilder();
            final int length = random.nextInt(0, 30);
            // half of the texts take the ASCII path of spaces and line feeds
            final boolean other = random.nextBoolean();
            for (int k = 0; k < length; k++) {
                text.append(other && random.nextInt(4) == 0 ? otherPieces[random.nextInt(otherPieces.length)]
                        : asciiPieces[random.nextInt(asciiPieces.length)]);
            }
            final String s = text.toString();
            assertThat(TextNormalizer.collapseWhitespace(s)).as("[%s]", s).isEqualTo(s.replaceAll("[\\s\\p{Z}\\u200B\\uFEFF]+", " "));
        }
    }

    @Test
    void shouldStripCopyrightAndRightsLinesInAnyLetterCase() {
        final String shouting = STORY + "\nCOPYRIGHT 2026 SOME AGENCY. ALL RIGHTS RESERVED.";
        final String mixed = STORY + " (C) 2025 Some Agency. All Rights Reserved.";
        final String odd = STORY + " CoPyRiGhT 2024 some agency. aLL rIgHtS rEsErVeD";
        assertThat(TextNormalizer.stripBoilerplate(shouting))
                .isEqualTo(TextNormalizer.stripBoilerplate(mixed))
                .isEqualTo(TextNormalizer.stripBoilerplate(odd))
                .isEqualTo(TextNormalizer.stripBoilerplate(STORY));
    }

    @Test
    void shouldFindAWordInAnyAsciiCaseAsALowerCaseCopyWould() {
        final SplittableRandom random = new SplittableRandom(5);
        final String[] pieces = {"rights", "RIGHTS", "rIgHtS", "right", "ights", "copyright", "Copyright", "COPYRIGHT", "copy",
            "yright", "fights", "g", "G", "y", "r", " ", "\n", "."};
        for (int t = 0; t < 20_000; t++) {
            final StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(0, 6); k > 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            final String s = text.toString();
            assertThat(TextNormalizer.containsIgnoringCase(s, "rights", 2)).as("[%s]", s)
                    .isEqualTo(s.toLowerCase(java.util.Locale.ROOT).contains("rights"));
            assertThat(TextNormalizer.containsIgnoringCase(s, "copyright", 3)).as("[%s]", s)
                    .isEqualTo(s.toLowerCase(java.util.Locale.ROOT).contains("copyright"));
        }
    }

    /** The gates only skip a pattern that cannot match: with them, every text strips as with every pattern tried. */
    @Test
    void shouldStripAsEveryPatternTriedWouldOnRandomTextsWithBoilerplate() {
        final SplittableRandom random = new SplittableRandom(17);
        final String[] pieces = {"Jets struck a post near the border.", "Officials said", " ", "  ", "\n", ". ", "\"",
            "(Reporting by Ann Lee in Kabul; Editing by Bob Roe)", "( additional REPORTING by A. Karimi)", "(Writing by Sam Poe)",
            "Reporting by Ali Khan", "reporting by local media suggested", "Additional reporting by Zia Noor", "Further Reporting by Q",
            "Edited by Tom", "Editing by Max", "Compiled by Staff", "Written by Nadia", "Writing by Omar",
            "\u00A9 2026 Some Agency.", "(c) 2025 X.", "(C) 2024 Y", "Copyright 2026 Z.", "COPYRIGHT \u00A9 2023 W", "copyright notice",
            "All rights reserved.", "ALL RIGHTS RESERVED", "all  Rights\nreserved", "human rights", "fights", "KABUL (Reuters) - ",
            "QUETTA, Feb 27: ", "\u2014", "caf\u00E9"};
        for (int t = 0; t < 20_000; t++) {
            final StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(0, 9); k > 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            final String s = text.toString();
            assertThat(TextNormalizer.stripBoilerplate(s)).as("[%s]", s).isEqualTo(TextNormalizer.stripBoilerplateTryingEveryPattern(s));
        }
    }

    @Test
    void shouldReturnEmptyWhenBodyIsNull() {
        assertThat(TextNormalizer.normalizeBody(null)).isEmpty();
    }
}
