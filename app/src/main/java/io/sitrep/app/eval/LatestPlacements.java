package io.sitrep.app.eval;

import io.sitrep.streams.dedup.DedupTopology;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Each report's latest dedup placement, whatever order the output topics are read in. A report can
 * come out more than once: a story it opened, later merged into another, is re-emitted as a mention
 * of that story with a revision header ({@link DedupTopology#REVISION_HEADER}) counting the
 * re-pointings. The topics have several partitions keyed by story, so arrival order says nothing:
 * a mention wins over the story it opened, and a higher revision over a lower one. Thread-safe.
 */
final class LatestPlacements {
    /** The rank of a new story: below every mention (revision 0 and up). */
    static final int STORY = -1;

    private record Ranked(Observations.Outcome outcome, int rank) {
    }

    private final Map<String, Ranked> byReport = new ConcurrentHashMap<>();

    /** Records {@code outcome} unless the report already has a placement of a higher rank. */
    void offer(final Observations.Outcome outcome, final int rank) {
        byReport.merge(outcome.reportId(), new Ranked(outcome, rank), (was, now) -> now.rank() > was.rank() ? now : was);
    }

    /** The latest placement of {@code reportId}, or null when none came out. */
    Observations.Outcome get(final String reportId) {
        final Ranked r = byReport.get(reportId);
        return r == null ? null : r.outcome();
    }

    boolean has(final String reportId) {
        return byReport.containsKey(reportId);
    }

    /** A mention's rank: its revision header, 0 (a first placement) without one. */
    static int rankOfMention(final Headers headers) {
        final Header h = headers.lastHeader(DedupTopology.REVISION_HEADER);
        return h == null ? 0 : ByteBuffer.wrap(h.value()).getInt();
    }
}
