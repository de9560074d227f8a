package io.jitp.emulator;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.Certificates;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.KeyAndCertificate;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.KeyType;
import io.jitp.pki.Pem;
import io.jitp.pki.RootCaRequest;
import io.jitp.pki.SubjectNames;

/**
 * Test certificates. Regular ones (CAs, verification and device certificates) come from {@code io.jitp.pki},
 * as in production; deliberately broken ones (forged signatures, expired, two CAs sharing a key) are built
 * with BouncyCastle because no sane PKI makes them.
 */
final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {
    }

    /** A private key and its certificate (and, for CAs made here, the CA that can issue). */
    record Issued(PrivateKey privateKey, X509Certificate certificate, CertificateAuthority authority) {

        String certificatePem() {
            return Pem.encode(certificate);
        }

        String keyPem() {
            return KeyFiles.toPem(privateKey, null);
        }

        String id() {
            return Certificates.id(certificate).value();
        }
    }

    /** The AWS IoT id of the certificate in a PEM file. */
    static String idOf(java.nio.file.Path pemFile) throws java.io.IOException {
        return Certificates.id(Pem.certificate(java.nio.file.Files.readAllBytes(pemFile), "certificate",
                "certificate")).value();
    }

    /** A self-signed P-256 root CA from io.jitp.pki. */
    static Issued ca(String subject) {
        CertificateAuthority authority = CertificateAuthority.create(new RootCaRequest(KeyType.P256,
                SubjectNames.parse(subject, "subject"), Duration.ofDays(365)));
        return new Issued(authority.privateKey(), authority.certificate(), authority);
    }

    /** Another root CA with the same subject and key as {@code twin} (a new serial): an ambiguous signer. */
    static Issued sameKeyAs(Issued twin) {
        X500Name name = Certificates.subject(twin.certificate());
        X509Certificate certificate = build(name, twin.certificate().getPublicKey(), name, twin.privateKey(), true,
                Instant.now(), Duration.ofDays(365));
        return new Issued(twin.privateKey(), certificate, CertificateAuthority.of(certificate, twin.privateKey()));
    }

    /** A device certificate from io.jitp.pki: fresh P-256 key, CN = the thing name, 30 days. */
    static Issued leaf(String thingName, Issued issuer) {
        return leaf(thingName, null, issuer);
    }

    /** A device certificate with further subject fields, e.g. {@code O=Acme,C=DE}. */
    static Issued leaf(String thingName, String otherFields, Issued issuer) {
        X500Name requested = otherFields == null ? null : SubjectNames.parse(otherFields, "subject");
        KeyAndCertificate issued = issuer.authority().issueWithNewKey(KeyType.P256, thingName, requested,
                Duration.ofDays(30), IssuancePolicy.defaults());
        return new Issued(issued.privateKey(), issued.certificate().certificate(), null);
    }

    /** A verification certificate for a registration code, from io.jitp.pki. */
    static Issued verification(String registrationCode, Issued ca) {
        KeyAndCertificate issued = ca.authority().verificationCertificate(registrationCode, null);
        return new Issued(issued.privateKey(), issued.certificate().certificate(), null);
    }

    /** A certificate whose validity ended in the past. */
    static Issued expired(String subject, Issued issuer) {
        KeyPair keys = KeyType.P256.generate();
        return new Issued(keys.getPrivate(), build(new X500Name(subject), keys.getPublic(),
                Certificates.subject(issuer.certificate()), issuer.privateKey(), false,
                Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(1)), null);
    }

    /** A certificate that names {@code issuer} as its issuer but is signed by another key. */
    static Issued forged(String subject, Issued issuer) {
        KeyPair keys = KeyType.P256.generate();
        KeyPair other = KeyType.P256.generate();
        return new Issued(keys.getPrivate(), build(new X500Name(subject), keys.getPublic(),
                Certificates.subject(issuer.certificate()), other.getPrivate(), false, Instant.now(),
                Duration.ofDays(30)), null);
    }

    private static X509Certificate build(X500Name subject, java.security.PublicKey key, X500Name issuer,
            PrivateKey signer, boolean ca, Instant notBefore, Duration validity) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(notBefore.minusSeconds(60)),
                    Date.from(notBefore.plus(validity)), subject, key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
