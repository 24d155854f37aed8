package io.sitrep.streams.assignment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which instance runs which task when one task carries as much work as all the others together:
 * the dedup index, which every report passes through. Balancing tasks by count, as Kafka Streams
 * does, puts half of the other tasks beside it, so a second instance takes almost nothing off the
 * busiest one. Here each heavy task gets an instance of its own (while at least one instance is
 * left for the rest), and the other tasks are spread over the remaining instances by their threads.
 *
 * <p>Sticky: a heavy task stays with the instance that ran it (its state is the largest), and a
 * light task stays where it ran while that instance is under its share. With one instance it runs
 * everything. Pure: no Kafka type, so the plan is tested on its own.
 *
 * @param <C> instance id (ordered, so the plan is deterministic)
 * @param <T> task id (ordered)
 */
public final class HeavyTaskPlan<C extends Comparable<C>, T extends Comparable<T>> {
    /** An instance: its stream threads and the tasks it ran before this assignment. */
    public record Instance<T>(int threads, Set<T> previous) {
        public Instance {
            if (threads < 1) {
                throw new IllegalArgumentException("an instance has at least one thread, was " + threads);
            }
            previous = Set.copyOf(previous);
        }
    }

    private final SortedMap<C, Instance<T>> instances;

    public HeavyTaskPlan(final SortedMap<C, Instance<T>> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("no instance to assign tasks to");
        }
        this.instances = new TreeMap<>(instances);
    }

    /** The active tasks of each instance: every task of {@code tasks} exactly once. */
    public SortedMap<C, SortedSet<T>> assign(final SortedSet<T> tasks, final Set<T> heavy) {
        return assign(tasks, heavy, Set.of());
    }

    /**
     * {@link #assign(SortedSet, Set)}, with {@code feeders}: light tasks that feed the heavy ones (the
     * dedup stage's prepare tasks, which feed its index). They go beside the heavy tasks only when
     * the heavy tasks' instances have threads to spare (more threads than heavy tasks); otherwise
     * they are spread with the rest, and a heavy task keeps its thread to itself.
     *
     * <p>With two instances of one thread, the default on two cores, the bench's main phase decided
     * (docs/PERFORMANCE.md, rounds 19–21 and 29): rounds 19–21 put the prepare tasks beside the index
     * while the later stages' thread was the gate; by round 29 attribution had become cheaper, the
     * index's thread was the gate with the three prepare tasks (2.34 CPU-seconds against 1.45), and
     * with the index alone the stream threads took less CPU (fewer fetches: the index's client reads
     * its one repartition partition only).
     */
    public SortedMap<C, SortedSet<T>> assign(final SortedSet<T> tasks, final Set<T> heavy, final Set<T> feeders) {
        final SortedMap<C, SortedSet<T>> out = new TreeMap<>();
        instances.keySet().forEach(c -> out.put(c, new TreeSet<>()));
        if (instances.size() == 1) {
            out.get(instances.firstKey()).addAll(tasks);
            return out;
        }
        final List<C> light = new ArrayList<>(instances.keySet());
        final SortedSet<T> rest = new TreeSet<>(tasks);
        for (final T task : new TreeSet<>(heavy)) {
            if (!tasks.contains(task) || light.size() == 1) {
                continue; // the last instance takes the rest, heavy or not
            }
            final C owner = light.stream().filter(c -> instances.get(c).previous().contains(task)).findFirst()
                    // a new heavy task goes where it moves the fewest tasks: the instance that ran the fewest
                    .orElseGet(() -> light.stream().min(Comparator.comparingInt((C c) -> instances.get(c).previous().size())
                            .thenComparing(Comparator.naturalOrder())).orElseThrow());
            out.get(owner).add(task);
            light.remove(owner);
            rest.remove(task);
        }
        // the heavy tasks' instances with a thread beyond the one each heavy task keeps busy
        final List<C> spareOwners = new ArrayList<>(instances.keySet());
        spareOwners.removeAll(light);
        spareOwners.removeIf(c -> instances.get(c).threads() < 2);
        final SortedSet<T> beside = new TreeSet<>(rest);
        beside.retainAll(feeders);
        if (!beside.isEmpty() && !spareOwners.isEmpty()) {
            rest.removeAll(beside);
            spread(beside, spareOwners, out);
        }
        spread(rest, light, out);
        return out;
    }

    /** {@code tasks} over {@code over}, in proportion to their threads, each staying where it ran if there is room. */
    private void spread(final SortedSet<T> tasks, final List<C> over, final SortedMap<C, SortedSet<T>> out) {
        final int threads = over.stream().mapToInt(c -> instances.get(c).threads()).sum();
        final Map<C, Integer> room = new HashMap<>();
        for (final C c : over) {
            room.put(c, (int) Math.ceil((double) tasks.size() * instances.get(c).threads() / threads));
        }
        final List<T> unplaced = new ArrayList<>();
        for (final T task : tasks) {
            final C previous = over.stream().filter(c -> instances.get(c).previous().contains(task) && room.get(c) > 0)
                    .findFirst().orElse(null);
            if (previous == null) {
                unplaced.add(task);
            } else {
                out.get(previous).add(task);
                room.merge(previous, -1, Integer::sum);
            }
        }
        for (final T task : unplaced) {
            // the least loaded per thread; ties by instance order
            final C target = over.stream().min(Comparator.comparingDouble((C c) -> (double) out.get(c).size() / instances.get(c).threads())
                    .thenComparing(Comparator.naturalOrder())).orElseThrow();
            out.get(target).add(task);
        }
    }
}
