package io.jitp.emulator.credentials;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.jitp.pki.AtomicFiles;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.KeyType;
import io.jitp.pki.Pem;
import io.jitp.pki.RootCaRequest;
import io.jitp.pki.SubjectNames;

/**
 * The credentials endpoint's TLS identity: the emulator's own root CA (written to the trust bundle path, as
 * devices trust Amazon Root CA 1) and a server certificate it signs for the names the endpoint is reached by.
 * Kept in the {@code tls} folder of the data directory: {@code root.pem}, {@code root.key} (0600),
 * {@code server.pem} (server certificate and root), {@code server.key} (0600). An existing root is reused, so clients
 * keep trusting a restarted
 * emulator; the server certificate is issued again when a name is missing or it expires within 30 days.
 * The root comes from {@code io.jitp.pki}; the server certificate (serverAuth, subject alternative names) is a
 * profile only the emulator needs, built here with BouncyCastle.
 *
 * @param trustBundle path of the root certificate PEM
 * @param root the root certificate
 * @param serverChainPem server certificate followed by the root, PEM
 * @param serverKeyPem the server's private key, PKCS#8 PEM (never logged)
 */
public record ServerIdentity(Path trustBundle, X509Certificate root, String serverChainPem, String serverKeyPem) {

    private static final SecureRandom RANDOM = new SecureRandom();
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
        CertificateAuthority root;
        if (Files.exists(rootPem) && Files.exists(rootKeyPem)) {
            root = CertificateAuthority.load(Files.readAllBytes(rootPem), Files.readAllBytes(rootKeyPem), null);
        } else {
            root = CertificateAuthority.create(new RootCaRequest(KeyType.P256,
                    SubjectNames.parse("CN=jitp emulator root CA " + accountId + ",O=jitp emulator", "subject"),
                    RootCaRequest.DEFAULT_VALIDITY));
            KeyFiles.write(rootKeyPem, root.privateKey(), null, true, "dataDir");
            AtomicFiles.write(rootPem, root.certificatePem().getBytes(StandardCharsets.US_ASCII), AtomicFiles.PUBLIC,
                    true, "dataDir");
            Files.deleteIfExists(serverPem);
        }
        X509Certificate server = Files.exists(serverPem) && Files.exists(serverKeyPem)
                ? Pem.certificates(Files.readAllBytes(serverPem), "the server certificate", "dataDir").get(0)
                : null;
        try {
            if (server == null || !covers(server, names)
                    || server.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))
                    || !signedBy(server, root.certificate())) {
                KeyPair pair = KeyType.P256.generate();
                server = issueServer(pair.getPublic(), names, root, clock.instant());
                KeyFiles.write(serverKeyPem, pair.getPrivate(), null, true, "dataDir");
                AtomicFiles.write(serverPem, (Pem.encode(server) + root.certificatePem())
                        .getBytes(StandardCharsets.US_ASCII), AtomicFiles.PUBLIC, true, "dataDir");
            }
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot issue the credentials endpoint's certificate in " + tls, e);
        }
        return new ServerIdentity(rootPem, root.certificate(), Files.readString(serverPem),
                Files.readString(serverKeyPem));
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean covers(X509Certificate server, Set<String> names) throws IOException {
        Set<String> present = new LinkedHashSet<>();
        try {
            Collection<List<?>> alternatives = server.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    present.add(normalize(String.valueOf(alternative.get(1))));
                }
            }
        } catch (GeneralSecurityException e) {
            return false;
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
        return name.toLowerCase(Locale.ROOT);
    }

    private static boolean isAddress(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static X509Certificate issueServer(PublicKey key, Set<String> names, CertificateAuthority root,
            Instant now) throws GeneralSecurityException, OperatorCreationException, IOException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            alternatives.add(new GeneralName(isAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        Instant notAfter = now.plus(SERVER_VALIDITY);
        Instant rootEnd = root.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(rootEnd)) {
            notAfter = rootEnd;
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root.certificate(),
                new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(notAfter),
                new X500Name("CN=localhost,O=jitp emulator"), key)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(alternatives.toArray(GeneralName[]::new)))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(root.certificate()));
        PrivateKey signer = root.privateKey();
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(root.keyType().signatureAlgorithm())
                        .build(signer)));
    }
}
