package io.sitrep.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReportFeederTest {

    @Test
    void shouldSendEveryTextInOrderAndCountWhatWasNotAccepted() throws Exception {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        final PipelinePhase.Sink sink = json -> {
            seen.add(json);
            if (json.endsWith("3")) {
                return CompletableFuture.completedFuture(false);
            }
            if (json.endsWith("7")) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker gone"));
            }
            // acknowledged later, on another thread, as a producer's callback would be
            return CompletableFuture.supplyAsync(() -> true);
        };
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            texts.add("report-" + i);
        }
        final List<String> expected = List.copyOf(texts);
        final long before = System.nanoTime();
        try (ReportFeeder feeder = new ReportFeeder()) {
            final ReportFeeder.Sent sent = feeder.send(texts, sink).get(10, TimeUnit.SECONDS);

            assertThat(seen).containsExactlyElementsOf(expected);
            // 3, 13, ..., 93 refused and 7, 17, ..., 97 failed
            assertThat(sent.refused()).isEqualTo(20);
            assertThat(sent.lastAckNanos()).isGreaterThan(before);
            assertThat(texts).as("sent texts are let go").containsOnlyNulls().hasSize(100);
        }
    }

    @Test
    void shouldFailABatchWhoseSinkThrowsAndSendTheNextOne() throws Exception {
        final PipelinePhase.Sink throwing = json -> {
            throw new IllegalArgumentException("no such topic");
        };
        final PipelinePhase.Sink accepting = json -> CompletableFuture.completedFuture(true);
        try (ReportFeeder feeder = new ReportFeeder()) {
            assertThatThrownBy(() -> feeder.send(new ArrayList<>(List.of("a", "b")), throwing).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasRootCauseMessage("no such topic");

            final ReportFeeder.Sent next = feeder.send(new ArrayList<>(List.of("c", "d", "e")), accepting).get(10, TimeUnit.SECONDS);
            assertThat(next.refused()).isZero();
        }
    }

    @Test
    void shouldRefuseBatchesOnceClosed() {
        final ReportFeeder feeder = new ReportFeeder();
        feeder.close();
        assertThatThrownBy(() -> feeder.send(new ArrayList<>(List.of("a")), json -> CompletableFuture.completedFuture(true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
