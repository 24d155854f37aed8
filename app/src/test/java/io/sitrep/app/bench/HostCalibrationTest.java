package io.sitrep.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.Gazetteer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostCalibrationTest {

    @Test
    void shouldWriteTheSameArticlesOnEveryDay() {
        // the generator's date is fixed: a run on another day measures the same texts
        final List<HostCalibration.Article> once = HostCalibration.articles(20);
        assertThat(HostCalibration.articles(20)).isEqualTo(once);
        assertThat(once).hasSize(20).allSatisfy(a -> assertThat(a.body().split(" ").length).isGreaterThan(100));
    }

    @Test
    void shouldCountOnlyTheWarmRoundsAndRunBothTextSteps() {
        final List<HostCalibration.Article> articles = HostCalibration.articles(5);
        final AtomicInteger calls = new AtomicInteger();
        final HostCalibration.Result r = HostCalibration.measure(articles, a -> {
            calls.incrementAndGet();
            return HostCalibration.prepare(a);
        }, 6, 4);
        assertThat(calls.get()).isEqualTo(30);
        assertThat(r.warmRounds()).isEqualTo(3);
        assertThat(r.reports()).isEqualTo(5);
        assertThat(r.bestMicrosPerReport()).isPositive().isLessThanOrEqualTo(r.microsPerReport());
        // each generated article reports one event, which the extraction finds
        final EventExtractor extractor = new EventExtractor(Gazetteer.loadDefault());
        assertThat(articles).allSatisfy(a -> assertThat(HostCalibration.attribution(extractor).applyAsLong(a)).isEqualTo(1));
    }

    @Test
    void shouldGiveATimePerReadOfAChain() {
        // a small chain (in the caches) still gives a positive time per read
        assertThat(HostCalibration.nanosPerMemoryRead(1 << 12)).isPositive();
    }

    @Test
    void shouldRunTheStepsOnTwoThreadsAtOnce() {
        final List<HostCalibration.Article> articles = HostCalibration.articles(3);
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final double micros = HostCalibration.onTwoThreadsAtOnce(articles, a -> {
            threads.add(Thread.currentThread().getName() + "#" + Thread.currentThread().getId());
            return HostCalibration.prepare(a);
        });
        assertThat(micros).isPositive();
        assertThat(threads).hasSize(2);
    }

    @Test
    void shouldRefuseARoundThatComputedSomethingElse() {
        final AtomicInteger round = new AtomicInteger();
        final List<HostCalibration.Article> articles = HostCalibration.articles(1);
        assertThatThrownBy(() -> HostCalibration.measure(articles, a -> round.incrementAndGet(), 3, 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("checksum");
    }
}
