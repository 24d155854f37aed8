package io.sitrep.app;

import io.sitrep.streams.escalation.query.RegionQueryHandler;

/** Mounts the query API of a streams process on its HTTP front (health and metrics: {@link OpsService}). */
final class QueryService {
    private QueryService() {
    }

    static RegionQueryHandler mountOn(final HttpFront http, final StreamsRunner streams) {
        final RegionQueryHandler regions = new RegionQueryHandler(streams.clients(), streams.self());
        http.mount("/v1/regions", "GET  per-region figures; /v1/regions/{code} (with 90 days), /v1/regions/{code}/events", regions);
        return regions;
    }
}
