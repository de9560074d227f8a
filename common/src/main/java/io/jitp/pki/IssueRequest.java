package io.jitp.pki;

import java.time.Duration;
import java.util.Objects;

/**
 * A request to issue a device certificate from a CSR.
 *
 * @param csr the device's CSR; its signature is verified (proof of possession)
 * @param thingName the thing name that becomes the CN; {@code null} to take the CSR's CN
 * @param validity how long the certificate is valid, clipped to the CA's own notAfter
 * @param policy the issuance policy the request must satisfy
 */
public record IssueRequest(Csr csr, String thingName, Duration validity, IssuancePolicy policy) {

    /** The default device certificate validity: one year. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    /** Fills defaults. */
    public IssueRequest {
        Objects.requireNonNull(csr, "csr");
        validity = validity == null ? DEFAULT_VALIDITY : validity;
        policy = policy == null ? IssuancePolicy.defaults() : policy;
    }
}
