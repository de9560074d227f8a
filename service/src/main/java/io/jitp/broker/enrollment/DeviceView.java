package io.jitp.broker.enrollment;

import java.time.Instant;

import io.jitp.broker.store.DeviceRecord;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One device certificate of the ledger as the API shows it.
 *
 * @param thingName the thing
 * @param certificateId the AWS IoT certificate id
 * @param serial the serial number (hex)
 * @param caId the signing CA
 * @param fleet the fleet
 * @param status ACTIVE or REVOKED
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param custodialKey whether the broker holds the private key
 * @param issuedAt when it was issued
 * @param revokedAt when it was revoked
 * @param certificatePem the certificate (in single-device views)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceView(String thingName, String certificateId, String serial, String caId, String fleet,
        String status, Instant notBefore, Instant notAfter, boolean custodialKey, Instant issuedAt, Instant revokedAt,
        String certificatePem) {

    static DeviceView of(DeviceRecord device, boolean withPem) {
        return new DeviceView(device.thingName(), device.certificateId(), device.serial(), device.caId(),
                device.fleetName(), device.status(), device.notBefore(), device.notAfter(), device.custodialKey(),
                device.issuedAt(), device.revokedAt(), withPem ? device.certificatePem() : null);
    }

    /**
     * A thing and its certificates, newest first.
     *
     * @param thingName the thing
     * @param status ACTIVE when a certificate is ACTIVE, else REVOKED
     * @param current the newest ACTIVE certificate, with its PEM, or absent
     * @param certificates every certificate of the thing
     * @param revoked in a revocation answer: the certificates this call revoked in the ledger
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Thing(String thingName, String status, DeviceView current, java.util.List<DeviceView> certificates,
            java.util.List<String> revoked) {
    }
}
