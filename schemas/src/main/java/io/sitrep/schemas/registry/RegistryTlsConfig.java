package io.sitrep.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS settings of a registry client under Confluent's {@code schema.registry.ssl.*} names: a
 * truststore (whom to trust; the JVM's defaults when absent), a keystore (a client certificate,
 * for registries that ask for one) and whether the server's certificate must name its host.
 *
 * @param truststore            file, password (may be null) and type; null for the JVM's trust store
 * @param keystore              file, password and type; null for no client certificate
 * @param keyPassword           password of the key inside the keystore; null: the keystore's password
 * @param verifyHostname        false when {@code schema.registry.ssl.endpoint.identification.algorithm} is empty
 */
public record RegistryTlsConfig(Store truststore, Store keystore, String keyPassword, boolean verifyHostname) {
    public static final String PREFIX = "schema.registry.ssl.";
    public static final String TRUSTSTORE_LOCATION = PREFIX + "truststore.location";
    public static final String TRUSTSTORE_PASSWORD = PREFIX + "truststore.password";
    public static final String TRUSTSTORE_TYPE = PREFIX + "truststore.type";
    public static final String KEYSTORE_LOCATION = PREFIX + "keystore.location";
    public static final String KEYSTORE_PASSWORD = PREFIX + "keystore.password";
    public static final String KEYSTORE_TYPE = PREFIX + "keystore.type";
    public static final String KEY_PASSWORD = PREFIX + "key.password";
    public static final String ENDPOINT_IDENTIFICATION_ALGORITHM = PREFIX + "endpoint.identification.algorithm";
    /** Kafka's and Confluent's default store type; Java also reads PKCS12 files through it. */
    private static final String DEFAULT_TYPE = "JKS";

    /** A key or trust store file. {@code locationKey} and {@code passwordKey} name its properties in errors. */
    public record Store(Path location, String password, String type, String locationKey, String passwordKey) {
        @Override
        public String toString() {
            return type + " " + location;
        }

        KeyStore load() {
            try (InputStream in = Files.newInputStream(location)) {
                final KeyStore store = KeyStore.getInstance(type);
                store.load(in, password == null ? null : password.toCharArray());
                return store;
            } catch (final IOException e) {
                // KeyStore.load reports a wrong password as an IOException whose cause is unrecoverable
                throw new InvalidRegistrySettingException(passwordKey, "cannot open " + type + " store " + location
                        + " (wrong password, or not a " + type + " file): " + e.getMessage(), e);
            } catch (final GeneralSecurityException e) {
                throw new InvalidRegistrySettingException(locationKey, "cannot read " + type + " store " + location + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** The TLS settings among {@code properties}; null when none of them is set. */
    public static RegistryTlsConfig fromProperties(final Map<String, String> properties) {
        if (properties.keySet().stream().noneMatch(k -> k.startsWith(PREFIX))) {
            return null;
        }
        final Store truststore = store(properties, TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE);
        final Store keystore = store(properties, KEYSTORE_LOCATION, KEYSTORE_PASSWORD, KEYSTORE_TYPE);
        final String algorithm = properties.get(ENDPOINT_IDENTIFICATION_ALGORITHM);
        final boolean verify = algorithm == null || !algorithm.isBlank();
        if (verify && algorithm != null && !algorithm.trim().equalsIgnoreCase("https")) {
            throw new InvalidRegistrySettingException(ENDPOINT_IDENTIFICATION_ALGORITHM,
                    "'" + algorithm + "' is not supported; use https (the default) or an empty value to skip hostname checks");
        }
        return new RegistryTlsConfig(truststore, keystore, RegistryClientConfig.trimmed(properties, KEY_PASSWORD), verify);
    }

    private static Store store(final Map<String, String> properties, final String locationKey, final String passwordKey,
                               final String typeKey) {
        final String location = RegistryClientConfig.trimmed(properties, locationKey);
        if (location == null) {
            return null;
        }
        final String type = RegistryClientConfig.trimmed(properties, typeKey);
        final String upper = type == null ? DEFAULT_TYPE : type.toUpperCase(Locale.ROOT);
        if (!upper.equals("JKS") && !upper.equals("PKCS12")) {
            throw new InvalidRegistrySettingException(typeKey, "'" + type + "' is not supported; use JKS or PKCS12");
        }
        final Path path = Path.of(location);
        final Store store = new Store(path, properties.get(passwordKey), upper, locationKey, passwordKey);
        if (!Files.isRegularFile(path)) {
            throw new InvalidRegistrySettingException(locationKey, "file " + path.toAbsolutePath() + " does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new InvalidRegistrySettingException(locationKey, "file " + path.toAbsolutePath() + " cannot be read");
        }
        return store;
    }

    /**
     * Builds the TLS context: reads the stores now, so a wrong password shows at start-up.
     *
     * @throws InvalidRegistrySettingException naming the property of a store that cannot be read
     */
    public SSLContext sslContext() {
        try {
            final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(truststore == null ? null : truststore.load());
            KeyManager[] keys = null;
            if (keystore != null) {
                final KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                final String password = keyPassword != null ? keyPassword : keystore.password();
                try {
                    factory.init(keystore.load(), password == null ? null : password.toCharArray());
                } catch (final GeneralSecurityException e) {
                    throw new InvalidRegistrySettingException(KEY_PASSWORD, "cannot read the key in " + keystore.location()
                            + " (wrong key password?): " + e.getMessage(), e);
                }
                keys = factory.getKeyManagers();
            }
            TrustManager[] trustManagers = trust.getTrustManagers();
            if (!verifyHostname) {
                trustManagers = new TrustManager[] {new AnyHostname(trustManagers)};
            }
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trustManagers, null);
            return context;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot set up TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "RegistryTlsConfig[truststore=" + truststore + ", keystore=" + keystore + ", verifyHostname=" + verifyHostname + "]";
    }

    /**
     * Checks the server's chain as the wrapped trust manager does, without the host name: the JDK's
     * HTTP client always asks SSLEngine for hostname checks, and SSLEngine leaves them to an
     * extended trust manager, whose two-argument check has no host to compare.
     */
    private static final class AnyHostname extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;

        AnyHostname(final TrustManager[] managers) {
            X509TrustManager found = null;
            for (final TrustManager m : managers) {
                if (m instanceof X509TrustManager x) {
                    found = x;
                }
            }
            if (found == null) {
                throw new IllegalStateException("No X.509 trust manager in this JVM");
            }
            this.delegate = found;
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        // a client's trust manager is never asked about client certificates
        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType) throws CertificateException {
            throw new CertificateException("a registry client does not check client certificates");
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
