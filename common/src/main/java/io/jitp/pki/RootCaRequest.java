package io.jitp.pki;

import java.time.Duration;

import org.bouncycastle.asn1.x500.X500Name;

import io.jitp.error.JitpException;

/**
 * What a new root CA looks like.
 *
 * @param keyType the CA key type
 * @param subject the CA subject (also its issuer)
 * @param validity how long the CA certificate is valid
 */
public record RootCaRequest(KeyType keyType, X500Name subject, Duration validity) {

    /** The default CA key type: RSA-2048, what the manual procedure's openssl genrsa makes. */
    public static final KeyType DEFAULT_KEY_TYPE = KeyType.RSA2048;
    /** The default CA subject. */
    public static final String DEFAULT_SUBJECT = "CN=jitp Root CA";
    /** The default CA validity: ten years. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);

    /** Fills defaults and checks the validity. */
    public RootCaRequest {
        keyType = keyType == null ? DEFAULT_KEY_TYPE : keyType;
        subject = subject == null ? SubjectNames.parse(DEFAULT_SUBJECT, "subject") : subject;
        validity = validity == null ? DEFAULT_VALIDITY : validity;
        if (validity.isNegative() || validity.isZero()) {
            throw JitpException.invalid("validity", "the CA validity must be positive", "give at least one day");
        }
    }
}
