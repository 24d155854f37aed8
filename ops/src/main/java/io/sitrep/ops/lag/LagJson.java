package io.sitrep.ops.lag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON shape of a lag snapshot, shared by {@code GET /v1/lag} and {@code sitrep lag --json}.
 * Lag in seconds is {@code null} when unknown.
 */
public final class LagJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LagJson() {
    }

    public static ObjectNode toJson(final LagSnapshot snapshot) {
        final ObjectNode root = JSON.createObjectNode();
        root.put("at", snapshot.at().toString());
        root.put("status", snapshot.worst().name());
        if (snapshot.error().isPresent()) {
            root.put("error", snapshot.error().get());
        } else {
            root.putNull("error");
        }
        final ArrayNode groups = root.putArray("groups");
        for (GroupVerdict g : snapshot.groups()) {
            final ObjectNode group = groups.addObject();
            group.put("group", g.group());
            group.put("state", g.state());
            group.put("members", g.members());
            group.put("status", g.status().name());
            group.put("reason", g.reason());
            group.put("sumLag", g.sumLag());
            group.put("maxLag", g.maxLag());
            seconds(group, "maxLagSeconds", g.maxLagSeconds());
            final ArrayNode partitions = group.putArray("partitions");
            for (PartitionVerdict v : g.partitions()) {
                final PartitionLag p = v.lag();
                final ObjectNode node = partitions.addObject();
                node.put("topic", p.topic());
                node.put("partition", p.partition());
                node.put("committed", p.committed());
                node.put("logEnd", p.logEnd());
                node.put("lag", p.lag());
                seconds(node, "lagSeconds", p.lagSeconds());
                node.put("status", v.status().name());
                node.put("reason", v.reason());
            }
        }
        return root;
    }

    private static void seconds(final ObjectNode node, final String field, final double seconds) {
        if (seconds < 0) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(seconds * 1000) / 1000.0);
        }
    }

    public static String toString(final LagSnapshot snapshot) {
        return toJson(snapshot).toString();
    }
}
