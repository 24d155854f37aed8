package io.sitrep.embedded.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sitrep.schemas.registry.CompatibilityLevel;
import io.sitrep.schemas.registry.SchemaReference;
import io.sitrep.schemas.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes Confluent Schema Registry's REST API onto a {@link SchemaStore}. Every answer, errors
 * included, is JSON: {@code application/vnd.schemaregistry.v1+json}, or {@code application/json}
 * when the client accepts only that. Errors carry Confluent's {@code {"error_code", "message"}}.
 */
final class RegistryHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(RegistryHandler.class);

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final List<String> REQUEST_TYPES = List.of(CONTENT_TYPE, "application/vnd.schemaregistry+json",
            "application/json", "application/octet-stream");
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaStore store;
    /** Expected {@code Authorization} header values; empty means no authentication. */
    private final List<byte[]> authorizations;

    /** What to send: a status and a value Jackson can write (or pre-serialized raw JSON). */
    private record Reply(int status, Object body, boolean raw) {
        static Reply ok(final Object body) {
            return new Reply(200, body, false);
        }

        static Reply rawJson(final String json) {
            return new Reply(200, json, true);
        }
    }

    /** A parsed request: method, decoded path segments, query parameters, the exchange for the body. */
    private record Request(String method, List<String> path, Map<String, String> query, HttpExchange exchange) {
        boolean flag(final String name) {
            return Boolean.parseBoolean(query.getOrDefault(name, "false"));
        }
    }

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
        final List<byte[]> expected = new ArrayList<>();
        users.forEach((user, password) -> expected.add(("Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8)));
        this.authorizations = List.copyOf(expected);
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try {
            final String type = responseType(exchange.getRequestHeaders().getFirst("Accept"));
            send(exchange, type == null ? error(406, 406, "HTTP 406 Not Acceptable") : reply(exchange), type);
        } finally {
            exchange.close();
        }
    }

    private Reply reply(final HttpExchange exchange) {
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"SchemaRegistry\"");
            return error(401, 401, "Unauthorized");
        }
        try {
            return route(new Request(exchange.getRequestMethod(), segments(exchange.getRequestURI().getRawPath()),
                    query(exchange.getRequestURI().getRawQuery()), exchange));
        } catch (final SchemaRegistryException e) {
            return error(e.httpStatus(), e.errorCode(), e.getMessage());
        } catch (final MethodNotAllowed e) {
            return error(405, 405, "HTTP 405 Method Not Allowed");
        } catch (final IllegalArgumentException e) {
            // undecodable percent escapes in the path
            return error(400, 400, "Bad request: " + e.getMessage());
        } catch (final RuntimeException e) {
            log.error("Schema registry failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            return error(500, 500, "Internal server error: " + e);
        } catch (final IOException e) {
            log.warn("Schema registry could not read the request {} {}: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI(), e.toString());
            return error(400, 400, "Could not read the request: " + e.getMessage());
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
                    final SchemaRequest schema = schemaOf(readBody(r.exchange()));
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
                    throw SchemaStore.noSubjectLevel(subject);
                }
                return Reply.ok(Map.of("compatibilityLevel", (own == null ? store.globalLevel() : own).name()));
            case "PUT":
                final JsonNode body = json(readBody(r.exchange()));
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
            final SchemaStore.Stored stored = store.schema(id);
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
                    for (final SchemaStore.Version v : store.versionsOfId(id, r.flag("deleted"))) {
                        pairs.add(ordered("subject", v.subject(), "version", v.version()));
                    }
                    return Reply.ok(pairs);
                case "subjects":
                    return Reply.ok(store.versionsOfId(id, r.flag("deleted")).stream()
                            .map(SchemaStore.Version::subject).distinct().toList());
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
            final SchemaRequest schema = schemaOf(readBody(r.exchange()));
            return Reply.ok(versionBody(store.lookup(subject, schema.schema(), schema.references(), r.flag("deleted"))));
        }
        if (!path.get(2).equals("versions")) {
            throw notFound();
        }
        if (n == 3) {
            if (r.method().equals("POST")) {
                final SchemaRequest schema = schemaOf(readBody(r.exchange()));
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
            final SchemaStore.Version found = store.version(subject, version, r.flag("deleted"));
            return n == 4 ? Reply.ok(versionBody(found)) : Reply.rawJson(found.schema());
        }
        throw notFound();
    }

    private static Map<String, Object> versionBody(final SchemaStore.Version version) {
        final Map<String, Object> body = ordered("subject", version.subject(), "version", version.version(),
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

    private boolean authorized(final String header) {
        if (authorizations.isEmpty()) {
            return true;
        }
        if (header == null) {
            return false;
        }
        final byte[] given = header.trim().getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (final byte[] expected : authorizations) {
            // constant-time compare: no timing hints about the password
            match |= MessageDigest.isEqual(expected, given);
        }
        return match;
    }

    /** The media type to answer with, or null when the client accepts none of ours (406). */
    static String responseType(final String accept) {
        if (accept == null || accept.isBlank()) {
            return CONTENT_TYPE;
        }
        final String a = accept.toLowerCase(Locale.ROOT);
        if (a.contains("application/vnd.schemaregistry.v1+json") || a.contains("application/vnd.schemaregistry+json")
                || a.contains("*/*") || a.contains("application/*")) {
            return CONTENT_TYPE;
        }
        return a.contains("application/json") ? "application/json" : null;
    }

    private static void only(final Request r, final String allowed) {
        if (!r.method().equals(allowed)) {
            throw new MethodNotAllowed();
        }
    }

    private static SchemaRegistryException notFound() {
        return new SchemaRegistryException(404, 404, "HTTP 404 Not Found");
    }

    private static Reply error(final int status, final int code, final String message) {
        return new Reply(status, ordered("error_code", code, "message", message), false);
    }

    private static Map<String, Object> ordered(final Object... keysAndValues) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static byte[] readBody(final HttpExchange exchange) throws IOException {
        final String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && REQUEST_TYPES.stream().noneMatch(t -> type.toLowerCase(Locale.ROOT).startsWith(t))) {
            throw new SchemaRegistryException(415, 415, "HTTP 415 Unsupported Media Type");
        }
        try (InputStream in = exchange.getRequestBody()) {
            final byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new SchemaRegistryException(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private static void send(final HttpExchange exchange, final Reply reply, final String type) throws IOException {
        final byte[] bytes;
        try {
            bytes = reply.raw()
                    ? ((String) reply.body()).getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(reply.body());
        } catch (final JsonProcessingException e) {
            throw new IOException("Cannot write the JSON answer", e);
        }
        exchange.getResponseHeaders().set("Content-Type", type == null ? CONTENT_TYPE : type);
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(final String rawQuery) {
        final Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (final String pair : rawQuery.split("&")) {
                final int eq = pair.indexOf('=');
                final String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                params.put(name, eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** Path segments, percent-decoded one by one, so an encoded '/' stays inside its subject name. */
    private static List<String> segments(final String rawPath) {
        final List<String> segments = new ArrayList<>();
        for (final String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                // URLDecoder is for forms and turns '+' into a space; in a path '+' is itself
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }
}
