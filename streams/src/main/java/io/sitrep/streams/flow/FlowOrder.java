package io.sitrep.streams.flow;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The pipeline's inputs in the order a report passes them (raw reports, the dedup index's hop,
 * unique reports, attribution's hop by event group, attributed events), and which of a stream
 * thread's inputs to hold back so that the later ones go first.
 *
 * <p>Kafka Streams gives every task of a thread the same number of records per pass and polls
 * again only when every task's buffer is empty. A thread that runs the dedup index with the three
 * prepare tasks that feed it therefore spent three quarters of its records on preparing: the raw
 * backlog was prepared within the first half of a phase while the index, and the attribution
 * thread behind it, waited for work (docs/PERFORMANCE.md, round 22). Holding an input back while a
 * later input of the same thread has committed records waiting keeps the reports in flight few and
 * the later stages busy from the start; the earlier input is fetched again as soon as the later
 * ones are caught up, so nothing waits for more than the records already in flight.
 *
 * <p>Pure: no Kafka type; partitions are anything with a topic.
 */
public final class FlowOrder {
    private final Map<String, Integer> rankByTopic = new HashMap<>();

    /** @param topicsInFlowOrder the pipeline's input topics, earliest first */
    public FlowOrder(final List<String> topicsInFlowOrder) {
        for (final String topic : topicsInFlowOrder) {
            if (rankByTopic.putIfAbsent(topic, rankByTopic.size()) != null) {
                throw new IllegalArgumentException("topic listed twice in the flow order: " + topic);
            }
        }
    }

    /** The topic's place in the flow (0 = first), or -1 when it is not one of the pipeline's inputs. */
    public int rank(final String topic) {
        return rankByTopic.getOrDefault(topic, -1);
    }

    /**
     * The partitions of {@code fetchable} to hold back: those whose topic comes before the latest
     * topic with a backlog among them. Partitions of topics outside the flow are never held and
     * never hold others back.
     *
     * @param fetchable the partitions the thread would fetch now (assigned and not paused for other reasons)
     * @param backlog   committed records of a partition the thread has not fetched yet (0 when unknown)
     */
    public <P> Set<P> toHold(final Collection<P> fetchable, final Function<P, String> topic, final ToLongFunction<P> backlog) {
        int latestWithBacklog = -1;
        for (final P p : fetchable) {
            final int rank = rank(topic.apply(p));
            if (rank > latestWithBacklog && backlog.applyAsLong(p) > 0) {
                latestWithBacklog = rank;
            }
        }
        final Set<P> hold = new HashSet<>();
        for (final P p : fetchable) {
            final int rank = rank(topic.apply(p));
            if (rank >= 0 && rank < latestWithBacklog) {
                hold.add(p);
            }
        }
        return hold;
    }
}
