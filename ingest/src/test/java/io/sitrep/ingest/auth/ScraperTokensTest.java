package io.sitrep.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScraperTokensTest {

    @Test
    void shouldBindTokenToScrapersWhenEntriesShareHash() {
        final String hash = ScraperTokens.hash("s3cret-token");
        final ScraperTokens tokens = ScraperTokens.parse("# comment\n\nkabul-1=" + hash + "\nkabul-2=" + hash.toUpperCase(java.util.Locale.ROOT)
                .replace("SHA256:", "sha256:") + ", other=" + ScraperTokens.hash("x"), "test");

        assertThat(tokens.enabled()).isTrue();
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.scrapersFor("s3cret-token")).containsExactlyInAnyOrder("kabul-1", "kabul-2");
        assertThat(tokens.scrapersFor("unknown")).isEmpty();
    }

    @Test
    void shouldRefuseClearTextTokenWithoutEchoingItWhenEntryIsNotAHash() {
        assertThatThrownBy(() -> ScraperTokens.parse("kabul-1=my-clear-token", "tokens.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokens.txt").hasMessageContaining("entry 1")
                .hasMessageNotContaining("my-clear-token");
    }

    @Test
    void shouldMergeSourcesWhenFileAndEnvironmentAreGiven() {
        final Map<String, String> sources = new LinkedHashMap<>();
        sources.put("file", "a=" + ScraperTokens.hash("ta"));
        sources.put("env", "b=" + ScraperTokens.hash("tb"));

        final ScraperTokens tokens = ScraperTokens.merge(sources);

        assertThat(tokens.scrapersFor("ta")).containsExactly("a");
        assertThat(tokens.scrapersFor("tb")).containsExactly("b");
    }

    @Test
    void shouldMakeDistinctUrlSafeTokensWhenAskedForNewOnes() {
        final String token = ScraperTokens.newToken();
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(ScraperTokens.newToken());
        assertThat(ScraperTokens.hash(token)).startsWith("sha256:").hasSize(7 + 64);
    }
}
