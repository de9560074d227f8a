package io.jitp.template;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * TEMPORARY: device certificates and CSRs made with BouncyCastle directly, until the PKI core (io.jitp.pki, issue
 * #2) lands on main; the rendering tests then use certificates made by the PKI core.
 */
final class InterimTestCertificates {

    private static final KeyPair CA_KEY = ecKey();
    private static final X500Name CA_NAME = new X500Name("CN=jitp test root CA");

    private InterimTestCertificates() {
    }

    /** A device certificate with this subject (RFC 4514-like, BouncyCastle style), signed by a test CA. */
    static X509CertificateHolder device(String subject) {
        return device(new X500Name(subject));
    }

    static X509CertificateHolder device(X500Name subject) {
        Instant now = Instant.now();
        try {
            return new JcaX509v3CertificateBuilder(CA_NAME, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), subject,
                    ecKey().getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(CA_KEY.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSR with this subject. */
    static PKCS10CertificationRequest csr(String subject) {
        KeyPair key = ecKey();
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
