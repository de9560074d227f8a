package io.jitp.emulator.state;

/** How a certificate is bound to the account: proof of possession or SNI only. */
public enum CertificateMode {
    /** Registered with a verification certificate; one account per region. */
    DEFAULT,
    /** Registered without proof of possession; devices must send SNI. */
    SNI_ONLY
}
