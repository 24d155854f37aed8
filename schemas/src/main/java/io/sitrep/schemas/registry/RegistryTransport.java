package io.sitrep.schemas.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to a schema registry's REST API over one or more base URLs: authentication headers,
 * failover to the next URL on a connection failure, retries with a doubling, jittered backoff on
 * connection failures, 5xx and 429, and Confluent's JSON error bodies turned into
 * {@link SchemaRegistryException}s. Knows nothing of schemas. Thread-safe.
 */
final class RegistryTransport {
    private static final Logger log = LoggerFactory.getLogger(RegistryTransport.class);

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    // Confluent's own client sends the same list: newest media type first, plain JSON last.
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final Supplier<String> authorization;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int retries;
    /** Index of the base URL that answered last; requests start there. */
    private volatile int preferredUrl;

    /**
     * @param baseUrls    comma-separated http(s) URLs; user info in a URL is basic authentication
     * @param userInfo    {@code user:password} for basic authentication (wins over a URL's), or null/blank
     * @param bearerToken asked on every request for {@code Authorization: Bearer}, or null
     * @param sslContext  TLS settings, or null for the JVM's defaults
     */
    RegistryTransport(final String baseUrls, final String userInfo, final Supplier<String> bearerToken,
                      final Duration requestTimeout, final int retries, final SSLContext sslContext) {
        final List<URI> urls = new ArrayList<>();
        String urlUserInfo = null;
        for (final URI uri : parseUrls(baseUrls)) {
            if (uri.getRawUserInfo() != null) {
                urlUserInfo = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
            }
            urls.add(withoutUserInfo(uri));
        }
        this.baseUrls = List.copyOf(urls);
        if (bearerToken != null && userInfo != null && !userInfo.isBlank()) {
            throw new IllegalArgumentException("Give either basic auth or a bearer token, not both");
        }
        if (bearerToken != null) {
            this.authorization = () -> "Bearer " + Objects.requireNonNull(bearerToken.get(), "bearer token");
        } else {
            final String basic = userInfo != null && !userInfo.isBlank() ? userInfo : urlUserInfo;
            final String header = basic == null
                    ? null
                    : "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8));
            this.authorization = header == null ? null : () -> header;
        }
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, was " + retries);
        }
        this.retries = retries;
        final HttpClient.Builder http = HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (sslContext != null) {
            http.sslContext(sslContext);
        }
        this.http = http.build();
    }

    /** The base URLs, in the order given, without user info. */
    List<URI> baseUrls() {
        return baseUrls;
    }

    /**
     * Sends a request ({@code body} JSON or null) and answers the JSON of a 2xx answer.
     *
     * @throws SchemaRegistryException the registry's refusal (4xx at once; 5xx and 429 once retries
     *                                 run out), or status 0 when no URL could be reached
     */
    JsonNode send(final String method, final String path, final String body) {
        SchemaRegistryException lastFailure = null;
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                pause(backoff, lastFailure);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
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
                if (status < 500 && status != 429) {
                    throw refused;
                }
                // 5xx: the registry may be electing a leader or its store is lagging; 429: rate limit. Retry later.
                lastFailure = refused;
                break;
            }
        }
        throw lastFailure;
    }

    /** The value as a JSON request body. */
    static String json(final Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
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
            builder.header("Authorization", authorization.get());
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

    private static void pause(final Duration backoff, final SchemaRegistryException cause) {
        // full jitter on the upper half: clients failing together do not retry in lockstep
        final long millis = backoff.toMillis() / 2 + ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
        try {
            Thread.sleep(millis);
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

    private static URI withoutUserInfo(final URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        return URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }

    /** Comma-separated http(s) URLs, trailing slashes dropped. */
    static List<URI> parseUrls(final String baseUrls) {
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
        return urls;
    }
}
