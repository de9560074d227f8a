package io.jitp.template;

import java.security.cert.X509Certificate;

import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.Csr;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.IssueRequest;
import io.jitp.pki.KeyType;
import io.jitp.pki.RootCaRequest;
import io.jitp.pki.SubjectNames;

/** Device certificates and CSRs made by the PKI core, as {@code jitp pki} makes them. */
final class TestDevices {

    /** Any CN, so that tests can also issue CNs AWS IoT refuses as thing names ("Device 01"). */
    static final IssuancePolicy ANY_COMMON_NAME = IssuancePolicy.defaults().withCommonNamePattern(".+");

    private static CertificateAuthority ca;

    private TestDevices() {
    }

    static synchronized CertificateAuthority ca() {
        if (ca == null) {
            ca = CertificateAuthority.create(new RootCaRequest(KeyType.P256, null, null));
        }
        return ca;
    }

    /** A CSR for a P-256 key with a device subject such as {@code CN=dev-1,O=Acme}. */
    static Csr csr(String subject) {
        return Csr.build(KeyType.P256.generate(), SubjectNames.parseDevice(subject, "subject"));
    }

    /** A device certificate issued by the test CA for a CSR with this subject. */
    static X509Certificate certificate(String subject) {
        return ca().issue(new IssueRequest(csr(subject), null, null, ANY_COMMON_NAME)).certificate();
    }
}
