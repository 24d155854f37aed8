package io.sitrep.app;

import io.sitrep.streams.query.RegionQueryHandler;
import java.nio.charset.StandardCharsets;

/** Mounts the query API and health endpoints of a streams process on its HTTP front. */
final class QueryService {
    private QueryService() {
    }

    static RegionQueryHandler mountOn(final HttpFront http, final StreamsRunner streams) {
        final RegionQueryHandler regions = new RegionQueryHandler(streams.streams(), streams.self());
        http.mount("/v1/regions", "GET  per-region figures; /v1/regions/{code} (with 90 days), /v1/regions/{code}/events", regions);
        http.mount("/healthz", "GET  process alive", exchange -> {
            try (exchange) {
                final byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        http.mount("/readyz", "GET  streams running?", exchange -> {
            try (exchange) {
                final boolean ready = streams.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING;
                final byte[] body = ("{\"ready\":" + ready + ",\"streams\":\"" + streams.state() + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        return regions;
    }
}
