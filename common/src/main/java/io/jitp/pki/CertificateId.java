package io.jitp.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.regex.Pattern;

import io.jitp.error.JitpException;

/**
 * The id AWS IoT Core gives a certificate ({@code certificateId}, {@code caCertificateId}): the lowercase hex
 * SHA-256 of its DER encoding, 64 characters.
 *
 * @param value the 64 lowercase hex characters
 */
public record CertificateId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");

    /** Checks the format. */
    public CertificateId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw JitpException.invalid("certificateId", "a certificate id is 64 lowercase hex characters",
                    "copy the id exactly as AWS IoT or 'jitp pki inspect' shows it");
        }
    }

    /** The id of a DER-encoded certificate. */
    public static CertificateId of(byte[] der) {
        try {
            return new CertificateId(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the platform", e);
        }
    }

    /** The id of a certificate. */
    public static CertificateId of(X509Certificate certificate) {
        return of(Certificates.der(certificate));
    }

    @Override
    public String toString() {
        return value;
    }
}
