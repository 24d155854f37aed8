package io.sitrep.embedded.registry;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed server certificate made with the JDK's {@code keytool} (the JDK has no public API
 * that writes X.509 certificates), in a PKCS12 keystore, plus a PKCS12 truststore that trusts it.
 */
final class SelfSignedCertificate {
    static final String KEYSTORE_PASSWORD = "server-pass";
    static final String TRUSTSTORE_PASSWORD = "trust-pass";

    final Path keystore;
    final Path truststore;

    private SelfSignedCertificate(final Path keystore, final Path truststore) {
        this.keystore = keystore;
        this.truststore = truststore;
    }

    /**
     * @param subjectAltName as keytool's {@code SAN=} extension, e.g. {@code ip:127.0.0.1}
     */
    static SelfSignedCertificate create(final Path dir, final String name, final String subjectAltName)
            throws IOException, InterruptedException, GeneralSecurityException {
        final Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "no keytool in " + keytool.getParent() + ": cannot make a test certificate");
        final Path keystore = dir.resolve(name + "-server.p12");
        final Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=" + subjectAltName,
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD))
                .redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        final KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", load(keystore, KEYSTORE_PASSWORD).getCertificate("server"));
        final Path truststore = dir.resolve(name + "-trust.p12");
        try (OutputStream out = Files.newOutputStream(truststore)) {
            trust.store(out, TRUSTSTORE_PASSWORD.toCharArray());
        }
        return new SelfSignedCertificate(keystore, truststore);
    }

    /** A server-side context presenting this certificate. */
    SSLContext serverContext() throws IOException, GeneralSecurityException {
        return serverContextTrusting(null);
    }

    /** A server-side context presenting this certificate and trusting {@code client}'s (null: the JVM's defaults). */
    SSLContext serverContextTrusting(final SelfSignedCertificate client) throws IOException, GeneralSecurityException {
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore, KEYSTORE_PASSWORD), KEYSTORE_PASSWORD.toCharArray());
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(client == null ? null : load(client.truststore, TRUSTSTORE_PASSWORD));
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(final Path file, final String password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        }
    }
}
