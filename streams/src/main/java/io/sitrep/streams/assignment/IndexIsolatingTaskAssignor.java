package io.sitrep.streams.assignment;

import io.sitrep.schemas.Topics;
import io.sitrep.streams.dedup.DedupTopology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.assignment.ApplicationState;
import org.apache.kafka.streams.processor.assignment.KafkaStreamsAssignment;
import org.apache.kafka.streams.processor.assignment.KafkaStreamsAssignment.AssignedTask;
import org.apache.kafka.streams.processor.assignment.KafkaStreamsState;
import org.apache.kafka.streams.processor.assignment.ProcessId;
import org.apache.kafka.streams.processor.assignment.TaskAssignor;
import org.apache.kafka.streams.processor.assignment.TaskInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams task assignor (KIP-924, {@code task.assignor.class}) that gives the dedup index
 * task, the one that holds {@link DedupTopology#PLACED_STORE}, an instance of its own whenever
 * there are two or more ({@link HeavyTaskPlan}), and its prepare tasks (those that read the raw
 * reports) beside it only when its instance has a thread to spare. Standby replicas, when configured, go to the
 * instances that had the task before, then to the least loaded, never beside its active copy.
 */
public final class IndexIsolatingTaskAssignor implements TaskAssignor {
    private static final Logger log = LoggerFactory.getLogger(IndexIsolatingTaskAssignor.class);

    @Override
    public TaskAssignment assign(final ApplicationState state) {
        final Map<ProcessId, KafkaStreamsState> clients = state.kafkaStreamsStates(false);
        final SortedMap<ProcessId, HeavyTaskPlan.Instance<TaskId>> instances = new TreeMap<>();
        clients.forEach((id, client) -> {
            final Set<TaskId> previous = new HashSet<>(client.previousActiveTasks());
            // a member of the group has a consumer, so a thread; counted as one if it reports none
            instances.put(id, new HeavyTaskPlan.Instance<>(Math.max(1, client.numProcessingThreads()), previous));
        });
        final SortedSet<TaskId> tasks = new TreeSet<>(state.allTasks().keySet());
        final Set<TaskId> heavy = new HashSet<>();
        state.allTasks().values().stream().filter(t -> t.stateStoreNames().contains(DedupTopology.PLACED_STORE))
                .map(TaskInfo::id).forEach(heavy::add);
        // the dedup stage's prepare tasks: they read the raw reports and feed the index
        final Set<TaskId> feeders = new HashSet<>();
        state.allTasks().values().stream().filter(t -> t.topicPartitions().stream()
                        .anyMatch(p -> p.isSource() && Topics.REPORTS_RAW.equals(p.topicPartition().topic())))
                .map(TaskInfo::id).forEach(feeders::add);
        final SortedMap<ProcessId, SortedSet<TaskId>> active = new HeavyTaskPlan<>(instances).assign(tasks, heavy, feeders);

        final Map<ProcessId, KafkaStreamsAssignment> out = new HashMap<>();
        active.forEach((id, owned) -> {
            final Set<AssignedTask> assigned = new HashSet<>();
            owned.forEach(t -> assigned.add(new AssignedTask(t, AssignedTask.Type.ACTIVE)));
            out.put(id, KafkaStreamsAssignment.of(id, assigned));
        });
        assignStandbys(state, clients, active, out);
        log.info("Task assignment (dedup index {} on an instance of its own when there are two or more, its prepare tasks {} beside it "
                + "only when its instance has a thread to spare): {}", heavy, feeders, active);
        return new TaskAssignment(out.values());
    }

    private static void assignStandbys(final ApplicationState state, final Map<ProcessId, KafkaStreamsState> clients,
                                       final SortedMap<ProcessId, SortedSet<TaskId>> active, final Map<ProcessId, KafkaStreamsAssignment> out) {
        final int replicas = state.assignmentConfigs().numStandbyReplicas();
        if (replicas == 0) {
            return;
        }
        final Map<ProcessId, Integer> load = new HashMap<>();
        active.forEach((id, owned) -> load.put(id, owned.size()));
        for (final TaskInfo task : state.allTasks().values()) {
            if (!task.isStateful()) {
                continue;
            }
            final List<ProcessId> others = new ArrayList<>(active.keySet());
            others.removeIf(id -> active.get(id).contains(task.id()));
            // those that hold the task's state already first, then the least loaded
            others.sort(Comparator.<ProcessId, Boolean>comparing(id -> !(clients.get(id).previousStandbyTasks().contains(task.id())
                            || clients.get(id).previousActiveTasks().contains(task.id())))
                    .thenComparing(id -> load.get(id)).thenComparing(Comparator.naturalOrder()));
            for (final ProcessId id : others.subList(0, Math.min(replicas, others.size()))) {
                out.get(id).assignTask(new AssignedTask(task.id(), AssignedTask.Type.STANDBY));
                load.merge(id, 1, Integer::sum);
            }
        }
    }
}
