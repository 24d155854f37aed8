package io.sitrep.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Confluent-named registry client properties: what is read, and the errors that name the bad key. */
class RegistryClientConfigTest {
    private static final String URL = "https://psrc-00000.region.provider.confluent.cloud";

    @TempDir
    Path dir;

    private static Map<String, String> properties(final String... keysAndValues) {
        final Map<String, String> map = new HashMap<>();
        map.put("schema.registry.url", URL);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static void assertRefused(final Map<String, String> properties, final String key, final String problem) {
        assertThatThrownBy(() -> HttpSchemaRegistryClient.fromConfig(properties))
                .isInstanceOfSatisfying(InvalidRegistrySettingException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void shouldReadConfluentCloudSettingsAndIgnoreKafkaOnes() {
        final RegistryClientConfig config = RegistryClientConfig.fromProperties(properties(
                "bootstrap.servers", "pkc-1.example:9092", "sasl.jaas.config", "whatever",
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "KEY:SECRET",
                "max.schemas.per.subject", "50"));

        assertThat(config).isEqualTo(new RegistryClientConfig(URL, "KEY:SECRET", null, null, 50));
        assertThat(config.toString()).contains("user KEY").doesNotContain("SECRET");
        assertThat(HttpSchemaRegistryClient.fromConfig(properties()).baseUrls()).extracting(Object::toString).containsExactly(URL);
    }

    @Test
    void shouldTakeUserInfoFromUrlWhenSourceIsUrl() {
        final RegistryClientConfig config = RegistryClientConfig.fromProperties(properties(
                "basic.auth.credentials.source", "URL", "basic.auth.user.info", "ignored:here"));

        assertThat(config.userInfo()).isNull();
    }

    @Test
    void shouldJoinUrlListWhenKafkaConfigGivesOne() {
        final Map<String, Object> configs = Map.of("schema.registry.url", List.of("http://a:8081", "http://b:8081"),
                "max.schemas.per.subject", 7);

        assertThat(RegistryClientConfig.fromConfigs(configs)).isEqualTo(
                new RegistryClientConfig("http://a:8081,http://b:8081", null, null, null, 7));
    }

    @Test
    void shouldNameTheKeyWhenUrlOrAuthenticationIsWrong() {
        final Map<String, String> noUrl = properties();
        noUrl.remove("schema.registry.url");
        assertRefused(noUrl, "schema.registry.url", "missing");
        assertRefused(properties("schema.registry.url", "ftp://registry"), "schema.registry.url", "Not an http(s)");
        assertRefused(properties("basic.auth.credentials.source", "SASL_INHERIT"), "basic.auth.credentials.source",
                "'SASL_INHERIT' is not supported");
        assertRefused(properties("basic.auth.credentials.source", "USER_INFO"), "basic.auth.user.info", "missing");
        assertRefused(properties("schema.registry.basic.auth.user.info", "no-colon"), "schema.registry.basic.auth.user.info",
                "user:password");
        assertRefused(properties("bearer.auth.credentials.source", "OAUTHBEARER", "bearer.auth.token", "t"),
                "bearer.auth.credentials.source", "'OAUTHBEARER' is not supported");
        assertRefused(properties("bearer.auth.credentials.source", "STATIC_TOKEN"), "bearer.auth.token", "missing");
        assertRefused(properties("basic.auth.user.info", "a:b", "bearer.auth.token", "t"), "bearer.auth.token", "not both");
        assertRefused(properties("max.schemas.per.subject", "many"), "max.schemas.per.subject", "'many'");
    }

    @Test
    void shouldNameTheKeyWhenTruststoreFileIsMissing() {
        final Path missing = dir.resolve("no-such-truststore.jks");

        assertRefused(properties("schema.registry.ssl.truststore.location", missing.toString(),
                "schema.registry.ssl.truststore.password", "changeit"),
                "schema.registry.ssl.truststore.location", "file " + missing.toAbsolutePath() + " does not exist");
        assertRefused(properties("schema.registry.ssl.keystore.location", missing.toString()),
                "schema.registry.ssl.keystore.location", "does not exist");
    }

    @Test
    void shouldNameThePasswordKeyWhenTruststorePasswordIsWrong() throws Exception {
        final Path truststore = dir.resolve("trust.p12");
        final KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        try (OutputStream out = Files.newOutputStream(truststore)) {
            empty.store(out, "right".toCharArray());
        }

        assertRefused(properties("schema.registry.ssl.truststore.location", truststore.toString(),
                "schema.registry.ssl.truststore.password", "wrong", "schema.registry.ssl.truststore.type", "PKCS12"),
                "schema.registry.ssl.truststore.password", "cannot open PKCS12 store");
        assertThat(HttpSchemaRegistryClient.fromConfig(properties("schema.registry.ssl.truststore.location", truststore.toString(),
                "schema.registry.ssl.truststore.password", "right", "schema.registry.ssl.truststore.type", "pkcs12")))
                .isNotNull();
    }

    @Test
    void shouldNameTheKeyWhenStoreTypeOrHostnameCheckIsUnsupported() {
        assertRefused(properties("schema.registry.ssl.truststore.location", "/etc/hostname",
                "schema.registry.ssl.truststore.type", "PEM"), "schema.registry.ssl.truststore.type", "'PEM' is not supported");
        assertRefused(properties("schema.registry.ssl.endpoint.identification.algorithm", "ldaps"),
                "schema.registry.ssl.endpoint.identification.algorithm", "'ldaps' is not supported");
        assertThat(RegistryClientConfig.fromProperties(properties("schema.registry.ssl.endpoint.identification.algorithm", ""))
                .tls().verifyHostname()).isFalse();
    }
}
