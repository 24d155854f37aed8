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
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.sitrep.schemas.registry.SchemaRegistryException;

/**
 * The HTTP side of the registry's API, apart from its routes: basic authentication, media-type
 * negotiation, request parsing (path segments, query, a bounded body) and writing JSON answers.
 */
final class RegistryExchange {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final List<String> REQUEST_TYPES = List.of(CONTENT_TYPE, "application/vnd.schemaregistry+json",
            "application/json", "application/octet-stream");
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryExchange() {
    }

    /** What to send: a status and a value Jackson can write (or pre-serialized raw JSON). */
    record Reply(int status, Object body, boolean raw) {
        static Reply ok(final Object body) {
            return new Reply(200, body, false);
        }

        static Reply rawJson(final String json) {
            return new Reply(200, json, true);
        }

        /** Confluent's error shape: {@code {"error_code", "message"}}. */
        static Reply error(final int status, final int code, final String message) {
            return new Reply(status, SchemaLogCodec.ordered("error_code", code, "message", message), false);
        }
    }

    /** A parsed request: method, decoded path segments, query parameters, the exchange for the body. */
    record Request(String method, List<String> path, Map<String, String> query, HttpExchange exchange) {
        static Request of(final HttpExchange exchange) {
            return new Request(exchange.getRequestMethod(), segments(exchange.getRequestURI().getRawPath()),
                    queryOf(exchange.getRequestURI().getRawQuery()), exchange);
        }

        boolean flag(final String name) {
            return Boolean.parseBoolean(query.getOrDefault(name, "false"));
        }

        /** The body, at most 8 MiB (413 beyond), of a media type the registry reads (415 otherwise). */
        byte[] body() throws IOException {
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
    }

    /** HTTP basic authentication against a fixed set of users. */
    static final class BasicAuth {
        /** Expected {@code Authorization} header values; empty means no authentication. */
        private final List<byte[]> authorizations;

        /** @param users user → password; empty for no authentication */
        BasicAuth(final Map<String, String> users) {
            final List<byte[]> expected = new ArrayList<>();
            users.forEach((user, password) -> expected.add(("Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8)));
            this.authorizations = List.copyOf(expected);
        }

        boolean authorized(final String header) {
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

    static void send(final HttpExchange exchange, final Reply reply, final String type) throws IOException {
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

    private static Map<String, String> queryOf(final String rawQuery) {
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
