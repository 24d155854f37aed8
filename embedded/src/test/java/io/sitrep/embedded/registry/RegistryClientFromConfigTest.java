package io.sitrep.embedded.registry;

import static io.sitrep.embedded.registry.RegistryHttp.field;
import static io.sitrep.embedded.registry.RegistryHttp.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HttpSchemaRegistryClient#fromConfig} with the properties Confluent Cloud's
 * {@code client.properties} holds, over real HTTP(S): against the embedded registry (with basic
 * authentication, and over HTTPS with a self-signed certificate), and against a small server that
 * records the {@code Authorization} header.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RegistryClientFromConfigTest {
    @TempDir
    static Path certificates;

    @RegisterExtension
    static final RegistryTestCluster CLUSTER = new RegistryTestCluster();
    private static EmbeddedSchemaRegistry secured;
    private static EmbeddedSchemaRegistry https;
    private static EmbeddedSchemaRegistry httpsForOtherHost;
    private static SelfSignedCertificate certificate;
    private static SelfSignedCertificate otherHostCertificate;

    private String subject;
    private Schema schema;

    @BeforeAll
    static void start() throws Exception {
        certificate = SelfSignedCertificate.create(certificates, "registry", "ip:127.0.0.1");
        otherHostCertificate = SelfSignedCertificate.create(certificates, "elsewhere", "dns:elsewhere.invalid");
        final EmbeddedSchemaRegistry.Options options = EmbeddedSchemaRegistry.Options.defaults();
        secured = CLUSTER.registry(options.withUsers(Map.of("alice", "s3cret")));
        https = CLUSTER.registry(options.withTls(certificate.serverContext()));
        httpsForOtherHost = CLUSTER.registry(options.withTls(otherHostCertificate.serverContext()));
    }

    @BeforeEach
    void names(final TestInfo info) {
        subject = info.getTestMethod().orElseThrow().getName() + "-value";
        schema = record("C" + Math.abs(subject.hashCode()), field("a", "\"string\""));
    }

    /** What Confluent Cloud hands out, Kafka settings included: the client must skip those. */
    private static Map<String, String> clientProperties(final String registryUrl) {
        final Map<String, String> properties = new HashMap<>();
        properties.put("bootstrap.servers", "pkc-00000.region.provider.confluent.cloud:9092");
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanisms", "PLAIN");
        properties.put("session.timeout.ms", "45000");
        properties.put("schema.registry.url", registryUrl);
        return properties;
    }

    @Test
    void shouldAuthenticateWithUserInfoWhenClientPropertiesSayUserInfo() {
        final Map<String, String> properties = clientProperties(secured.url());
        properties.put("basic.auth.credentials.source", "USER_INFO");
        properties.put("basic.auth.user.info", "alice:s3cret");

        final HttpSchemaRegistryClient client = HttpSchemaRegistryClient.fromConfig(properties);
        final int id = client.register(subject, schema);

        assertThat(HttpSchemaRegistryClient.fromConfig(properties).getById(id)).isEqualTo(schema);
        properties.put("basic.auth.user.info", "alice:guess");
        assertThatThrownBy(() -> HttpSchemaRegistryClient.fromConfig(properties).latest(subject))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
    }

    @Test
    void shouldAuthenticateWhenUserInfoHasTheRegistryPrefixedName() {
        final Map<String, String> properties = clientProperties(secured.url());
        properties.put("basic.auth.credentials.source", "USER_INFO");
        properties.put("schema.registry.basic.auth.user.info", "alice:s3cret");

        assertThat(HttpSchemaRegistryClient.fromConfig(properties).register(subject, schema)).isPositive();
    }

    @Test
    void shouldSendBasicAndBearerAuthorizationHeadersWhenConfigured() throws IOException {
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final HttpServer recorder = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        recorder.createContext("/", exchange -> answerWithSchema(exchange, authorizations));
        recorder.start();
        try {
            final String url = "http://127.0.0.1:" + recorder.getAddress().getPort();
            final Map<String, String> basic = clientProperties(url);
            basic.put("basic.auth.credentials.source", "USER_INFO");
            basic.put("basic.auth.user.info", "key-1:secret-1");
            final Map<String, String> bearer = clientProperties(url);
            bearer.put("bearer.auth.credentials.source", "STATIC_TOKEN");
            bearer.put("bearer.auth.token", "token-abc");

            HttpSchemaRegistryClient.fromConfig(basic).getById(1);
            HttpSchemaRegistryClient.fromConfig(bearer).getById(1);

            assertThat(authorizations).containsExactly("Basic a2V5LTE6c2VjcmV0LTE=", "Bearer token-abc");
        } finally {
            recorder.stop(0);
        }
    }

    @Test
    void shouldReachHttpsRegistryWhenTruststoreTrustsItsCertificate() {
        final Map<String, String> properties = clientProperties(https.url());
        properties.put("schema.registry.ssl.truststore.location", certificate.truststore.toString());
        properties.put("schema.registry.ssl.truststore.password", SelfSignedCertificate.TRUSTSTORE_PASSWORD);
        properties.put("schema.registry.ssl.truststore.type", "PKCS12");

        assertThat(https.url()).startsWith("https://");
        final int id = HttpSchemaRegistryClient.fromConfig(properties).register(subject, schema);
        assertThat(HttpSchemaRegistryClient.fromConfig(properties).getById(id)).isEqualTo(schema);
    }

    @Test
    void shouldRefuseHttpsRegistryWhenNoTruststoreTrustsItsCertificate() {
        final HttpSchemaRegistryClient client = HttpSchemaRegistryClient.fromConfig(clientProperties(https.url()));

        assertThatThrownBy(() -> client.register(subject, schema))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isZero())
                .hasRootCauseInstanceOf(CertPathBuilderException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void shouldCheckHostnameUnlessEndpointIdentificationIsEmpty() {
        final Map<String, String> properties = clientProperties(httpsForOtherHost.url());
        properties.put("schema.registry.ssl.truststore.location", otherHostCertificate.truststore.toString());
        properties.put("schema.registry.ssl.truststore.password", SelfSignedCertificate.TRUSTSTORE_PASSWORD);

        assertThatThrownBy(() -> HttpSchemaRegistryClient.fromConfig(properties).register(subject, schema))
                .as("the certificate is trusted but names elsewhere.invalid, not 127.0.0.1")
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isZero())
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .hasStackTraceContaining("matching IP address 127.0.0.1");
        properties.put("schema.registry.ssl.endpoint.identification.algorithm", "");
        assertThat(HttpSchemaRegistryClient.fromConfig(properties).register(subject, schema)).isPositive();
    }

    @Test
    void shouldPresentClientCertificateWhenKeystoreGiven() throws Exception {
        final SelfSignedCertificate client = SelfSignedCertificate.create(certificates, "client", "dns:client.invalid");
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContextTrusting(client)) {
            @Override
            public void configure(final HttpsParameters params) {
                final SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/", exchange -> answerWithSchema(exchange, authorizations));
        server.start();
        try {
            final Map<String, String> properties = clientProperties("https://127.0.0.1:" + server.getAddress().getPort());
            properties.put("schema.registry.ssl.truststore.location", certificate.truststore.toString());
            properties.put("schema.registry.ssl.truststore.password", SelfSignedCertificate.TRUSTSTORE_PASSWORD);
            assertThatThrownBy(() -> HttpSchemaRegistryClient.fromConfig(properties).getById(1))
                    .as("the server asks for a client certificate")
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isZero());

            properties.put("schema.registry.ssl.keystore.location", client.keystore.toString());
            properties.put("schema.registry.ssl.keystore.password", SelfSignedCertificate.KEYSTORE_PASSWORD);
            properties.put("schema.registry.ssl.keystore.type", "PKCS12");
            properties.put("schema.registry.ssl.key.password", SelfSignedCertificate.KEYSTORE_PASSWORD);
            assertThat(HttpSchemaRegistryClient.fromConfig(properties).getById(1)).isEqualTo(schema);
            assertThat(authorizations).hasSize(1);
        } finally {
            server.stop(0);
        }
    }

    private void answerWithSchema(final HttpExchange exchange, final List<String> authorizations) throws IOException {
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        final String quoted = schema.toString().replace("\\", "\\\\").replace("\"", "\\\"");
        final byte[] body = ("{\"schema\":\"" + quoted + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    }
}
