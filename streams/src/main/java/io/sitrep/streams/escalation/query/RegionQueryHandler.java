package io.sitrep.streams.escalation.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.http.JsonAnswer;
import io.sitrep.streams.escalation.EscalationTopology;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The query API over the escalation stage's state stores.
 *
 * <ul>
 *   <li>{@code GET /v1/regions[?sort=level|c7|ratio|z|events|fatalities|code|name&order=desc|asc]}: every region.</li>
 *   <li>{@code GET /v1/regions/{code}}: one region's figures and its last 90 days.</li>
 *   <li>{@code GET /v1/regions/{code}/events}: the events behind the count, newest first, with
 *       evidence, claims and sources.</li>
 * </ul>
 *
 * <p>With several instances, any instance answers any request: a region's figures live on the
 * instance that owns its key (Kafka Streams' metadata says which; {@code application.server} must
 * be set to this instance's HTTP address), and this handler forwards the request there; the list
 * of all regions is gathered from every instance. Forwarded requests carry {@code scope=local} so
 * they are never forwarded again.
 */
public final class RegionQueryHandler implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HISTORY_DAYS_SHOWN = 90;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The instance's clients (one per stream thread); any of them answers for the group's metadata. */
    private final List<KafkaStreams> clients;
    private final KafkaStreams streams;
    private final HostInfo self;

    /** A handler for a single instance (no routing). */
    public RegionQueryHandler(final KafkaStreams streams) {
        this(List.of(streams), null);
    }

    /** A handler for a single instance (no routing) of several clients. */
    public RegionQueryHandler(final List<KafkaStreams> clients) {
        this(clients, null);
    }

    /**
     * @param clients the Kafka Streams clients of this instance, which share one query address
     * @param self    this instance's {@code application.server}, or null when only one instance runs
     */
    public RegionQueryHandler(final List<KafkaStreams> clients, final HostInfo self) {
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("no Kafka Streams client to query");
        }
        this.clients = List.copyOf(clients);
        this.streams = this.clients.get(0);
        this.self = self;
    }

    /** All regions of this instance's store, most escalated first (level, then C7, then code). */
    public List<RegionEscalation> allRegions() {
        final List<RegionEscalation> all = new ArrayList<>();
        for (final ReadOnlyKeyValueStore<String, RegionEscalation> store : this.<RegionEscalation>localStores(EscalationTopology.LATEST_STORE)) {
            try (KeyValueIterator<String, RegionEscalation> it = store.all()) {
                it.forEachRemaining(kv -> all.add(kv.value));
            }
        }
        all.sort(comparator("level", true));
        return all;
    }

    /** One region's figures from this instance's store. */
    public Optional<RegionEscalation> region(final String code) {
        for (final ReadOnlyKeyValueStore<String, RegionEscalation> store : this.<RegionEscalation>localStores(EscalationTopology.LATEST_STORE)) {
            final RegionEscalation r = store.get(code);
            if (r != null) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * The store {@code name} of every client of this instance that runs a task of it. A client may
     * run none (the dedup index alone, {@code IndexIsolatingTaskAssignor}); when no client can
     * serve it (all rebalancing, say), the first client's failure is thrown, as with one client.
     */
    private <V> List<ReadOnlyKeyValueStore<String, V>> localStores(final String name) {
        final List<ReadOnlyKeyValueStore<String, V>> stores = new ArrayList<>();
        InvalidStateStoreException failure = null;
        for (final KafkaStreams client : clients) {
            try {
                final ReadOnlyKeyValueStore<String, V> store = client.store(StoreQueryParameters.fromNameAndType(name,
                        QueryableStoreTypes.<String, V>keyValueStore()));
                // a client without a task of the store fails only when it is read
                store.approximateNumEntries();
                stores.add(store);
            } catch (InvalidStateStoreException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (stores.isEmpty() && failure != null) {
            throw failure;
        }
        return stores;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, error("METHOD_NOT_ALLOWED", "Use GET"));
                return;
            }
            final Map<String, String> query = query(exchange.getRequestURI());
            final boolean local = "local".equals(query.get("scope"));
            final String[] parts = exchange.getRequestURI().getPath().replaceFirst("^/v1/regions/?", "").split("/");
            try {
                if (parts.length == 1 && parts[0].isEmpty()) {
                    listRegions(exchange, query, local);
                } else if (parts.length == 1 || (parts.length == 2 && parts[1].equals("events"))) {
                    final String code = parts[0].toUpperCase(Locale.ROOT);
                    if (!local && region(code).isEmpty() && forwardToInstanceHolding(exchange, code)) {
                        return;
                    }
                    if (parts.length == 1) {
                        regionWithHistory(exchange, code);
                    } else {
                        regionEvents(exchange, code);
                    }
                } else {
                    send(exchange, 404, error("NOT_FOUND", "Unknown path " + exchange.getRequestURI().getPath()));
                }
            } catch (InvalidStateStoreException e) {
                exchange.getResponseHeaders().set("Retry-After", "2");
                send(exchange, 503, error("NOT_READY", "Escalation state is not queryable right now (starting or rebalancing): "
                        + e.getMessage()));
            }
        }
    }

    private void listRegions(final HttpExchange exchange, final Map<String, String> query, final boolean local) throws IOException {
        final String sort = query.getOrDefault("sort", "level");
        final boolean desc = !"asc".equalsIgnoreCase(query.get("order"));
        final List<ObjectNode> regions = new ArrayList<>();
        if (hostsLatestStore()) {
            for (RegionEscalation r : allRegions()) {
                regions.add(toJson(r));
            }
        }
        if (!local && self != null) {
            // every other instance, not only those the metadata names for the store: an instance's
            // clients share one address, and the metadata keeps the partitions of one of them
            final Set<HostInfo> asked = new HashSet<>();
            for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                if (!instance.hostInfo().equals(self) && asked.add(instance.hostInfo())) {
                    final JsonNode remote = fetch(instance.hostInfo(), "/v1/regions?scope=local");
                    remote.path("regions").forEach(n -> regions.add((ObjectNode) n));
                }
            }
        }
        regions.sort(jsonComparator(sort, desc));
        final ObjectNode body = JSON.createObjectNode();
        body.put("sort", sort);
        body.put("order", desc ? "desc" : "asc");
        body.set("regions", JSON.valueToTree(regions));
        send(exchange, 200, body);
    }

    /**
     * Whether this instance runs a task of the escalation store. One of several instances may run
     * none: the dedup index alone ({@code IndexIsolatingTaskAssignor}); its list is then empty,
     * not an error. A lone instance hosts them all. The clients are asked first: they share this
     * instance's one {@code application.server}, and Kafka Streams keeps one metadata entry per
     * address, with the partitions of whichever client it met last (the index's alone, at times).
     */
    private boolean hostsLatestStore() {
        if (self == null) {
            return true;
        }
        try {
            if (!this.<RegionEscalation>localStores(EscalationTopology.LATEST_STORE).isEmpty()) {
                return true;
            }
        } catch (InvalidStateStoreException e) {
            // no client runs a task of the store, or all are rebalancing: the metadata decides below
        }
        return streams.streamsMetadataForStore(EscalationTopology.LATEST_STORE).stream()
                .anyMatch(instance -> instance.hostInfo().equals(self));
    }

    private void regionWithHistory(final HttpExchange exchange, final String code) throws IOException {
        final Optional<RegionEscalation> region = region(code);
        if (region.isEmpty()) {
            send(exchange, 404, error("REGION_NOT_FOUND", "No figures for region '" + code + "'"));
            return;
        }
        final Map<LocalDate, List<AttributedEvent>> byDay = days(code);
        final ObjectNode body = toJson(region.get());
        final ArrayNode history = body.putArray("days");
        final LocalDate asOf = region.get().getAsOf();
        for (int back = HISTORY_DAYS_SHOWN - 1; back >= 0; back--) {
            final LocalDate day = asOf.minusDays(back);
            final List<AttributedEvent> d = byDay.getOrDefault(day, List.of());
            final ObjectNode n = history.addObject();
            n.put("day", day.toString());
            n.put("events", d.size());
            int low = 0;
            for (AttributedEvent e : d) {
                low += e.getFatalitiesLow() == null ? 0 : e.getFatalitiesLow();
            }
            n.put("fatalitiesLow", low);
        }
        send(exchange, 200, body);
    }

    private void regionEvents(final HttpExchange exchange, final String code) throws IOException {
        final Map<LocalDate, List<AttributedEvent>> byDay = days(code);
        if (byDay.isEmpty() && region(code).isEmpty()) {
            send(exchange, 404, error("REGION_NOT_FOUND", "No events for region '" + code + "'"));
            return;
        }
        final List<AttributedEvent> events = new ArrayList<>();
        byDay.values().forEach(events::addAll);
        events.sort(Comparator.comparing(AttributedEvent::getEventDate).reversed().thenComparing(AttributedEvent::getEventId));
        final ObjectNode body = JSON.createObjectNode();
        body.put("regionCode", code);
        body.put("count", events.size());
        final ArrayNode list = body.putArray("events");
        for (AttributedEvent e : events) {
            list.add(JSON.readTree(e.toString()));
        }
        send(exchange, 200, body);
    }

    /** The region's counted events by event date (event ids start with the region code). */
    private Map<LocalDate, List<AttributedEvent>> days(final String code) {
        final Map<LocalDate, List<AttributedEvent>> byDay = new HashMap<>();
        for (final ReadOnlyKeyValueStore<String, AttributedEvent> store : this.<AttributedEvent>localStores(EscalationTopology.EVENTS_STORE)) {
            try (KeyValueIterator<String, AttributedEvent> it = store.prefixScan(code + "|", new StringSerializer())) {
                it.forEachRemaining(kv -> byDay.computeIfAbsent(kv.value.getEventDate(), d -> new ArrayList<>()).add(kv.value));
            }
        }
        return byDay;
    }

    /**
     * For a region this instance does not have: asks the other instances, the one the metadata
     * names for {@code code} first, and relays the first answer that has it; true if one did,
     * false if every instance answered that it has none.
     * The metadata is only a hint: an instance's clients share one address, and Kafka Streams
     * keeps the partitions of one of them under it, so it may name an instance without the
     * region, or none.
     */
    private boolean forwardToInstanceHolding(final HttpExchange exchange, final String code) throws IOException {
        if (self == null) {
            return false;
        }
        final List<HostInfo> others = new ArrayList<>();
        final KeyQueryMetadata hint = streams.queryMetadataForKey(EscalationTopology.LATEST_STORE, code, new StringSerializer());
        if (hint != null && isOther(hint.activeHost())) {
            others.add(hint.activeHost());
        }
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (isOther(instance.hostInfo()) && !others.contains(instance.hostInfo())) {
                others.add(instance.hostInfo());
            }
        }
        InvalidStateStoreException unanswered = null;
        for (final HostInfo other : others) {
            final HttpResponse<String> response;
            try {
                response = get(other, exchange.getRequestURI().getPath() + "?scope=local");
            } catch (InvalidStateStoreException e) {
                unanswered = unanswered == null ? e : unanswered;
                continue;
            }
            if (response.statusCode() == 200) {
                relay(exchange, other, response);
                return true;
            }
        }
        if (unanswered != null) {
            // not found where asked, and an instance did not answer: "not ready", not "no such region"
            throw unanswered;
        }
        return false;
    }

    /** Another instance's address: not this one's, nor the "unavailable" of a key whose partition no instance has. */
    private boolean isOther(final HostInfo host) {
        return host != null && host.port() > 0 && !host.equals(self);
    }

    private static void relay(final HttpExchange exchange, final HostInfo from, final HttpResponse<String> response) throws IOException {
        final byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Sitrep-Served-By", from.host() + ":" + from.port());
        exchange.sendResponseHeaders(response.statusCode(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode fetch(final HostInfo host, final String path) throws IOException {
        final HttpResponse<String> response = get(host, path);
        if (response.statusCode() != 200) {
            throw new InvalidStateStoreException("instance " + host + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(final HostInfo host, final String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while asking " + host, e);
        } catch (IOException e) {
            throw new InvalidStateStoreException("instance " + host + " owning the data did not answer: " + e.getMessage());
        }
    }

    private static Map<String, String> query(final URI uri) {
        final Map<String, String> params = new HashMap<>();
        if (uri.getRawQuery() == null) {
            return params;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            final int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static Comparator<RegionEscalation> comparator(final String sort, final boolean desc) {
        final Comparator<ObjectNode> json = jsonComparator(sort, desc);
        return (a, b) -> json.compare(toJson(a), toJson(b));
    }

    /** Orders regions by one figure, ties broken by C7 (descending) and then code, so the order is stable. */
    private static Comparator<ObjectNode> jsonComparator(final String sort, final boolean desc) {
        Comparator<ObjectNode> primary = switch (sort) {
            case "code" -> Comparator.comparing((ObjectNode n) -> n.path("regionCode").asText());
            case "name" -> Comparator.comparing((ObjectNode n) -> n.path("regionName").asText());
            case "c7" -> Comparator.comparingDouble((ObjectNode n) -> n.path("c7").asDouble());
            case "ratio" -> Comparator.comparingDouble((ObjectNode n) -> n.path("ratio").asDouble());
            case "z" -> Comparator.comparingDouble((ObjectNode n) -> n.path("z").isNull() ? Double.NEGATIVE_INFINITY : n.path("z").asDouble());
            case "events" -> Comparator.comparingDouble((ObjectNode n) -> n.path("totalEvents").asDouble());
            case "fatalities" -> Comparator.comparingDouble((ObjectNode n) -> n.path("fatalities30Low").asDouble());
            default -> Comparator.comparingInt((ObjectNode n) -> levelRank(n.path("level").asText()));
        };
        if (desc) {
            primary = primary.reversed();
        }
        return primary.thenComparing(Comparator.comparingInt((ObjectNode n) -> n.path("c7").asInt()).reversed())
                .thenComparing(n -> n.path("regionCode").asText());
    }

    private static int levelRank(final String level) {
        try {
            return io.sitrep.schemas.avro.EscalationLevel.valueOf(level).ordinal();
        } catch (IllegalArgumentException e) {
            return 0;
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

    /** The project's one error shape ({@link JsonAnswer}). */
    private static ObjectNode error(final String reason, final String message) {
        return JsonAnswer.error("error", reason, message);
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
