package io.sitrep.schemas.registry;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API (v1), using only the JDK
 * HTTP client and Jackson: the API calls and their caches here, the HTTP requests (auth, failover,
 * retries, errors) in {@link RegistryTransport}. Works against Confluent Schema Registry and registries that speak its
 * API (Karapace, Redpanda, Apicurio's ccompat endpoint, sitrep's embedded registry).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Thread-safe. Answers that never change (id → schema, (subject, schema) → id) are cached in
 *       bounded LRU caches ({@value #DEFAULT_CACHE_CAPACITY} entries each unless configured);
 *       {@link #latest(String)}, the listings and the admin calls always ask.</li>
 *   <li>A refusal by the registry throws {@link SchemaRegistryException} with the HTTP status and
 *       the Confluent {@code error_code} (0 when the body carried none). Failure to reach any of the
 *       URLs throws it with status 0 and a message naming the URLs.</li>
 *   <li>Connection failures, 5xx and 429 answers are retried ({@value #DEFAULT_RETRIES} times unless
 *       configured) with a doubling, jittered backoff; on a connection failure the next base URL is
 *       tried first. A refusal (4xx) is never retried.</li>
 *   <li>Authentication: HTTP basic ({@code user:password}, also taken from a URL's user info) or a
 *       bearer token (static or from a supplier asked on every request). TLS uses the JVM's default
 *       trust store ({@code javax.net.ssl.trustStore}) unless an {@link SSLContext} is given, or
 *       Confluent's {@code schema.registry.ssl.*} stores through {@link #fromConfig(Map)}.</li>
 * </ul>
 * Not supported: non-Avro schema types, schema contexts, OAuth token endpoints (pass a token
 * supplier instead), PEM stores.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
    static final int DEFAULT_RETRIES = 2;
    static final int DEFAULT_CACHE_CAPACITY = 1000;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final RegistryTransport transport;
    private final BoundedCache<SubjectSchema, Integer> idBySubjectSchema;
    private final BoundedCache<SubjectSchema, RegisteredSchema> versionBySubjectSchema;
    private final BoundedCache<Integer, Schema> schemaById;

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
        this(builder(baseUrls).basicAuth(userInfo).requestTimeout(requestTimeout).retries(retries));
    }

    private HttpSchemaRegistryClient(final Builder b) {
        this.transport = new RegistryTransport(b.baseUrls, b.userInfo, b.bearerToken, b.requestTimeout, b.retries,
                b.sslContext);
        this.idBySubjectSchema = new BoundedCache<>(b.cacheCapacity);
        this.versionBySubjectSchema = new BoundedCache<>(b.cacheCapacity);
        this.schemaById = new BoundedCache<>(b.cacheCapacity);
    }

    /** Starts a client for one or more comma-separated base URLs. */
    public static Builder builder(final String baseUrls) {
        return new Builder(baseUrls);
    }

    /**
     * A client from Confluent's property names, as in Confluent Cloud's {@code client.properties}:
     * {@code schema.registry.url}, basic or bearer authentication, {@code schema.registry.ssl.*}
     * (see {@link RegistryClientConfig} and {@link RegistryTlsConfig}). Other keys are ignored, so
     * a whole client configuration can be passed. TLS stores are read now.
     *
     * @throws InvalidRegistrySettingException naming the property that is missing or wrong
     */
    public static HttpSchemaRegistryClient fromConfig(final Map<String, String> properties) {
        return RegistryClientConfig.fromProperties(properties).newClient();
    }

    /** As {@link #fromConfig}, for a Kafka serde's configuration map (values need not be strings). */
    public static HttpSchemaRegistryClient fromConfigs(final Map<String, ?> configs) {
        return RegistryClientConfig.fromConfigs(configs).newClient();
    }

    /** Settings of an {@link HttpSchemaRegistryClient}; every one is optional. */
    public static final class Builder {
        private final String baseUrls;
        private String userInfo;
        private Supplier<String> bearerToken;
        private Duration requestTimeout = DEFAULT_TIMEOUT;
        private int retries = DEFAULT_RETRIES;
        private int cacheCapacity = DEFAULT_CACHE_CAPACITY;
        private SSLContext sslContext;

        private Builder(final String baseUrls) {
            this.baseUrls = baseUrls;
        }

        /** HTTP basic authentication as {@code user:password}; null or blank for none. */
        public Builder basicAuth(final String userInfo) {
            this.userInfo = userInfo;
            return this;
        }

        /** A static bearer token ({@code Authorization: Bearer ...}). */
        public Builder bearerToken(final String token) {
            Objects.requireNonNull(token, "token");
            this.bearerToken = () -> token;
            return this;
        }

        /** A bearer token asked for on every request, so that an expiring token can be refreshed. */
        public Builder bearerToken(final Supplier<String> tokens) {
            this.bearerToken = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** Timeout for connecting and for each request (default 10 s). */
        public Builder requestTimeout(final Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Extra attempts after a connection failure, a 5xx or a 429 (default 2). */
        public Builder retries(final int retries) {
            this.retries = retries;
            return this;
        }

        /** Entries per cache (default 1000, as Confluent's {@code max.schemas.per.subject}). */
        public Builder cacheCapacity(final int capacity) {
            this.cacheCapacity = capacity;
            return this;
        }

        /** TLS settings; without one the JVM's default trust store is used. */
        public Builder sslContext(final SSLContext context) {
            this.sslContext = context;
            return this;
        }

        public HttpSchemaRegistryClient build() {
            return new HttpSchemaRegistryClient(this);
        }
    }

    @Override
    public int register(final String subject, final Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        // No computeIfAbsent: it would hold a lock during the HTTP call. Two threads racing for
        // one key both ask the registry, which answers both with the same id.
        final SubjectSchema key = new SubjectSchema(subject, schema);
        final Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        final int id = register(subject, schema.toString(), List.of());
        idBySubjectSchema.put(key, id);
        return id;
    }

    /**
     * Registers schema text with references to named types under other subjects, uncached.
     *
     * @return the global id
     */
    public int register(final String subject, final String schema, final List<SchemaReference> references) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("schema", schema);
        if (!references.isEmpty()) {
            body.put("references", references);
        }
        return requiredInt(send("POST", subjectPath(subject) + "/versions", json(body)), "id");
    }

    @Override
    public Schema getById(final int id) {
        final Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        final JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        final Schema schema = parse(requiredText(answer, "schema"), references(answer), "schema id " + id);
        schemaById.put(id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema latest(final String subject) {
        return version(subject, -1);
    }

    /** One version of a subject; {@code -1} is the latest. 40401 / 40402 when unknown. */
    public RegisteredSchema version(final String subject, final int version) {
        Objects.requireNonNull(subject, "subject");
        final JsonNode answer = send("GET", subjectPath(subject) + "/versions/" + (version == -1 ? "latest" : version), null);
        return registered(subject, answer);
    }

    @Override
    public RegisteredSchema lookup(final String subject, final Schema schema) {
        final SubjectSchema key = new SubjectSchema(subject, schema);
        final RegisteredSchema cached = versionBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        final RegisteredSchema found = registered(subject,
                send("POST", subjectPath(subject), json(Map.of("schema", schema.toString()))));
        versionBySubjectSchema.put(key, found);
        return found;
    }

    /** Subjects with at least one live version, sorted. */
    public List<String> subjects() {
        final List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(n -> subjects.add(n.asText()));
        return subjects;
    }

    /** Live version numbers of a subject, ascending. 40401 when unknown. */
    public List<Integer> versions(final String subject) {
        final List<Integer> versions = new ArrayList<>();
        send("GET", subjectPath(subject) + "/versions", null).forEach(n -> versions.add(n.asInt()));
        return versions;
    }

    /**
     * May {@code schema} be registered under {@code subject} as its next version? Asks
     * {@code POST /compatibility/subjects/{s}/versions/latest?verbose=true}. A subject that does
     * not exist yet (40401) accepts any schema.
     */
    public CompatibilityResult testCompatibility(final String subject, final Schema schema) {
        final JsonNode answer;
        try {
            answer = send("POST", "/compatibility" + subjectPath(subject) + "/versions/latest?verbose=true",
                    json(Map.of("schema", schema.toString())));
        } catch (final SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
                return new CompatibilityResult(true, List.of());
            }
            throw e;
        }
        final List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(n -> messages.add(n.asText()));
        return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
    }

    /** The registry-wide compatibility level. */
    public CompatibilityLevel globalCompatibility() {
        return CompatibilityLevel.parse(requiredText(send("GET", "/config", null), "compatibilityLevel"));
    }

    /** The subject's own compatibility level; empty when it follows the global one (40408). */
    public Optional<CompatibilityLevel> compatibility(final String subject) {
        try {
            return Optional.of(CompatibilityLevel.parse(
                    requiredText(send("GET", "/config/" + encode(subject), null), "compatibilityLevel")));
        } catch (final SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sets the compatibility level of {@code subject}, or the global one when {@code subject} is null. */
    public void setCompatibility(final String subject, final CompatibilityLevel level) {
        send("PUT", subject == null ? "/config" : "/config/" + encode(subject), json(Map.of("compatibility", level.name())));
    }

    /**
     * Deletes every version of a subject: softly (ids keep resolving) or, after a soft delete,
     * permanently. Returns the deleted version numbers.
     */
    public List<Integer> deleteSubject(final String subject, final boolean permanent) {
        final List<Integer> versions = new ArrayList<>();
        send("DELETE", subjectPath(subject) + (permanent ? "?permanent=true" : ""), null).forEach(n -> versions.add(n.asInt()));
        return versions;
    }

    /** Deletes one version ({@code -1} = latest), softly or, after a soft delete, permanently. */
    public int deleteVersion(final String subject, final int version, final boolean permanent) {
        return send("DELETE", subjectPath(subject) + "/versions/" + (version == -1 ? "latest" : version)
                + (permanent ? "?permanent=true" : ""), null).asInt();
    }

    /** The base URLs this client talks to, in the order given (without user info). */
    public List<URI> baseUrls() {
        return transport.baseUrls();
    }

    private RegisteredSchema registered(final String subject, final JsonNode answer) {
        final int id = requiredInt(answer, "id");
        final Schema schema = parse(requiredText(answer, "schema"), references(answer), "subject " + subject);
        if (schemaById.get(id) == null) {
            schemaById.put(id, schema);
        }
        return new RegisteredSchema(subject, requiredInt(answer, "version"), id, schema);
    }

    /** Parses schema text after the named types it references, fetched (depth first) by subject and version. */
    private Schema parse(final String text, final List<SchemaReference> references, final String what) {
        try {
            final Schema.Parser parser = new Schema.Parser();
            SchemaReferences.load(parser, references, ref -> {
                final JsonNode answer = send("GET", subjectPath(ref.subject()) + "/versions/" + ref.version(), null);
                return new SchemaReferences.Referenced(requiredText(answer, "schema"), references(answer));
            });
            return parser.parse(text);
        } catch (final AvroRuntimeException e) {
            throw new SchemaRegistryException("Schema registry returned an unparseable Avro schema for " + what, e);
        }
    }

    private static List<SchemaReference> references(final JsonNode answer) {
        return SchemaReferences.fromJson(answer.path("references"));
    }

    private JsonNode send(final String method, final String path, final String body) {
        return transport.send(method, path, body);
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

    private static String json(final Object value) {
        return RegistryTransport.json(value);
    }

    private static String subjectPath(final String subject) {
        return "/subjects/" + encode(subject);
    }

    /** Percent-encodes one path segment; URLEncoder is for forms, where a space becomes '+'. */
    static String encode(final String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
