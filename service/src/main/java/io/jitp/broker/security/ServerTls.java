package io.jitp.broker.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jboss.logging.Logger;

import io.jitp.broker.config.BrokerConfig;
import io.jitp.broker.config.DataDirectory;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.tls.BaseTlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;

/**
 * The HTTPS identity of the API, registered as the TLS configuration {@value #NAME} before the HTTP server
 * opens its port. With {@code jitp.tls.cert-file}/{@code key-file} it serves those; otherwise (embedded default)
 * it generates, on first start, a local CA ({@code <data-dir>/tls/ca.crt}, the file the CLI and curl trust) and a
 * server certificate for localhost, the loopback addresses and this host's name, renewed when it has less than
 * 30 days left. This is a TLS server identity, not part of the device PKI: it never signs a device certificate.
 */
@ApplicationScoped
public class ServerTls {

    /** Name of the TLS configuration used by the HTTP server ({@code quarkus.http.tls-configuration-name}). */
    public static final String NAME = "jitp-api";

    private static final Logger LOG = Logger.getLogger(ServerTls.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(397);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final BrokerConfig config;
    private final DataDirectory dataDirectory;

    public ServerTls(BrokerConfig config, DataDirectory dataDirectory) {
        this.config = config;
        this.dataDirectory = dataDirectory;
    }

    // Runs before the HTTP server opens its socket: Quarkus starts listening after the startup event.
    void register(@Observes StartupEvent event, TlsConfigurationRegistry registry) {
        Path certFile;
        Path keyFile;
        if (config.tls().certFile().isPresent() || config.tls().keyFile().isPresent()) {
            certFile = config.tls().certFile().orElseThrow(() -> new ConfigurationException(
                    "jitp.tls.key-file is set without jitp.tls.cert-file"));
            keyFile = config.tls().keyFile().orElseThrow(() -> new ConfigurationException(
                    "jitp.tls.cert-file is set without jitp.tls.key-file"));
        } else {
            Path dir = DataDirectory.ensureDirectory(dataDirectory.resolve("tls"));
            certFile = dir.resolve("server.crt");
            keyFile = dir.resolve("server.key");
            ensureGenerated(dir, certFile, keyFile);
        }
        registry.register(NAME, new PemConfiguration(read(certFile), read(keyFile)));
        LOG.infof("HTTPS certificate loaded [file=%s]", certFile);
    }

    /** The local CA certificate of the embedded default, which clients trust. */
    public Path caCertificateFile() {
        return dataDirectory.resolve("tls").resolve("ca.crt");
    }

    private void ensureGenerated(Path dir, Path certFile, Path keyFile) {
        try {
            Path caCert = dir.resolve("ca.crt");
            Path caKey = dir.resolve("ca.key");
            if (!Files.exists(caCert) || !Files.exists(caKey)) {
                KeyPair ca = newKey();
                X509Certificate certificate = selfSignedCa(ca);
                DataDirectory.writeSecret(caKey, pem(ca.getPrivate()).getBytes(StandardCharsets.US_ASCII), true);
                DataDirectory.writeSecret(caCert, pem(certificate).getBytes(StandardCharsets.US_ASCII), true);
                Files.deleteIfExists(certFile);
                LOG.infof("Generated the local HTTPS CA [file=%s]", caCert);
            }
            if (!Files.exists(certFile) || !Files.exists(keyFile) || expiresSoon(certFile)) {
                X509Certificate issuer = parseCertificate(read(caCert));
                PrivateKey issuerKey = parseKey(read(caKey));
                KeyPair server = newKey();
                X509Certificate certificate = serverCertificate(server, issuer, issuerKey);
                DataDirectory.writeSecret(keyFile, pem(server.getPrivate()).getBytes(StandardCharsets.US_ASCII),
                        true);
                DataDirectory.writeSecret(certFile, pem(certificate).getBytes(StandardCharsets.US_ASCII), true);
                LOG.infof("Generated the HTTPS server certificate [file=%s, names=%s, notAfter=%s]", certFile,
                        names(), certificate.getNotAfter().toInstant());
            }
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create the HTTPS certificate in " + dir, e);
        }
    }

    private Set<String> names() {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            LOG.debugf("no host name for the HTTPS certificate [reason=%s]", e.getMessage());
        }
        config.tls().extraNames().ifPresent(names::addAll);
        return names;
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSignedCa(KeyPair ca) throws GeneralSecurityException, IOException,
            OperatorCreationException {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=jitp-broker local HTTPS CA");
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                java.util.Date.from(now.minus(Duration.ofMinutes(5))), java.util.Date.from(now.plus(CA_VALIDITY)),
                subject, ca.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(ca.getPublic()));
        return sign(builder, ca.getPrivate());
    }

    private X509Certificate serverCertificate(KeyPair server, X509Certificate issuer, PrivateKey issuerKey)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        Instant now = Instant.now();
        List<GeneralName> sans = new ArrayList<>();
        for (String name : names()) {
            boolean ip = name.matches("[0-9.]+") || name.contains(":");
            sans.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                java.util.Date.from(now.minus(Duration.ofMinutes(5))),
                java.util.Date.from(now.plus(SERVER_VALIDITY)), new X500Name("CN=localhost"), server.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(server.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuer));
        return sign(builder, issuerKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException, OperatorCreationException {
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static boolean expiresSoon(Path certFile) throws GeneralSecurityException, IOException {
        X509Certificate certificate = parseCertificate(read(certFile));
        return certificate.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE));
    }

    static X509Certificate parseCertificate(String pem) throws GeneralSecurityException, IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new GeneralSecurityException("not a PEM certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        }
    }

    static List<X509Certificate> parseChain(String pem) throws GeneralSecurityException, IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        }
        return chain;
    }

    static PrivateKey parseKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException("not an unencrypted PEM private key");
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        }
        return out.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A TLS configuration made from a PEM certificate chain and key held in memory. */
    static final class PemConfiguration extends BaseTlsConfiguration {
        private final String certificatePem;
        private final String keyPem;

        PemConfiguration(String certificatePem, String keyPem) {
            this.certificatePem = certificatePem;
            this.keyPem = keyPem;
        }

        @Override
        public KeyCertOptions getKeyStoreOptions() {
            return new PemKeyCertOptions()
                    .addCertValue(Buffer.buffer(certificatePem))
                    .addKeyValue(Buffer.buffer(keyPem));
        }

        @Override
        public KeyStore getKeyStore() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                List<X509Certificate> chain = parseChain(certificatePem);
                store.setKeyEntry("server", parseKey(keyPem), new char[0], chain.toArray(Certificate[]::new));
                return store;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot load the HTTPS key", e);
            }
        }

        @Override
        public SSLOptions getSSLOptions() {
            SSLOptions options = new SSLOptions();
            options.setEnabledSecureTransportProtocols(Set.of("TLSv1.3", "TLSv1.2"));
            return options;
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public String toString() {
            return "PemConfiguration[" + NAME + "]";
        }
    }
}
