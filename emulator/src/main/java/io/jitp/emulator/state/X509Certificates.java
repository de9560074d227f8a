package io.jitp.emulator.state;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * The certificate operations the emulator needs: parse a PEM certificate, compute its AWS IoT id, check that
 * one certificate signed another.
 */
// TODO: replace parsing and ids with io.jitp.pki when it lands on main (#2)
public final class X509Certificates {

    private X509Certificates() {
    }

    /**
     * The first certificate of a PEM text.
     *
     * @param pem the PEM text
     * @param member the request member it came from, named in the error
     * @throws IotServiceException {@code CertificateValidationException} when it is not a PEM certificate
     */
    public static X509Certificate parse(String pem, String member) {
        if (pem == null || pem.isBlank()) {
            throw IotServiceException.of(IotErrorType.CERTIFICATE_VALIDATION, member + " is empty: give a PEM "
                    + "certificate (-----BEGIN CERTIFICATE-----)");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder holder) {
                    return new JcaX509CertificateConverter().getCertificate(holder);
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw IotServiceException.of(IotErrorType.CERTIFICATE_VALIDATION,
                    member + " is not a valid PEM certificate: " + safeReason(e));
        }
        throw IotServiceException.of(IotErrorType.CERTIFICATE_VALIDATION,
                member + " holds no certificate: give a PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    /** The AWS IoT certificate id: lowercase hex SHA-256 of the DER encoding. */
    public static String id(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a parsed certificate", e);
        }
    }

    /** The PEM encoding of a certificate. */
    public static String pem(X509Certificate certificate) {
        try {
            String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a parsed certificate", e);
        }
    }

    /** Whether the certificate is a CA certificate (basicConstraints cA = true). */
    public static boolean isCa(X509Certificate certificate) {
        return certificate.getBasicConstraints() >= 0;
    }

    /** Whether {@code issuer} signed {@code certificate}: issuer name matches and the signature verifies. */
    public static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        return signatureVerifies(certificate, issuer);
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
        X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] rdns = name.getRDNs(BCStyle.CN);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    private static String safeReason(Exception e) {
        String message = e.getMessage();
        return message == null || message.length() > 200 ? e.getClass().getSimpleName() : message;
    }
}
