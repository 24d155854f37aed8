package io.sitrep.embedded.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

/** Raw HTTP calls to a registry, for conformance tests that check status codes and bodies. */
final class RegistryHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;

    RegistryHttp(final String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> get(final String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    HttpResponse<String> delete(final String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    HttpResponse<String> post(final String path, final Object body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8)));
    }

    HttpResponse<String> put(final String path, final Object body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8)));
    }

    HttpResponse<String> register(final String subject, final Schema schema) {
        return post("/subjects/" + subject + "/versions", Map.of("schema", schema.toString()));
    }

    HttpResponse<String> send(final HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode body(final HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (final Exception e) {
            throw new IllegalStateException("Not JSON: " + response.body(), e);
        }
    }

    private static String write(final Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record schema {@code name} in namespace io.sitrep.test with the given fields (JSON fragments). */
    static Schema record(final String name, final String... fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"io.sitrep.test\","
                + "\"fields\":[" + String.join(",", fields) + "]}");
    }

    static String field(final String name, final String type) {
        return "{\"name\":\"" + name + "\",\"type\":" + type + "}";
    }

    static String field(final String name, final String type, final String defaultJson) {
        return "{\"name\":\"" + name + "\",\"type\":" + type + ",\"default\":" + defaultJson + "}";
    }
}
