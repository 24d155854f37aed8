package io.sitrep.ops.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns successive readings of a group into verdicts. It remembers, per partition, the readings of
 * the last {@code window} (plus the newest one older than that, so a full window can be judged).
 * Rules, first match wins, per partition:
 * <ol>
 *   <li><b>OK</b> when the lag is 0: caught up. An idle partition is OK whatever its commits.</li>
 *   <li><b>STOPPED</b> when the group has no active members: records wait and nobody consumes.</li>
 *   <li><b>ERR</b> when the readings cover the whole window, the committed offset is the same in
 *       all of them and the lag was above 0 in all of them: members are there but stalled.</li>
 *   <li><b>WARN</b> when at least {@code minSamples} readings lie inside the window and the lag grew
 *       (never shrank from one reading to the next, and ended higher than it began): consuming,
 *       but slower than records arrive.</li>
 *   <li><b>OK</b> otherwise.</li>
 * </ol>
 * A group's verdict is its worst partition's; a group without any committed offset is STOPPED
 * when it has no members ("no commits") and OK while members are starting up.
 *
 * <p>Not thread-safe: one sampler thread feeds it.
 */
public final class LagEvaluator {
    /** Defaults for a long-running monitor: judge over 2 minutes, WARN needs 4 readings. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(2);
    public static final int DEFAULT_MIN_SAMPLES = 4;

    private record Key(String group, String topic, int partition) {
    }

    private record Sample(Instant at, long committed, long lag) {
    }

    private final Duration window;
    private final int minSamples;
    private final Map<Key, Deque<Sample>> history = new HashMap<>();

    /**
     * @param window     how long a committed offset must stand still (with lag) to be ERR, and
     *                   the span over which growth is judged
     * @param minSamples readings needed in the window before growth counts as WARN (at least 2)
     */
    public LagEvaluator(final Duration window, final int minSamples) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (minSamples < 2) {
            throw new IllegalArgumentException("minSamples must be at least 2: " + minSamples);
        }
        this.window = window;
        this.minSamples = minSamples;
    }

    public LagEvaluator() {
        this(DEFAULT_WINDOW, DEFAULT_MIN_SAMPLES);
    }

    public Duration window() {
        return window;
    }

    /** Records the reading and returns the group's verdict. */
    public GroupVerdict evaluate(final GroupReading reading) {
        Objects.requireNonNull(reading, "reading");
        final List<PartitionVerdict> verdicts = new ArrayList<>();
        for (PartitionLag lag : reading.partitions()) {
            final Deque<Sample> samples = remember(reading.at(), lag);
            verdicts.add(judge(reading, lag, samples));
        }
        forgetPartitionsNotIn(reading);

        if (verdicts.isEmpty()) {
            return reading.members() == 0
                    ? new GroupVerdict(reading.group(), reading.state(), reading.members(), verdicts, LagStatus.STOPPED,
                            "no active members and no committed offsets")
                    : new GroupVerdict(reading.group(), reading.state(), reading.members(), verdicts, LagStatus.OK,
                            "no committed offsets yet");
        }
        PartitionVerdict worst = verdicts.get(0);
        for (PartitionVerdict v : verdicts) {
            if (v.status().ordinal() > worst.status().ordinal()
                    || v.status() == worst.status() && v.lag().lag() > worst.lag().lag()) {
                worst = v;
            }
        }
        final String reason = worst.status() == LagStatus.OK
                ? (reading.partitions().stream().allMatch(p -> p.lag() == 0) ? "caught up" : "keeping up")
                : worst.lag().topic() + "-" + worst.lag().partition() + ": " + worst.reason();
        return new GroupVerdict(reading.group(), reading.state(), reading.members(), verdicts, worst.status(), reason);
    }

    private PartitionVerdict judge(final GroupReading reading, final PartitionLag lag, final Deque<Sample> samples) {
        if (lag.lag() == 0) {
            return new PartitionVerdict(lag, LagStatus.OK, "caught up");
        }
        if (reading.members() == 0) {
            return new PartitionVerdict(lag, LagStatus.STOPPED, String.format(
                    "no active members while %d records wait%s", lag.lag(), age(lag)));
        }
        final Sample oldest = samples.peekFirst();
        final boolean spansWindow = !oldest.at().isAfter(reading.at().minus(window));
        final boolean committedStill = samples.stream().allMatch(s -> s.committed() == lag.committed());
        final boolean alwaysLagging = samples.stream().allMatch(s -> s.lag() > 0);
        if (spansWindow && committedStill && alwaysLagging) {
            return new PartitionVerdict(lag, LagStatus.ERR, String.format(
                    "committed offset %d has not moved for %s while %d records wait%s", lag.committed(),
                    human(Duration.between(oldest.at(), reading.at())), lag.lag(), age(lag)));
        }
        // growth is judged on the readings inside the window only (not the older anchor)
        final Instant start = reading.at().minus(window);
        final List<Sample> inWindow = samples.stream().filter(s -> !s.at().isBefore(start)).toList();
        if (inWindow.size() >= minSamples && grew(inWindow)) {
            final Sample first = inWindow.get(0);
            return new PartitionVerdict(lag, LagStatus.WARN, String.format(
                    "lag grew from %d to %d records over %s", first.lag(), lag.lag(),
                    human(Duration.between(first.at(), reading.at()))));
        }
        return new PartitionVerdict(lag, LagStatus.OK, "keeping up");
    }

    private static boolean grew(final List<Sample> samples) {
        long previous = -1;
        for (Sample s : samples) {
            if (previous >= 0 && s.lag() < previous) {
                return false;
            }
            previous = s.lag();
        }
        return samples.get(samples.size() - 1).lag() > samples.get(0).lag();
    }

    private Deque<Sample> remember(final Instant at, final PartitionLag lag) {
        final Deque<Sample> samples = history.computeIfAbsent(new Key(lag.group(), lag.topic(), lag.partition()),
                k -> new ArrayDeque<>());
        samples.addLast(new Sample(at, lag.committed(), lag.lag()));
        // keep the window, plus the newest reading older than it: that one proves the window is covered
        final Instant start = at.minus(window);
        while (samples.size() > 1) {
            final Iterator<Sample> it = samples.iterator();
            it.next();
            final Sample second = it.next();
            if (second.at().isAfter(start)) {
                break;
            }
            samples.removeFirst();
        }
        return samples;
    }

    private void forgetPartitionsNotIn(final GroupReading reading) {
        history.keySet().removeIf(k -> k.group().equals(reading.group()) && reading.partitions().stream()
                .noneMatch(p -> p.topic().equals(k.topic()) && p.partition() == k.partition()));
    }

    private static String age(final PartitionLag lag) {
        return lag.lagSecondsKnown() ? ", oldest " + human(Duration.ofMillis(lag.lagMillis())) + " old" : "";
    }

    static String human(final Duration d) {
        final long s = d.toSeconds();
        if (s < 120) {
            return d.toMillis() < 10_000 ? String.format("%.1f s", d.toMillis() / 1000.0) : s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        if (s < 172_800) {
            return (s / 3600) + " h";
        }
        return (s / 86_400) + " d";
    }
}
