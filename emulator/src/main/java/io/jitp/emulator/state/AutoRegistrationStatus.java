package io.jitp.emulator.state;

/** Whether a CA auto-registers the unknown device certificates it signed (JITR/JITP). */
public enum AutoRegistrationStatus {
    /** Auto-registration on. */
    ENABLE,
    /** Auto-registration off. */
    DISABLE
}
