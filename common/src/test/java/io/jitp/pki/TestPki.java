package io.jitp.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/** Test CAs and CSRs made with the real code; CAs are cached per key type to keep the suite fast. */
final class TestPki {

    private static final Map<KeyType, CertificateAuthority> CAS = new EnumMap<>(KeyType.class);

    private TestPki() {
    }

    static synchronized CertificateAuthority ca(KeyType type) {
        return CAS.computeIfAbsent(type, t -> CertificateAuthority.create(new RootCaRequest(t, null, null)));
    }

    /** A CSR with any subject attributes (not only the seven JITP fields). */
    static Csr csr(KeyType type, String subject) {
        return Csr.build(type.generate(), subject.isEmpty() ? new X500Name(new RDN[0])
                : SubjectNames.parse(subject, "subject"));
    }

    /** Validates a device certificate against a trust anchor with the JDK's PKIX validator (no revocation). */
    static void validatePath(X509Certificate device, X509Certificate ca) {
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(device));
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("PKIX validation failed: " + e.getMessage(), e);
        }
    }

    /** The DER bytes with one bit of the signature flipped. */
    static byte[] tamperSignature(byte[] der) {
        byte[] copy = der.clone();
        copy[copy.length - 5] ^= 0x01;
        return copy;
    }
}
