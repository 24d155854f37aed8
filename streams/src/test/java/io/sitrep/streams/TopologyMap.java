package io.sitrep.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Renders a topology description as the Markdown table docs/ARCHITECTURE.md shows: one row per
 * sub-topology (a unit of tasks), with the topics it reads and writes and the stores it owns. The
 * raw description (pipeline.txt) names every node; this keeps only what a newcomer needs to find
 * where data and state live.
 */
final class TopologyMap {
    private TopologyMap() {
    }

    static String render(final TopologyDescription description, final String applicationId) {
        final StringBuilder out = new StringBuilder();
        out.append("| sub-topology | stage | reads | writes | state stores (changelog `")
                .append(applicationId).append("-<store>-changelog`) |\n");
        out.append("|---|---|---|---|---|\n");
        for (final TopologyDescription.Subtopology sub : description.subtopologies()) {
            final Set<String> reads = new TreeSet<>();
            final Set<String> writes = new TreeSet<>();
            final Set<String> stores = new TreeSet<>();
            final List<String> names = new ArrayList<>();
            for (final TopologyDescription.Node node : sub.nodes()) {
                names.add(node.name());
                if (node instanceof TopologyDescription.Source source) {
                    reads.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Sink sink) {
                    writes.add(sink.topic());
                } else if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
            out.append("| ").append(sub.id())
                    .append(" | ").append(stage(names))
                    .append(" | ").append(code(reads))
                    .append(" | ").append(code(writes))
                    .append(" | ").append(code(stores))
                    .append(" |\n");
        }
        for (final TopologyDescription.GlobalStore global : description.globalStores()) {
            out.append("| global | ").append(stage(List.of(global.processor().name())))
                    .append(" | ").append(code(global.source().topicSet()))
                    .append(" | – | ").append(code(global.processor().stores()))
                    .append(" (global: every instance holds all of it, no changelog) |\n");
        }
        return out.toString();
    }

    /** Every node name starts with its topology's prefix (dedup-, attr-, esc-). */
    private static String stage(final List<String> nodeNames) {
        final String first = nodeNames.isEmpty() ? "" : nodeNames.get(0);
        if (first.startsWith("dedup")) {
            return "dedup";
        }
        if (first.startsWith("attr")) {
            return "attribution";
        }
        if (first.startsWith("esc")) {
            return "escalation";
        }
        return "?";
    }

    private static String code(final Set<String> names) {
        return names.isEmpty() ? "–" : names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
    }
}
