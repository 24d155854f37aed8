package io.sitrep.schemas.id;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalUrlTest {

    private static final String STORY = "https://tolonews.com/afghanistan-190001/strikes-in-khost";

    @ParameterizedTest
    @ValueSource(strings = {
        "https://tolonews.com/afghanistan-190001/strikes-in-khost",
        "http://tolonews.com/afghanistan-190001/strikes-in-khost",
        "HTTPS://WWW.TOLONEWS.COM/afghanistan-190001/strikes-in-khost",
        "https://tolonews.com:443/afghanistan-190001/strikes-in-khost",
        "http://tolonews.com:80/afghanistan-190001/strikes-in-khost",
        "https://tolonews.com/afghanistan-190001/strikes-in-khost/",
        "https://tolonews.com/afghanistan-190001/strikes-in-khost#comments",
        "https://tolonews.com/afghanistan-190001/strikes-in-khost?utm_source=twitter&utm_medium=social",
        "https://tolonews.com/afghanistan-190001/strikes-in-khost?fbclid=IwAR0abc&gclid=xyz",
        "https://tolonews.com/afghanistan-190001/strikes-in-khost?mc_cid=1&mc_eid=2&ref=homepage",
        "https://tolonews.com/afghanistan-190001/strikes-in-khost?cmpid=rss&ocid=msn&at_medium=RSS&at_campaign=KARANGA",
        "https://tolonews.com/afghanistan-190001/strikes-in-khost?UTM_Source=x",
        "https://m.tolonews.com/afghanistan-190001/strikes-in-khost",
        "https://amp.tolonews.com/afghanistan-190001/strikes-in-khost",
        "https://mobile.tolonews.com/afghanistan-190001/strikes-in-khost",
        "https://tolonews.com/amp/afghanistan-190001/strikes-in-khost",
        "https://tolonews.com/afghanistan-190001/strikes-in-khost/amp",
        "https://tolonews.com/afghanistan-190001/strikes-in-khost/amp/",
        "https://tolonews.com/afghanistan-190001/strikes-in-khost?amp",
        "https://tolonews.com/afghanistan-190001/strikes-in-khost?amp=1",
        "https://tolonews.com/afghanistan-190001/strikes-in-khost?outputType=amp",
        "https://user:secret@tolonews.com/afghanistan-190001/strikes-in-khost",
        "https://tolonews.com./afghanistan-190001//strikes-in-khost",
        "https://tolonews.com/afghanistan-190001/./x/../strikes-in-khost",
        "https://tolonews.com/afghanistan%2D190001/strikes-in-khost",
        "  https://tolonews.com/afghanistan-190001/strikes-in-khost  ",
    })
    void shouldMapVariantsToOneFormWhenOnlyTrackingAmpCaseOrFragmentDiffer(final String variant) {
        assertThat(CanonicalUrl.canonicalize(variant)).contains(STORY);
    }

    @Test
    void shouldSortRemainingQueryParamsWhenTheyAreInDifferentOrder() {
        assertThat(CanonicalUrl.canonicalize("https://dawn.com/news?id=42&b=2&a=1&utm_campaign=x"))
                .contains("https://dawn.com/news?a=1&b=2&id=42");
        assertThat(CanonicalUrl.canonicalize("https://dawn.com/news?b=2&id=42&a=1"))
                .isEqualTo(CanonicalUrl.canonicalize("https://dawn.com/news?a=1&id=42&b=2"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        content params resemble tracking names | https://dawn.com/news?reference=7&outputType=print | https://dawn.com/news?outputType=print&reference=7
        path case and a non-default port       | http://Example.ORG:8080/News/Story                 | https://example.org:8080/News/Story
        the root path is a slash               | https://www.dawn.com/                              | https://dawn.com
        the root path is empty                 | https://dawn.com                                   | https://dawn.com
        the root has only tracking params      | https://dawn.com/?utm_source=x                     | https://dawn.com
        nothing registrable remains (amp.)     | https://amp.dev/about                              | https://amp.dev/about
        nothing registrable remains (m.)       | https://m.com/x                                    | https://m.com/x
        illegal characters in path and query   | https://bbc.com/pashto/خبر 1?q=a b                  | https://bbc.com/pashto/%D8%AE%D8%A8%D8%B1%201?q=a%20b
        a lower-case escape                    | https://bbc.com/a%2fb                              | https://bbc.com/a%2Fb
        an internationalised host              | https://bücher.example/x                           | https://xn--bcher-kva.example/x
        """)
    void shouldKeepMeaningfulPartsAndNormaliseTheRestWhen(final String when, final String url, final String expected) {
        assertThat(CanonicalUrl.canonicalize(url)).contains(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "   ", "not a url", "/relative/path", "//dawn.com/x", "ftp://dawn.com/file", "mailto:desk@dawn.com",
        "https://", "https:///path", "https://dawn.com:99999/x", "https://dawn.com:8o/x", "https://da wn.com/x",
        "https://[::1/x", "javascript:alert(1)"
    })
    void shouldReturnEmptyWhenUrlIsUnparseableOrNotWeb(final String url) {
        assertThat(CanonicalUrl.canonicalize(url)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "https://[2001:DB8::1]:443/x, https://[2001:db8::1]/x",
        "http://127.0.0.1:8080/x/, https://127.0.0.1:8080/x",
    })
    void shouldAcceptIpHostsWhenTheyAreLiterals(final String url, final String expected) {
        assertThat(CanonicalUrl.canonicalize(url)).contains(expected);
    }
}
