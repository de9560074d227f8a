package io.jitp.emulator.state;

/** Status of a registered CA certificate. */
public enum CaCertificateStatus {
    /** Device certificates it signed can be registered and auto-registered. */
    ACTIVE,
    /** No new device certificates under it. */
    INACTIVE
}
