package io.sitrep.schemas.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API (v1), using only the JDK
 * HTTP client and Jackson. Works against Confluent Schema Registry and registries that speak its
 * API (Karapace, Redpanda, Apicurio's ccompat endpoint, sitrep's embedded registry).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Thread-safe. Schema ids and (subject, schema) → id answers are cached for the client's
 *       lifetime: a registry never changes what an id means. {@link #latest(String)} always asks.</li>
 *   <li>A refusal by the registry throws {@link SchemaRegistryException} with the HTTP status and
 *       the Confluent {@code error_code} (0 when the body carried none). Failure to reach any of the
 *       URLs throws it with status 0 and a message naming the URLs.</li>
 *   <li>Connection failures and 5xx answers are retried {@value #DEFAULT_RETRIES} times with a
 *       doubling backoff; on a connection failure the next base URL is tried first.</li>
 * </ul>
 * Not supported: schema references, non-Avro schema types, TLS client certificates, bearer tokens.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
    private static final Logger log = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    // Confluent's own client sends the same list: newest media type first, plain JSON last.
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
    private static final int DEFAULT_RETRIES = 2;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final String authorization;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int retries;
    /** Index of the base URL that answered last; requests start there. */
    private volatile int preferredUrl;

    private final Map<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** A client for one or more comma-separated base URLs, without authentication. */
    public HttpSchemaRegistryClient(final String baseUrls) {
        this(baseUrls, null);
    }

    /**
     * A client for one or more comma-separated base URLs.
     *
     * @param userInfo {@code user:password} for HTTP basic authentication, or {@code null}/blank for none
     */
    public HttpSchemaRegistryClient(final String baseUrls, final String userInfo) {
        this(baseUrls, userInfo, DEFAULT_TIMEOUT, DEFAULT_RETRIES);
    }

    /**
     * @param requestTimeout timeout for connecting and for each request
     * @param retries        extra attempts after a connection failure or a 5xx answer
     */
    public HttpSchemaRegistryClient(final String baseUrls, final String userInfo, final Duration requestTimeout,
                                    final int retries) {
        this.baseUrls = parseUrls(baseUrls);
        this.authorization = userInfo == null || userInfo.isBlank()
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, was " + retries);
        }
        this.retries = retries;
        this.http = HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public int register(final String subject, final Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        // No computeIfAbsent: it would hold a map lock during the HTTP call. Two threads racing for
        // one key both ask the registry, which answers both with the same id.
        final SubjectSchema key = new SubjectSchema(subject, schema);
        final Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        final String body = json(Map.of("schema", schema.toString()));
        final int id = requiredInt(send("POST", "/subjects/" + encode(subject) + "/versions", body), "id");
        idBySubjectSchema.put(key, id);
        return id;
    }

    @Override
    public Schema getById(final int id) {
        final Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        final Schema schema = parse(requiredText(send("GET", "/schemas/ids/" + id, null), "schema"), "schema id " + id);
        final Schema raced = schemaById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public RegisteredSchema latest(final String subject) {
        Objects.requireNonNull(subject, "subject");
        final JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        final int id = requiredInt(answer, "id");
        final Schema schema = parse(requiredText(answer, "schema"), "subject " + subject);
        schemaById.putIfAbsent(id, schema);
        return new RegisteredSchema(subject, requiredInt(answer, "version"), id, schema);
    }

    /** The base URLs this client talks to, in the order given. */
    public List<URI> baseUrls() {
        return baseUrls;
    }

    private JsonNode send(final String method, final String path, final String body) {
        SchemaRegistryException lastFailure = null;
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                pause(backoff, lastFailure);
                backoff = backoff.multipliedBy(2);
            }
            // One attempt = each URL once, from the one that answered last, until one answers.
            final int start = preferredUrl;
            for (int i = 0; i < baseUrls.size(); i++) {
                final int index = (start + i) % baseUrls.size();
                final URI uri = URI.create(baseUrls.get(index) + path);
                final HttpResponse<String> response;
                try {
                    response = http.send(request(method, uri, body), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                } catch (final IOException e) {
                    lastFailure = new SchemaRegistryException("Schema registry at " + baseUrls.get(index)
                            + " cannot be reached (" + method + " " + path + "): " + e, e);
                    log.debug("Schema registry request failed, trying the next URL", e);
                    continue;
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException("Interrupted while calling the schema registry at " + uri, e);
                }
                preferredUrl = index;
                final int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return readJson(response.body(), uri);
                }
                final SchemaRegistryException refused = errorOf(status, response.body(), method, uri);
                if (status < 500) {
                    throw refused;
                }
                // 5xx: the registry may be electing a leader or its store is lagging; retry later
                lastFailure = refused;
                break;
            }
        }
        throw lastFailure;
    }

    private HttpRequest request(final String method, final URI uri, final String body) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", ACCEPT)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            builder.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private static SchemaRegistryException errorOf(final int status, final String body, final String method, final URI uri) {
        int code = 0;
        String message = null;
        try {
            final JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                code = node.path("error_code").asInt(0);
                message = node.path("message").isMissingNode() ? null : node.path("message").asText();
            }
        } catch (final JsonProcessingException e) {
            // not a registry error body (a proxy's HTML page, say): report the status and a snippet
            log.debug("Error body from {} is not JSON", uri, e);
        }
        if (message == null) {
            message = "HTTP " + status + " from " + method + " " + uri + ": " + snippet(body);
        }
        return new SchemaRegistryException(status, code, message);
    }

    private static JsonNode readJson(final String body, final URI uri) {
        try {
            return JSON.readTree(body);
        } catch (final JsonProcessingException e) {
            throw new SchemaRegistryException("Schema registry at " + uri + " answered with invalid JSON: " + snippet(body), e);
        }
    }

    private static int requiredInt(final JsonNode node, final String field) {
        final JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException(200, 0, "Schema registry answer lacks an integer '" + field + "': " + node);
        }
        return value.asInt();
    }

    private static String requiredText(final JsonNode node, final String field) {
        final JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual()) {
            throw new SchemaRegistryException(200, 0, "Schema registry answer lacks a string '" + field + "': " + node);
        }
        return value.asText();
    }

    private static Schema parse(final String text, final String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (final AvroRuntimeException e) {
            throw new SchemaRegistryException("Schema registry returned an unparseable Avro schema for " + what, e);
        }
    }

    private static String json(final Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    /** Percent-encodes one path segment; URLEncoder is for forms, where a space becomes '+'. */
    static String encode(final String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void pause(final Duration backoff, final SchemaRegistryException cause) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            final SchemaRegistryException interrupted =
                    new SchemaRegistryException("Interrupted while retrying the schema registry", e);
            if (cause != null) {
                interrupted.addSuppressed(cause);
            }
            throw interrupted;
        }
    }

    private static String snippet(final String body) {
        if (body == null) {
            return "";
        }
        final String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    private static List<URI> parseUrls(final String baseUrls) {
        Objects.requireNonNull(baseUrls, "baseUrls");
        final List<URI> urls = new ArrayList<>();
        for (final String part : baseUrls.split(",")) {
            String url = part.trim();
            if (url.isEmpty()) {
                continue;
            }
            while (url.endsWith("/")) {
                url = url.substring(0, url.length() - 1);
            }
            final URI uri = URI.create(url);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("Not an http(s) schema registry URL: '" + part.trim() + "'");
            }
            urls.add(uri);
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("No schema registry URL given");
        }
        return List.copyOf(urls);
    }
}
