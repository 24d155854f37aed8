package io.sitrep.streams.attribution.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitrep.schemas.avro.Precision;
import io.sitrep.streams.text.Tokens;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GazetteerTest {

    private static final Gazetteer GAZ = Gazetteer.loadDefault();

    private static final List<String> AF_PROVINCES = List.of("AF-BDS", "AF-BDG", "AF-BGL", "AF-BAL", "AF-BAM",
            "AF-DAY", "AF-FRA", "AF-FYB", "AF-GHA", "AF-GHO", "AF-HEL", "AF-HER", "AF-JOW", "AF-KAB", "AF-KAN",
            "AF-KAP", "AF-KHO", "AF-KNR", "AF-KDZ", "AF-LAG", "AF-LOG", "AF-NAN", "AF-NIM", "AF-NUR", "AF-PIA",
            "AF-PKA", "AF-PAN", "AF-PAR", "AF-SAM", "AF-SAR", "AF-TAK", "AF-URU", "AF-WAR", "AF-ZAB");
    private static final List<String> PK_PROVINCES = List.of("PK-BA", "PK-KP", "PK-PB", "PK-SD", "PK-IS", "PK-GB",
            "PK-JK");

    @Test
    void shouldFindTheSamePlacesInTokensTaggedWithPlaceStartsAsInPlainTokensWithoutLookingUpOtherWords() {
        final String text = "Shells hit North Waziristan and the Kurram valley; in Khost town and near Torkham, "
                + "traders from Peshawar and Jalalabad waited while the South Waziristan road stayed shut.";
        final java.util.Map<String, Integer> tags = WordTags.of(ActorTable.loadDefault(), GAZ);
        final List<Tokens.Token> tagged = Tokens.tokenize(text, (w, hash) -> tags.getOrDefault(w, 0) | WordTags.TAGGED);
        final List<Tokens.Token> plain = Tokens.tokenize(text);

        final List<NameTrie.Match<List<Region>>> fromTagged = GAZ.names(tagged);
        assertThat(fromTagged).isEqualTo(GAZ.names(plain));
        assertThat(fromTagged).hasSizeGreaterThanOrEqualTo(6);
        // the skip is real: a tagged token whose tags lack PLACE_START starts no name, even a place's first word
        final List<Tokens.Token> withoutStarts = Tokens.tokenize(text, (w, hash) -> WordTags.TAGGED);
        assertThat(GAZ.names(withoutStarts)).isEmpty();
        // a start tag without the word's id (a table made without the ids) finds the names through the map
        final List<Tokens.Token> withoutIds = Tokens.tokenize(text,
                (w, hash) -> (tags.getOrDefault(w, 0) & ~(-1 << WordTags.PLACE_ID_SHIFT)) | WordTags.TAGGED);
        assertThat(GAZ.names(withoutIds)).isEqualTo(fromTagged);
    }

    /** A tagged token finds its first node by the id in its tags, a plain one through the map: the same names either way. */
    @Test
    void shouldFindTheSamePlacesThroughFirstWordIdsAsThroughTheMapOnRandomTexts() {
        final Map<String, Integer> tags = WordTags.of(ActorTable.loadDefault(), GAZ);
        final List<String> words = new ArrayList<>(List.of("the", "near", "valley", "North", "South", "town", "district",
                "province", ",", "and", "e", "Pul", "Agency"));
        GAZ.regions().forEach(r -> words.add(r.name()));
        final SplittableRandom random = new SplittableRandom(28);
        int names = 0;
        for (int n = 0; n < 2_000; n++) {
            final StringBuilder text = new StringBuilder();
            for (int w = random.nextInt(1, 20); w > 0; w--) {
                text.append(words.get(random.nextInt(words.size()))).append(' ');
            }
            final String t = text.toString();
            final List<NameTrie.Match<List<Region>>> fromIds = GAZ.names(Tokens.tokenize(t, (w, hash) -> tags.getOrDefault(w, 0) | WordTags.TAGGED));
            assertThat(fromIds).as(t).isEqualTo(GAZ.names(Tokens.tokenize(t)));
            names += fromIds.size();
        }
        assertThat(names).isGreaterThan(5_000);
    }

    @Test
    void shouldLoadEveryProvinceWhenLoadingDefault() {
        assertThat(AF_PROVINCES).hasSize(34).doesNotHaveDuplicates();
        for (final String code : AF_PROVINCES) {
            assertThat(GAZ.byCode(code)).as(code).hasValueSatisfying(r -> {
                assertThat(r.level()).isEqualTo(Precision.PROVINCE);
                assertThat(r.countryCode()).isEqualTo("AF");
            });
        }
        for (final String code : PK_PROVINCES) {
            assertThat(GAZ.byCode(code)).as(code).hasValueSatisfying(r -> assertThat(r.countryCode()).isEqualTo("PK"));
        }
        assertThat(GAZ.regions().stream().filter(Region::isProvince).count()).isEqualTo(41);
        assertThat(GAZ.isKnownCode("af-kho")).isTrue();
        assertThat(GAZ.isKnownCode("AF-XXX")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "Paktiya,AF-PIA", "Pakteka,AF-PKA", "Nangrahar,AF-NAN", "Helmund,AF-HEL", "Khowst,AF-KHO", "Qandahar,AF-KAN",
        "KP,PK-KP", "KPK,PK-KP", "Khyber-Pakhtunkhwa,PK-KP", "NWFP,PK-KP", "Baluchistan,PK-BA", "Sar-e-Pul,AF-SAR",
        "Sar e Pul,AF-SAR", "Kābul,AF-KAB", "Maidan Wardak,AF-WAR", "Gilgit Baltistan,PK-GB"
    })
    void shouldResolveAliasWhenSpellingVaries(final String alias, final String code) {
        final List<PlaceMatch> m = GAZ.findAll("Reports from the east mention " + alias + " again.");
        assertThat(m).hasSize(1);
        assertThat(GAZ.province(m.get(0).region()).code()).isEqualTo(code);
        assertThat(m.get(0).surface()).isEqualTo(alias);
    }

    @Test
    void shouldMatchWholeWordsOnlyWhenNameIsPrefixOfAnotherWord() {
        assertThat(GAZ.findAll("The Khostwal family and the Kabuli pulao stall")).isEmpty();
        assertThat(GAZ.findAll("Khost, (Khost) and KHOST.")).hasSize(3);
    }

    @Test
    void shouldPreferLongestMatchWhenNamesOverlap() {
        final List<PlaceMatch> m = GAZ.findAll("Shelling in Khyber Pakhtunkhwa and North Waziristan; Khyber district too.");
        assertThat(m).extracting(p -> p.region().code()).containsExactly("PK-KP", "PK-KP-NWA", "PK-KP-KHY");
        assertThat(m.get(0).surface()).isEqualTo("Khyber Pakhtunkhwa");
        assertThat(m.get(1).surface()).isEqualTo("North Waziristan");
    }

    @Test
    void shouldMatchMultiWordNamesWhenHyphenatedOrSpaced() {
        assertThat(GAZ.findAll("Jets hit Spin Boldak and Dand-e-Patan and Lakki Marwat"))
                .extracting(p -> p.region().code())
                .containsExactly("AF-KAN-SPB", "AF-PIA-DNP", "PK-KP-LKM");
    }

    @Test
    void shouldMatchNativeScriptWhenNameIsWrittenInDariPashtoOrUrdu() {
        assertThat(GAZ.findAll("حمله هوایی در کابل و خوست")).extracting(p -> p.region().code())
                .containsExactly("AF-KAB", "AF-KHO");
        // Dari قندهار, Pashto کندهار and an Arabic-keyboard kaf (ك) all reach Kandahar.
        assertThat(GAZ.findAll("قندهار")).extracting(p -> p.region().code()).containsExactly("AF-KAN");
        assertThat(GAZ.findAll("کندهار")).extracting(p -> p.region().code()).containsExactly("AF-KAN");
        assertThat(GAZ.findAll("كابل")).extracting(p -> p.region().code()).containsExactly("AF-KAB");
        assertThat(GAZ.findAll("پشاور میں دھماکہ")).extracting(p -> p.region().code()).containsExactly("PK-KP-PSH");
    }

    @Test
    void shouldRollUpToProvinceWhenRegionIsDistrictOrCrossing() {
        assertThat(GAZ.province(GAZ.byCode("AF-PKA-BRM").orElseThrow()).code()).isEqualTo("AF-PKA");
        assertThat(GAZ.province(GAZ.byCode("AF-KHO-GRB").orElseThrow()).code()).isEqualTo("AF-KHO");
        assertThat(GAZ.province(GAZ.byCode("PK-KP-NWA").orElseThrow()).code()).isEqualTo("PK-KP");
        final Region torkham = GAZ.byCode("PK-KP-TKM").orElseThrow();
        assertThat(torkham.level()).isEqualTo(Precision.LOCALITY);
        assertThat(GAZ.province(torkham).code()).isEqualTo("PK-KP");
        assertThat(GAZ.district(torkham)).hasValueSatisfying(d -> assertThat(d.name()).isEqualTo("Khyber"));
        final Region kabul = GAZ.byCode("AF-KAB").orElseThrow();
        assertThat(GAZ.province(kabul)).isSameAs(kabul);
    }

    @Test
    void shouldResolveSharedNameByCountryFocusWhenNameExistsOnBothSides() {
        assertThat(GAZ.findAll("Clashes at Torkham near Jalalabad in Nangarhar"))
                .extracting(p -> p.region().code()).containsExactly("AF-NAN-TKM", "AF-NAN-JAL", "AF-NAN");
        assertThat(GAZ.findAll("Clashes at Torkham, Khyber district, Khyber Pakhtunkhwa"))
                .extracting(p -> p.region().code()).containsExactly("PK-KP-TKM", "PK-KP-KHY", "PK-KP");
        assertThat(GAZ.findAll("Torkham", "AF")).extracting(p -> p.region().code()).containsExactly("AF-NAN-TKM");
        assertThat(GAZ.findAll("Torkham")).extracting(p -> p.region().code()).containsExactly("PK-KP-TKM");
    }

    @Test
    void shouldAddRegionWhenExtraCsvIsLoaded(@TempDir final Path dir) throws IOException {
        final Path extra = dir.resolve("extra.csv");
        Files.writeString(extra, "# extra regions\ncode,name,country,level,parent,aliases\n"
                + "AF-NAN-SHW,Shinwar,AF,DISTRICT,AF-NAN,Shinwari district\n", StandardCharsets.UTF_8);
        final Gazetteer g = Gazetteer.loadDefaultPlus(extra);
        assertThat(g.isKnownCode("AF-NAN-SHW")).isTrue();
        assertThat(g.isKnownCode("AF-KHO")).isTrue();
        assertThat(g.findAll("a raid in Shinwar")).extracting(p -> g.province(p.region()).code()).containsExactly("AF-NAN");
        assertThat(GAZ.isKnownCode("AF-NAN-SHW")).isFalse();
    }

    @Test
    void shouldRejectRowWhenParentIsUnknownOrCodeDuplicated() {
        assertRowRejected("XX-A,A,XX,DISTRICT,XX-NONE,\n", "XX-NONE");
        assertRowRejected("XX-A,A,XX,PROVINCE,,\nXX-A,B,XX,PROVINCE,,\n", "duplicate");
        assertRowRejected("XX-A,A,XX,REGION,,\n", "level");
    }

    @Test
    void shouldLoadStandaloneGazetteerWhenReaderIsGiven() {
        final Gazetteer g = Gazetteer.load(new StringReader("code,name,country,level,parent,aliases\n"
                + "UA-14,Donetsk Oblast,UA,PROVINCE,,Donetsk|Донецьк\nUA-14-BAK,Bakhmut,UA,CITY,UA-14,Артемівськ\n"));
        assertThat(g.findAll("Shelling hit Bakhmut and Донецьк")).extracting(p -> g.province(p.region()).code())
                .containsExactly("UA-14", "UA-14");
    }

    /** Loading {@code csv} alone fails, with a message that names the problem. */
    private static void assertRowRejected(final String csv, final String named) {
        assertThatThrownBy(() -> Gazetteer.load(new StringReader(csv))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named);
    }
}
