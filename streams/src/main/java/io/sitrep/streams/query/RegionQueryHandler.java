package io.sitrep.streams.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.streams.topology.EscalationTopology;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /v1/regions} (all regions, most escalated first) and {@code GET /v1/regions/{code}},
 * answered from the escalation stage's local state store.
 *
 * <p>First version: answers from this instance's store only, which is complete when one
 * instance runs (the embedded default). Routing to the owner of a key across instances comes
 * with the query-API work.
 */
public final class RegionQueryHandler implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaStreams streams;

    public RegionQueryHandler(final KafkaStreams streams) {
        this.streams = streams;
    }

    /** All regions of the local store, most escalated first (level, then C7, then code). */
    public List<RegionEscalation> allRegions() {
        final List<RegionEscalation> all = new ArrayList<>();
        try (KeyValueIterator<String, RegionEscalation> it = store().all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        all.sort(Comparator.comparing((RegionEscalation r) -> r.getLevel().ordinal()).reversed()
                .thenComparing(Comparator.comparingInt(RegionEscalation::getC7).reversed())
                .thenComparing(RegionEscalation::getRegionCode));
        return all;
    }

    public Optional<RegionEscalation> region(final String code) {
        return Optional.ofNullable(store().get(code));
    }

    private ReadOnlyKeyValueStore<String, RegionEscalation> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(EscalationTopology.LATEST_STORE,
                QueryableStoreTypes.keyValueStore()));
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, error("method_not_allowed", "Use GET"));
                return;
            }
            final String path = exchange.getRequestURI().getPath();
            final String rest = path.replaceFirst("^/v1/regions/?", "");
            try {
                if (rest.isEmpty()) {
                    final ArrayNode list = JSON.createArrayNode();
                    allRegions().forEach(r -> list.add(toJson(r)));
                    final ObjectNode body = JSON.createObjectNode();
                    body.set("regions", list);
                    send(exchange, 200, body);
                } else {
                    final Optional<RegionEscalation> region = region(rest);
                    if (region.isPresent()) {
                        send(exchange, 200, toJson(region.get()));
                    } else {
                        send(exchange, 404, error("region_not_found", "No figures for region '" + rest + "'"));
                    }
                }
            } catch (InvalidStateStoreException e) {
                exchange.getResponseHeaders().set("Retry-After", "2");
                send(exchange, 503, error("not_ready", "Escalation store is not queryable yet: " + e.getMessage()));
            }
        }
    }

    /** The JSON shape of one region's figures, also used by the demo's table. */
    public static ObjectNode toJson(final RegionEscalation r) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("regionCode", r.getRegionCode());
        node.put("regionName", r.getRegionName());
        node.put("level", r.getLevel().name());
        node.put("levelSince", r.getLevelSince() == null ? null : r.getLevelSince().toString());
        node.put("asOf", r.getAsOf().toString());
        node.put("c7", r.getC7());
        node.put("b28", r.getB28());
        node.put("ratio", r.getRatio());
        if (r.getZ() == null) {
            node.putNull("z");
        } else {
            node.put("z", r.getZ());
        }
        node.put("totalEvents", r.getTotalEvents());
        node.put("fatalities7Low", r.getFatalities7Low());
        node.put("fatalities30Low", r.getFatalities30Low());
        final ArrayNode flags = node.putArray("flags");
        r.getFlags().forEach(flags::add);
        node.put("updatedAt", r.getUpdatedAt().toString());
        return node;
    }

    private static ObjectNode error(final String code, final String message) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("error", code);
        node.put("message", message);
        return node;
    }

    private static void send(final HttpExchange exchange, final int status, final Object body) throws IOException {
        final byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
