package io.jitp.emulator.credentials;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.jitp.emulator.state.SnapshotStore;

/**
 * The credentials endpoint's TLS identity: the emulator's own root CA (written to the trust bundle path, as
 * devices trust Amazon Root CA 1) and a server certificate it signs for the names the endpoint is reached by.
 * Kept in {@code <dir>/tls/}: {@code root.pem}, {@code root.key} (0600), {@code server.pem} (server certificate
 * and root), {@code server.key} (0600). An existing root is reused, so clients keep trusting a restarted
 * emulator; the server certificate is issued again when a name is missing or it expires within 30 days.
 *
 * @param trustBundle path of the root certificate PEM
 * @param root the root certificate
 * @param serverChainPem server certificate followed by the root, PEM
 * @param serverKeyPem the server's private key, PKCS#8 PEM (never logged)
 */
// TODO: create the root and write key files through io.jitp.pki when it lands on main (#2)
public record ServerIdentity(Path trustBundle, X509Certificate root, String serverChainPem, String serverKeyPem) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(397);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    @Override
    public String toString() {
        return "ServerIdentity[trustBundle=" + trustBundle + ", root=" + root.getSubjectX500Principal()
                + ", serverKeyPem=<redacted>]";
    }

    /**
     * Loads or creates the identity in {@code directory/tls}.
     *
     * @param directory the data (or runtime) directory
     * @param hosts names and addresses the endpoint is reached by (all get a subject alternative name)
     * @param accountId named in the root's subject
     * @param clock for validity
     */
    public static ServerIdentity loadOrCreate(Path directory, Collection<String> hosts, String accountId, Clock clock)
            throws IOException {
        Path tls = directory.resolve("tls");
        Files.createDirectories(tls);
        Path rootPem = tls.resolve("root.pem");
        Path rootKeyPem = tls.resolve("root.key");
        Path serverPem = tls.resolve("server.pem");
        Path serverKeyPem = tls.resolve("server.key");
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.addAll(hosts);
        try {
            X509Certificate root;
            PrivateKey rootKey;
            if (Files.exists(rootPem) && Files.exists(rootKeyPem)) {
                root = readCertificate(Files.readString(rootPem));
                rootKey = readKey(Files.readString(rootKeyPem));
            } else {
                KeyPair pair = ecKeyPair();
                root = issueRoot(pair, accountId, clock.instant());
                rootKey = pair.getPrivate();
                SnapshotStore.writeAtomically(rootKeyPem, pem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
                SnapshotStore.writeAtomically(rootPem, pem(root).getBytes(StandardCharsets.US_ASCII), false);
                Files.deleteIfExists(serverPem);
            }
            X509Certificate server = Files.exists(serverPem) && Files.exists(serverKeyPem)
                    ? readCertificate(Files.readString(serverPem))
                    : null;
            if (server == null || !covers(server, names)
                    || server.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))
                    || !signedBy(server, root)) {
                KeyPair pair = ecKeyPair();
                server = issueServer(pair.getPublic(), names, root, rootKey, clock.instant());
                SnapshotStore.writeAtomically(serverKeyPem,
                        pem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
                SnapshotStore.writeAtomically(serverPem, (pem(server) + pem(root)).getBytes(StandardCharsets.US_ASCII),
                        false);
            }
            return new ServerIdentity(rootPem, root, Files.readString(serverPem), Files.readString(serverKeyPem));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create the credentials endpoint's TLS identity in " + tls, e);
        }
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean covers(X509Certificate server, Set<String> names) throws GeneralSecurityException {
        Collection<List<?>> alternatives = server.getSubjectAlternativeNames();
        Set<String> present = new LinkedHashSet<>();
        if (alternatives != null) {
            for (List<?> alternative : alternatives) {
                present.add(normalize(String.valueOf(alternative.get(1))));
            }
        }
        return names.stream().map(ServerIdentity::normalize).allMatch(present::contains);
    }

    private static String normalize(String name) {
        if (isAddress(name)) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (UnknownHostException e) {
                return name;
            }
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isAddress(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate issueRoot(KeyPair pair, String accountId, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=jitp emulator root CA " + accountId + ",O=jitp emulator");
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(ROOT_VALIDITY)), name,
                pair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(pair.getPublic()));
        return sign(builder, pair.getPrivate());
    }

    private static X509Certificate issueServer(PublicKey key, Set<String> names, X509Certificate root,
            PrivateKey rootKey, Instant now) throws GeneralSecurityException, OperatorCreationException, IOException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            alternatives.add(new GeneralName(isAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        Instant notAfter = now.plus(SERVER_VALIDITY);
        if (notAfter.isAfter(root.getNotAfter().toInstant())) {
            notAfter = root.getNotAfter().toInstant();
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root, serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(notAfter),
                new X500Name("CN=localhost,O=jitp emulator"), key)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(alternatives.toArray(GeneralName[]::new)))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key))
                .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(root));
        return sign(builder, rootKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException, OperatorCreationException {
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        }
        return out.toString();
    }

    private static X509Certificate readCertificate(String pem) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object instanceof X509CertificateHolder holder) {
                return new JcaX509CertificateConverter().getCertificate(holder);
            }
        }
        throw new IOException("not a PEM certificate");
    }

    private static PrivateKey readKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        }
        throw new IOException("not a PEM private key");
    }
}
