package io.jitp.emulator.state;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import io.jitp.error.JitpException;
import io.jitp.pki.Certificates;
import io.jitp.pki.Pem;
import io.jitp.pki.SubjectField;

/**
 * The certificate questions the emulated service asks, on top of {@code io.jitp.pki}: parsing a request
 * member (refusals become {@code CertificateValidationException}), ids, and whether one certificate signed
 * another.
 */
public final class X509Certificates {

    private X509Certificates() {
    }

    /**
     * The one certificate of a PEM member.
     *
     * @param pem the PEM text
     * @param member the request member it came from, named in the error
     * @throws IotServiceException {@code CertificateValidationException} when it is not one PEM certificate
     */
    public static X509Certificate parse(String pem, String member) {
        if (pem == null || pem.isBlank()) {
            throw IotServiceException.of(IotErrorType.CERTIFICATE_VALIDATION, member + " is empty: give a PEM "
                    + "certificate (-----BEGIN CERTIFICATE-----)");
        }
        try {
            return Pem.certificate(pem.getBytes(StandardCharsets.US_ASCII), member, member);
        } catch (JitpException e) {
            throw IotServiceException.of(IotErrorType.CERTIFICATE_VALIDATION, e.getMessage()
                    + (e.fix() == null ? "" : ": " + e.fix()));
        }
    }

    /** The AWS IoT certificate id: lowercase hex SHA-256 of the DER encoding. */
    public static String id(X509Certificate certificate) {
        return Certificates.id(certificate).value();
    }

    /** The PEM encoding of a certificate. */
    public static String pem(X509Certificate certificate) {
        return Pem.encode(certificate);
    }

    /** Whether the certificate is a CA certificate (basicConstraints CA:TRUE, keyCertSign when keyUsage is set). */
    public static boolean isCa(X509Certificate certificate) {
        return Certificates.isCa(certificate);
    }

    /** Whether {@code issuer} signed {@code certificate}: issuer name matches and the signature verifies. */
    public static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        return certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                && signatureVerifies(certificate, issuer);
    }

    /** Whether the certificate's signature verifies with the issuer's public key, whatever the names say. */
    public static boolean signatureVerifies(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The subject common name, or {@code null}. */
    public static String commonName(X509Certificate certificate) {
        return Certificates.subjectFields(certificate).get(SubjectField.CN);
    }
}
