package io.sitrep.embedded.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sitrep.embedded.registry.RegistryExchange.Reply;
import io.sitrep.embedded.registry.RegistryExchange.Request;
import io.sitrep.schemas.registry.CompatibilityLevel;
import io.sitrep.schemas.registry.SchemaReference;
import io.sitrep.schemas.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes Confluent Schema Registry's REST API onto a {@link SchemaStore} (the HTTP plumbing is in
 * {@link RegistryExchange}). Every answer, errors included, is JSON: {@code application/vnd.schemaregistry.v1+json}, or {@code application/json}
 * when the client accepts only that. Errors carry Confluent's {@code {"error_code", "message"}}.
 */
final class RegistryHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(RegistryHandler.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaStore store;
    private final RegistryExchange.BasicAuth auth;

    /** The schema part of a register / lookup / compatibility request body. */
    private record SchemaRequest(String schema, List<SchemaReference> references) {
    }

    /** The path named an endpoint, but not for this HTTP method. */
    private static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * @param users user → password for HTTP basic authentication; empty for none
     */
    RegistryHandler(final SchemaStore store, final Map<String, String> users) {
        this.store = store;
        this.auth = new RegistryExchange.BasicAuth(users);
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try {
            final String type = RegistryExchange.responseType(exchange.getRequestHeaders().getFirst("Accept"));
            RegistryExchange.send(exchange, type == null ? Reply.error(406, 406, "HTTP 406 Not Acceptable") : reply(exchange), type);
        } finally {
            exchange.close();
        }
    }

    private Reply reply(final HttpExchange exchange) {
        if (!auth.authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"SchemaRegistry\"");
            return Reply.error(401, 401, "Unauthorized");
        }
        try {
            return route(Request.of(exchange));
        } catch (final SchemaRegistryException e) {
            return Reply.error(e.httpStatus(), e.errorCode(), e.getMessage());
        } catch (final MethodNotAllowed e) {
            return Reply.error(405, 405, "HTTP 405 Method Not Allowed");
        } catch (final IllegalArgumentException e) {
            // undecodable percent escapes in the path
            return Reply.error(400, 400, "Bad request: " + e.getMessage());
        } catch (final RuntimeException e) {
            log.error("Schema registry failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            return Reply.error(500, 500, "Internal server error: " + e);
        } catch (final IOException e) {
            log.warn("Schema registry could not read the request {} {}: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI(), e.toString());
            return Reply.error(400, 400, "Could not read the request: " + e.getMessage());
        }
    }

    private Reply route(final Request r) throws IOException {
        final List<String> path = r.path();
        final int n = path.size();
        if (n == 0) {
            only(r, "GET");
            return Reply.ok(Map.of());
        }
        switch (path.get(0)) {
            case "mode":
                if (n <= 2) {
                    only(r, "GET");
                    return Reply.ok(Map.of("mode", "READWRITE"));
                }
                break;
            case "config":
                if (n <= 2) {
                    return config(r, n == 1 ? null : path.get(1));
                }
                break;
            case "schemas":
                if (n == 2 && path.get(1).equals("types")) {
                    only(r, "GET");
                    return Reply.ok(List.of("AVRO"));
                }
                if (n >= 3 && path.get(1).equals("ids")) {
                    return schemaById(r, schemaId(path.get(2)));
                }
                break;
            case "subjects":
                return subjects(r);
            case "compatibility":
                if ((n == 4 || n == 5) && path.get(1).equals("subjects") && path.get(3).equals("versions")) {
                    only(r, "POST");
                    final SchemaRequest schema = schemaOf(r.body());
                    final List<String> messages = store.compatibility(path.get(2), n == 5 ? version(path.get(4)) : null,
                            schema.schema(), schema.references());
                    final Map<String, Object> body = new LinkedHashMap<>();
                    body.put("is_compatible", messages.isEmpty());
                    if (r.flag("verbose")) {
                        body.put("messages", messages);
                    }
                    return Reply.ok(body);
                }
                break;
            default:
                break;
        }
        throw notFound();
    }

    private Reply config(final Request r, final String subject) throws IOException {
        switch (r.method()) {
            case "GET":
                if (subject == null) {
                    return Reply.ok(Map.of("compatibilityLevel", store.globalLevel().name()));
                }
                final CompatibilityLevel own = store.subjectLevel(subject).orElse(null);
                if (own == null && !r.flag("defaultToGlobal")) {
                    throw RegistryErrors.noSubjectLevel(subject);
                }
                return Reply.ok(Map.of("compatibilityLevel", (own == null ? store.globalLevel() : own).name()));
            case "PUT":
                final JsonNode body = json(r.body());
                final CompatibilityLevel level;
                try {
                    level = CompatibilityLevel.parse(body.path("compatibility").asText(null));
                } catch (final IllegalArgumentException e) {
                    throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                            "Invalid compatibility level. Valid values are none, backward, forward, full, "
                                    + "backward_transitive, forward_transitive, and full_transitive");
                }
                return Reply.ok(Map.of("compatibility", store.setLevel(subject, level).name()));
            case "DELETE":
                if (subject != null) {
                    return Reply.ok(Map.of("compatibilityLevel", store.deleteLevel(subject).name()));
                }
                throw new MethodNotAllowed();
            default:
                throw new MethodNotAllowed();
        }
    }

    private Reply schemaById(final Request r, final int id) {
        final List<String> path = r.path();
        only(r, "GET");
        if (path.size() == 3) {
            final StoredSchema stored = store.schema(id);
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("schema", stored.schema());
            if (!stored.references().isEmpty()) {
                body.put("references", stored.references());
            }
            return Reply.ok(body);
        }
        if (path.size() == 4) {
            switch (path.get(3)) {
                case "schema":
                    return Reply.rawJson(store.schema(id).schema());
                case "versions":
                    final List<Map<String, Object>> pairs = new ArrayList<>();
                    for (final SchemaVersion v : store.versionsOfId(id, r.flag("deleted"))) {
                        pairs.add(SchemaLogCodec.ordered("subject", v.subject(), "version", v.version()));
                    }
                    return Reply.ok(pairs);
                case "subjects":
                    return Reply.ok(store.versionsOfId(id, r.flag("deleted")).stream()
                            .map(SchemaVersion::subject).distinct().toList());
                default:
                    break;
            }
        }
        throw notFound();
    }

    private Reply subjects(final Request r) throws IOException {
        final List<String> path = r.path();
        final int n = path.size();
        if (n == 1) {
            only(r, "GET");
            return Reply.ok(store.subjects(r.flag("deleted")));
        }
        final String subject = path.get(1);
        if (n == 2) {
            if (r.method().equals("DELETE")) {
                return Reply.ok(store.deleteSubject(subject, r.flag("permanent")));
            }
            only(r, "POST");
            final SchemaRequest schema = schemaOf(r.body());
            return Reply.ok(versionBody(store.lookup(subject, schema.schema(), schema.references(), r.flag("deleted"))));
        }
        if (!path.get(2).equals("versions")) {
            throw notFound();
        }
        if (n == 3) {
            if (r.method().equals("POST")) {
                final SchemaRequest schema = schemaOf(r.body());
                return Reply.ok(Map.of("id", store.register(subject, schema.schema(), schema.references()).id()));
            }
            only(r, "GET");
            return Reply.ok(store.versions(subject, r.flag("deleted")));
        }
        if (n == 4 || (n == 5 && path.get(4).equals("schema"))) {
            final int version = version(path.get(3));
            if (n == 4 && r.method().equals("DELETE")) {
                return Reply.ok(store.deleteVersion(subject, version, r.flag("permanent")));
            }
            only(r, "GET");
            final SchemaVersion found = store.version(subject, version, r.flag("deleted"));
            return n == 4 ? Reply.ok(versionBody(found)) : Reply.rawJson(found.schema());
        }
        throw notFound();
    }

    private static Map<String, Object> versionBody(final SchemaVersion version) {
        final Map<String, Object> body = SchemaLogCodec.ordered("subject", version.subject(), "version", version.version(),
                "id", version.id(), "schema", version.schema());
        if (!version.references().isEmpty()) {
            body.put("references", version.references());
        }
        return body;
    }

    /** Parses a {@code {"schema": "...", "schemaType": "AVRO", "references": [...]}} request body. */
    private static SchemaRequest schemaOf(final byte[] body) {
        final JsonNode request = json(body);
        final String type = request.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema type " + type + ": this registry supports AVRO only");
        }
        final JsonNode schema = request.get("schema");
        if (schema == null || !schema.isTextual() || schema.asText().isBlank()) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Empty schema");
        }
        final List<SchemaReference> references = new ArrayList<>();
        for (final JsonNode ref : request.path("references")) {
            if (!ref.path("name").isTextual() || !ref.path("subject").isTextual() || !ref.path("version").canConvertToInt()) {
                throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                        "Invalid schema reference " + ref + ": needs name, subject and version");
            }
            references.add(new SchemaReference(ref.get("name").asText(), ref.get("subject").asText(), ref.get("version").asInt()));
        }
        return new SchemaRequest(schema.asText(), references);
    }

    private static JsonNode json(final byte[] body) {
        final JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (final IOException e) {
            throw new SchemaRegistryException(400, 400, "Request body is not valid JSON: " + e.getMessage());
        }
        if (request == null || !request.isObject()) {
            throw new SchemaRegistryException(400, 400, "Request body must be a JSON object");
        }
        return request;
    }

    /** "latest", "-1" or 1..2^31-1; anything else is Confluent's 42202. */
    private static int version(final String text) {
        if (text.equals("latest")) {
            return -1;
        }
        try {
            final int version = Integer.parseInt(text);
            if (version == -1 || version >= 1) {
                return version;
            }
        } catch (final NumberFormatException e) {
            log.debug("Version '{}' is not a number", text, e);
        }
        throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_VERSION, "The specified version '" + text
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static int schemaId(final String text) {
        try {
            return Integer.parseInt(text);
        } catch (final NumberFormatException e) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + text + " not found");
        }
    }

    private static void only(final Request r, final String allowed) {
        if (!r.method().equals(allowed)) {
            throw new MethodNotAllowed();
        }
    }

    private static SchemaRegistryException notFound() {
        return new SchemaRegistryException(404, 404, "HTTP 404 Not Found");
    }
}
