package io.jitp.broker.store;

import java.time.Instant;

/**
 * One device certificate the broker issued (the ledger). The custodial private key, when the broker holds one, is
 * not part of the record: read it with {@link DeviceStore#custodialKeyPem}.
 *
 * @param thingName the AWS IoT thing name (the certificate's CN)
 * @param certificateId the AWS IoT certificate id: lowercase hex SHA-256 of the DER encoding
 * @param serial the serial number in hex
 * @param caId the id of the CA that signed it
 * @param fleetName the fleet the enrollment token named (or whose CA signed it), or {@code null}
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param status {@link #ACTIVE} or {@link #REVOKED}
 * @param certificatePem the device certificate
 * @param custodialKey whether the broker holds the device's private key (custodial fleet, server keygen)
 * @param tokenId the enrollment token used, or {@code null}
 * @param issuedAt when it was issued
 * @param revokedAt when it was revoked, or {@code null}
 */
public record DeviceRecord(String thingName, String certificateId, String serial, String caId, String fleetName,
        Instant notBefore, Instant notAfter, String status, String certificatePem, boolean custodialKey,
        String tokenId, Instant issuedAt, Instant revokedAt) {

    /** Issued and not revoked (it may still be pending or inactive in AWS IoT until the device first connects). */
    public static final String ACTIVE = "ACTIVE";
    /** Revoked by an operator; AWS IoT refuses it. */
    public static final String REVOKED = "REVOKED";

    /** Whether the certificate is revoked. */
    public boolean revoked() {
        return REVOKED.equals(status);
    }

    @Override
    public String toString() {
        return "DeviceRecord[thing=" + thingName + ", certificateId=" + certificateId + ", serial=" + serial
                + ", ca=" + caId + ", fleet=" + fleetName + ", status=" + status + ", custodialKey=" + custodialKey
                + "]";
    }
}
