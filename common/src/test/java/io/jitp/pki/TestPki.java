package io.jitp.pki;

import java.util.EnumMap;
import java.util.Map;

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
        return Csr.build(type.generate(), subject.isEmpty() ? new X500Name(new org.bouncycastle.asn1.x500.RDN[0])
                : SubjectNames.parse(subject, "subject"));
    }

    /** The DER bytes with one bit of the signature flipped. */
    static byte[] tamperSignature(byte[] der) {
        byte[] copy = der.clone();
        copy[copy.length - 5] ^= 0x01;
        return copy;
    }
}
