package io.jitp.pki;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * A certificate with the private key jitp generated for it (verification certificates, server-side key
 * generation). {@link #toString()} never shows the key.
 *
 * @param certificate the issued certificate
 * @param privateKey its private key
 */
public record KeyAndCertificate(IssuedCertificate certificate, PrivateKey privateKey) {

    /** Checks both are present. */
    public KeyAndCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public String toString() {
        return "KeyAndCertificate[certificate=" + certificate + ", privateKey=(redacted)]";
    }
}
