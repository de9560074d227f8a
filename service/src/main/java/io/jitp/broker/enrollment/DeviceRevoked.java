package io.jitp.broker.enrollment;

/**
 * Fired (CDI event) after a device certificate was revoked in AWS IoT and in the ledger, so that whatever caches
 * credentials for it drops them.
 *
 * @param thingName the thing
 * @param certificateId the revoked certificate's id
 */
public record DeviceRevoked(String thingName, String certificateId) {
}
