package io.jitp.exchange;

/** How a failed attempt is handled. */
public enum FailureClass {
    /** A new certificate is being provisioned (JITP): retried quickly within the provisioning window. */
    PROVISIONING,
    /** Throttled, a server fault, a timeout or a dropped connection: retried with backoff within the budget. */
    TRANSIENT,
    /** A refusal that retrying cannot change: reported with the check that failed and what to fix. */
    FINAL
}
