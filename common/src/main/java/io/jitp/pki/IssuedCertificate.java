package io.jitp.pki;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;

import org.bouncycastle.cert.X509CertificateHolder;

/** A certificate jitp just issued, with the CA certificate that signed it. */
public final class IssuedCertificate {

    private final X509CertificateHolder holder;
    private final byte[] der;
    private final X509Certificate caCertificate;
    private volatile X509Certificate certificate;

    IssuedCertificate(X509CertificateHolder holder, X509Certificate caCertificate) {
        this.holder = holder;
        this.der = CertificateProfiles.der(holder);
        this.caCertificate = caCertificate;
    }

    /** The certificate as a JCA object (decoded on first use). */
    public X509Certificate certificate() {
        X509Certificate decoded = certificate;
        if (decoded == null) {
            decoded = Certificates.fromDer(der, "the issued certificate", "certificate");
            certificate = decoded;
        }
        return decoded;
    }

    /** The certificate of the CA that signed it. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The DER encoding. */
    public byte[] der() {
        return der.clone();
    }

    /** The certificate as PEM (deviceCert.crt). */
    public String pem() {
        return Pem.encode("CERTIFICATE", der);
    }

    /** The certificate followed by the CA certificate, as PEM (deviceCertAndCACert.crt). */
    public String chainPem() {
        return chainPem(pem());
    }

    /** {@link #chainPem()} from the {@link #pem()} the caller already has. */
    public String chainPem(String pem) {
        return Bundles.chainPem(pem, caCertificate);
    }

    /** The AWS IoT certificate id. */
    public CertificateId id() {
        return CertificateId.of(der);
    }

    /** The serial number. */
    public BigInteger serialNumber() {
        return holder.getSerialNumber();
    }

    /** The start of the validity. */
    public Instant notBefore() {
        return holder.getNotBefore().toInstant();
    }

    /** The end of the validity. */
    public Instant notAfter() {
        return holder.getNotAfter().toInstant();
    }

    /** The seven JITP subject fields of the certificate. */
    public Map<SubjectField, String> subjectFields() {
        return SubjectField.readAll(holder.getSubject());
    }

    /** The BouncyCastle form. */
    public X509CertificateHolder holder() {
        return holder;
    }

    @Override
    public String toString() {
        return "IssuedCertificate[subject=" + holder.getSubject() + ", serial=" + serialNumber().toString(16)
                + ", id=" + id() + "]";
    }
}
