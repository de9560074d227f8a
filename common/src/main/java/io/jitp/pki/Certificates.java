package io.jitp.pki;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;

import org.bouncycastle.asn1.x500.X500Name;

import io.jitp.error.JitpException;

/** Small facts about X.509 certificates that several parts of jitp need. */
public final class Certificates {

    private Certificates() {
    }

    /** The DER encoding of a certificate. */
    public static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate cannot be re-encoded", e);
        }
    }

    /** Parses a DER certificate. */
    public static X509Certificate fromDer(byte[] der, String what, String field) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw JitpException.invalid(field, what + " is not a valid DER certificate", null, e);
        }
    }

    /** The subject as a BouncyCastle name, keeping the RDN order and string types of the encoding. */
    public static X500Name subject(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /** The seven JITP subject fields present in the certificate's subject. */
    public static Map<SubjectField, String> subjectFields(X509Certificate certificate) {
        return SubjectField.readAll(subject(certificate));
    }

    /** Whether the certificate may sign other certificates: basicConstraints CA:TRUE (and keyCertSign if set). */
    public static boolean isCa(X509Certificate certificate) {
        boolean[] keyUsage = certificate.getKeyUsage();
        boolean keyCertSign = keyUsage == null || keyUsage.length > 5 && keyUsage[5];
        return certificate.getBasicConstraints() >= 0 && keyCertSign;
    }

    /** The AWS IoT certificate id of a certificate. */
    public static CertificateId id(X509Certificate certificate) {
        return CertificateId.of(der(certificate));
    }
}
