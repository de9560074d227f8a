package io.jitp.emulator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificates: CAs, verification certificates and device certificates, made with BouncyCastle. */
// TODO: use io.jitp.pki for test certificates when it lands on main (#2)
final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {
    }

    /** A key pair and its certificate. */
    record Issued(KeyPair keys, X509Certificate certificate) {

        String certificatePem() {
            return pem(certificate);
        }

        String keyPem() {
            return pem(keys.getPrivate());
        }
    }

    static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed root CA. */
    static Issued ca(String subject) {
        return ca(subject, ecKeys());
    }

    /** A self-signed root CA with a given key pair (a new serial each time). */
    static Issued ca(String subject, KeyPair keys) {
        X500Name name = new X500Name(subject);
        return new Issued(keys, build(name, keys.getPublic(), name, keys.getPrivate(), true, Instant.now(),
                Duration.ofDays(365), null));
    }

    /** An end-entity certificate for clients, signed by the issuer. */
    static Issued leaf(String subject, Issued issuer) {
        return leaf(subject, issuer, Instant.now(), Duration.ofDays(30));
    }

    /** An end-entity certificate with a chosen validity. */
    static Issued leaf(String subject, Issued issuer, Instant notBefore, Duration validity) {
        KeyPair keys = ecKeys();
        return new Issued(keys, build(new X500Name(subject), keys.getPublic(),
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                issuer.keys().getPrivate(), false, notBefore, validity, KeyPurposeId.id_kp_clientAuth));
    }

    /** A certificate that names {@code issuer} as issuer but is signed by another key. */
    static Issued forged(String subject, Issued issuer, KeyPair signer) {
        KeyPair keys = ecKeys();
        return new Issued(keys, build(new X500Name(subject), keys.getPublic(),
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), signer.getPrivate(),
                false, Instant.now(), Duration.ofDays(30), KeyPurposeId.id_kp_clientAuth));
    }

    private static X509Certificate build(X500Name subject, PublicKey key, X500Name issuer, PrivateKey signer,
            boolean ca, Instant notBefore, Duration validity, KeyPurposeId purpose) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(notBefore.minusSeconds(60)),
                    Date.from(notBefore.plus(validity)), subject, key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
