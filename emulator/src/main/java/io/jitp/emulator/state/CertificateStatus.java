package io.jitp.emulator.state;

/** Status of a device certificate; only ACTIVE certificates authenticate. */
public enum CertificateStatus {
    /** Authenticates. */
    ACTIVE,
    /** Does not authenticate. */
    INACTIVE,
    /** Revoked; cannot be activated again. */
    REVOKED,
    /** Being transferred to another account. */
    PENDING_TRANSFER,
    /** Deprecated registration state. */
    REGISTER_INACTIVE,
    /** Auto-registered, waiting for JITR/JITP to activate it. */
    PENDING_ACTIVATION
}
