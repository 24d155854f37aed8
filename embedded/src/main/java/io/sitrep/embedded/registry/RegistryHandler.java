package io.sitrep.embedded.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sitrep.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the Confluent Schema Registry REST subset onto a {@link SchemaStore}. Every answer, errors
 * included, is a JSON body of type {@code application/vnd.schemaregistry.v1+json}.
 */
final class RegistryHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(RegistryHandler.class);

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final String COMPATIBILITY_LEVEL = "BACKWARD";
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaStore store;

    /** What to send: a status and a value Jackson can write (or pre-serialized raw JSON). */
    private record Reply(int status, Object body, boolean raw) {
        static Reply ok(final Object body) {
            return new Reply(200, body, false);
        }

        static Reply rawJson(final String json) {
            return new Reply(200, json, true);
        }
    }

    /** The path named an endpoint, but not for this HTTP method. */
    private static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    RegistryHandler(final SchemaStore store) {
        this.store = store;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try {
            send(exchange, reply(exchange));
        } finally {
            exchange.close();
        }
    }

    private Reply reply(final HttpExchange exchange) {
        Reply reply;
        try {
            reply = route(exchange.getRequestMethod(), segments(exchange.getRequestURI().getRawPath()),
                    exchange.getRequestURI().getRawQuery(), exchange);
        } catch (final SchemaRegistryException e) {
            reply = error(e.httpStatus(), e.errorCode(), e.getMessage());
        } catch (final MethodNotAllowed e) {
            reply = error(405, 405, "HTTP 405 Method Not Allowed");
        } catch (final IllegalArgumentException e) {
            // undecodable percent escapes in the path
            reply = error(400, 400, "Bad request: " + e.getMessage());
        } catch (final RuntimeException e) {
            log.error("Schema registry failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            reply = error(500, 500, "Internal server error: " + e);
        } catch (final IOException e) {
            log.warn("Schema registry could not read the request {} {}: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI(), e.toString());
            reply = error(400, 400, "Could not read the request: " + e.getMessage());
        }
        return reply;
    }

    private Reply route(final String method, final List<String> path, final String query, final HttpExchange exchange)
            throws IOException {
        final int n = path.size();
        if (n == 0) {
            only(method, "GET");
            return Reply.ok(Map.of());
        }
        switch (path.get(0)) {
            case "config":
                if (n == 1) {
                    only(method, "GET");
                    return Reply.ok(Map.of("compatibilityLevel", COMPATIBILITY_LEVEL));
                }
                if (n == 2) {
                    only(method, "GET");
                    if (query != null && query.contains("defaultToGlobal=true")) {
                        return Reply.ok(Map.of("compatibilityLevel", COMPATIBILITY_LEVEL));
                    }
                    throw new SchemaRegistryException(404, 40408,
                            "Subject '" + path.get(1) + "' does not have subject-level compatibility configured");
                }
                break;
            case "schemas":
                if (n == 2 && path.get(1).equals("types")) {
                    only(method, "GET");
                    return Reply.ok(List.of("AVRO"));
                }
                if (n >= 3 && n <= 4 && path.get(1).equals("ids") && (n == 3 || path.get(3).equals("schema"))) {
                    only(method, "GET");
                    final String schema = store.schema(schemaId(path.get(2)));
                    return n == 3 ? Reply.ok(Map.of("schema", schema)) : Reply.rawJson(schema);
                }
                break;
            case "subjects":
                return subjects(method, path, exchange);
            case "compatibility":
                if (n == 5 && path.get(1).equals("subjects") && path.get(3).equals("versions")) {
                    only(method, "POST");
                    final Schema schema = schemaOf(readBody(exchange));
                    return Reply.ok(Map.of("is_compatible", store.isCompatible(path.get(2), version(path.get(4)), schema)));
                }
                break;
            default:
                break;
        }
        throw notFound();
    }

    private Reply subjects(final String method, final List<String> path, final HttpExchange exchange) throws IOException {
        final int n = path.size();
        if (n == 1) {
            only(method, "GET");
            return Reply.ok(store.subjects());
        }
        final String subject = path.get(1);
        if (n == 2) {
            only(method, "POST");
            return Reply.ok(versionBody(store.lookup(subject, schemaOf(readBody(exchange)))));
        }
        if (!path.get(2).equals("versions")) {
            throw notFound();
        }
        if (n == 3) {
            if (method.equals("POST")) {
                final SchemaStore.Version registered = store.register(subject, schemaOf(readBody(exchange)));
                return Reply.ok(Map.of("id", registered.id()));
            }
            only(method, "GET");
            return Reply.ok(store.versions(subject));
        }
        if (n == 4 || (n == 5 && path.get(4).equals("schema"))) {
            only(method, "GET");
            final SchemaStore.Version version = store.version(subject, version(path.get(3)));
            return n == 4 ? Reply.ok(versionBody(version)) : Reply.rawJson(version.schema());
        }
        throw notFound();
    }

    private static Map<String, Object> versionBody(final SchemaStore.Version version) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", version.subject());
        body.put("version", version.version());
        body.put("id", version.id());
        body.put("schema", version.schema());
        return body;
    }

    /** Parses a {@code {"schema": "..."}} request body; only Avro without references is accepted. */
    private static Schema schemaOf(final byte[] body) {
        final JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (final IOException e) {
            throw new SchemaRegistryException(400, 400, "Request body is not valid JSON: " + e.getMessage());
        }
        if (request == null || !request.isObject()) {
            throw new SchemaRegistryException(400, 400, "Request body must be a JSON object with a \"schema\" field");
        }
        final String type = request.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Schema type " + type + " is not supported by this registry; only AVRO");
        }
        if (request.path("references").size() > 0) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Schema references are not supported by this registry");
        }
        final JsonNode schema = request.get("schema");
        if (schema == null || !schema.isTextual() || schema.asText().isBlank()) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Empty schema");
        }
        try {
            return new Schema.Parser().parse(schema.asText());
        } catch (final RuntimeException e) {
            // Avro reports bad schemas with several exception types (SchemaParseException, AvroTypeException...)
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema: " + e.getMessage());
        }
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
        throw new SchemaRegistryException(422, 42202, "The specified version '" + text + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static int schemaId(final String text) {
        try {
            return Integer.parseInt(text);
        } catch (final NumberFormatException e) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + text + " not found");
        }
    }

    private static void only(final String method, final String allowed) {
        if (!method.equals(allowed)) {
            throw new MethodNotAllowed();
        }
    }

    private static SchemaRegistryException notFound() {
        return new SchemaRegistryException(404, 404, "HTTP 404 Not Found");
    }

    private static Reply error(final int status, final int code, final String message) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("message", message);
        return new Reply(status, body, false);
    }

    private static byte[] readBody(final HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            final byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new SchemaRegistryException(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private static void send(final HttpExchange exchange, final Reply reply) throws IOException {
        final byte[] bytes;
        try {
            bytes = reply.raw()
                    ? ((String) reply.body()).getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(reply.body());
        } catch (final JsonProcessingException e) {
            throw new IOException("Cannot write the JSON answer", e);
        }
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
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
