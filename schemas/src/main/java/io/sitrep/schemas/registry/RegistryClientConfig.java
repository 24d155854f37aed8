package io.sitrep.schemas.registry;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Registry client settings under the property names Confluent's serdes and Confluent Cloud's
 * {@code client.properties} use, parsed and checked once. Keys it does not know are ignored, so a
 * whole Kafka client configuration can be passed.
 *
 * <table>
 *   <caption>Properties read</caption>
 *   <tr><td>{@code schema.registry.url}</td><td>required; comma-separated http(s) URLs</td></tr>
 *   <tr><td>{@code basic.auth.credentials.source}</td><td>{@code USER_INFO} (default here; Confluent's
 *       default is {@code URL}) or {@code URL} (user info from the URL)</td></tr>
 *   <tr><td>{@code basic.auth.user.info}, or {@code schema.registry.basic.auth.user.info}</td>
 *       <td>{@code user:password}</td></tr>
 *   <tr><td>{@code bearer.auth.credentials.source}</td><td>{@code STATIC_TOKEN} only</td></tr>
 *   <tr><td>{@code bearer.auth.token}</td><td>sent as {@code Authorization: Bearer ...}</td></tr>
 *   <tr><td>{@code schema.registry.ssl.*}</td><td>see {@link RegistryTlsConfig}</td></tr>
 *   <tr><td>{@code max.schemas.per.subject}</td><td>entries per client cache (default 1000)</td></tr>
 * </table>
 *
 * @param urls          comma-separated base URLs
 * @param userInfo      {@code user:password} for basic authentication, or null (then a URL's user info, if any)
 * @param bearerToken   a static bearer token, or null
 * @param tls           TLS stores and hostname verification, or null for the JVM's defaults
 * @param cacheCapacity entries per client cache
 */
public record RegistryClientConfig(String urls, String userInfo, String bearerToken, RegistryTlsConfig tls,
                                   int cacheCapacity) {
    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String REGISTRY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String BEARER_AUTH_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String MAX_SCHEMAS_PER_SUBJECT = "max.schemas.per.subject";

    /**
     * Reads the properties listed above.
     *
     * @throws InvalidRegistrySettingException naming the first property that is missing or wrong
     */
    public static RegistryClientConfig fromProperties(final Map<String, String> properties) {
        final String urls = trimmed(properties, URL);
        if (urls == null) {
            throw new InvalidRegistrySettingException(URL, "missing; give the registry's URL, e.g. https://registry.example:8081");
        }
        try {
            RegistryTransport.parseUrls(urls);
        } catch (final IllegalArgumentException e) {
            throw new InvalidRegistrySettingException(URL, e.getMessage(), e);
        }
        final String userInfo = userInfo(properties);
        final String bearerToken = bearerToken(properties);
        if (userInfo != null && bearerToken != null) {
            throw new InvalidRegistrySettingException(BEARER_AUTH_TOKEN,
                    "give either basic authentication (" + BASIC_AUTH_USER_INFO + ") or a bearer token, not both");
        }
        return new RegistryClientConfig(urls, userInfo, bearerToken, RegistryTlsConfig.fromProperties(properties),
                cacheCapacity(properties));
    }

    /**
     * As {@link #fromProperties}, for a Kafka client configuration whose values may be other than
     * strings (a list of URLs, numbers).
     */
    public static RegistryClientConfig fromConfigs(final Map<String, ?> configs) {
        return fromProperties(configs.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() instanceof List<?> list
                        ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                        : e.getValue().toString())));
    }

    /** A client with these settings; the TLS stores are read now. */
    public HttpSchemaRegistryClient newClient() {
        final HttpSchemaRegistryClient.Builder builder = HttpSchemaRegistryClient.builder(urls)
                .basicAuth(userInfo)
                .sslContext(tls == null ? null : tls.sslContext())
                .cacheCapacity(cacheCapacity);
        if (bearerToken != null) {
            builder.bearerToken(bearerToken);
        }
        return builder.build();
    }

    /** Secrets left out. */
    @Override
    public String toString() {
        return "RegistryClientConfig[urls=" + urls + ", basicAuth=" + (userInfo == null ? "none" : "user " + user(userInfo))
                + ", bearerToken=" + (bearerToken == null ? "none" : "(hidden)") + ", tls=" + tls
                + ", cacheCapacity=" + cacheCapacity + "]";
    }

    private static String userInfo(final Map<String, String> properties) {
        final String source = upper(properties, BASIC_AUTH_SOURCE);
        final String key = trimmed(properties, BASIC_AUTH_USER_INFO) != null ? BASIC_AUTH_USER_INFO : REGISTRY_BASIC_AUTH_USER_INFO;
        final String userInfo = trimmed(properties, key);
        if ("URL".equals(source)) {
            return null;
        }
        if (source != null && !"USER_INFO".equals(source)) {
            throw new InvalidRegistrySettingException(BASIC_AUTH_SOURCE,
                    "'" + source + "' is not supported; use USER_INFO (with " + BASIC_AUTH_USER_INFO + ") or URL");
        }
        if (userInfo == null) {
            if (source != null) {
                throw new InvalidRegistrySettingException(BASIC_AUTH_USER_INFO,
                        "missing; " + BASIC_AUTH_SOURCE + "=USER_INFO needs user:password");
            }
            return null;
        }
        if (userInfo.indexOf(':') < 1) {
            throw new InvalidRegistrySettingException(key, "must be user:password (an API key and its secret)");
        }
        return userInfo;
    }

    private static String bearerToken(final Map<String, String> properties) {
        final String source = upper(properties, BEARER_AUTH_SOURCE);
        final String token = trimmed(properties, BEARER_AUTH_TOKEN);
        if (source != null && !"STATIC_TOKEN".equals(source)) {
            throw new InvalidRegistrySettingException(BEARER_AUTH_SOURCE,
                    "'" + source + "' is not supported; use STATIC_TOKEN with " + BEARER_AUTH_TOKEN);
        }
        if (source != null && token == null) {
            throw new InvalidRegistrySettingException(BEARER_AUTH_TOKEN, "missing; " + BEARER_AUTH_SOURCE + "=STATIC_TOKEN needs a token");
        }
        return token;
    }

    private static int cacheCapacity(final Map<String, String> properties) {
        final String value = trimmed(properties, MAX_SCHEMAS_PER_SUBJECT);
        if (value == null) {
            return HttpSchemaRegistryClient.DEFAULT_CACHE_CAPACITY;
        }
        try {
            final int capacity = Integer.parseInt(value);
            if (capacity >= 1) {
                return capacity;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new InvalidRegistrySettingException(MAX_SCHEMAS_PER_SUBJECT, "'" + value + "' is not a whole number >= 1");
    }

    /** The value, trimmed; null when absent or blank. */
    static String trimmed(final Map<String, String> properties, final String key) {
        final String value = properties.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String upper(final Map<String, String> properties, final String key) {
        final String value = trimmed(properties, key);
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    private static String user(final String userInfo) {
        return userInfo.substring(0, userInfo.indexOf(':'));
    }
}
