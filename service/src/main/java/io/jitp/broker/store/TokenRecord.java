package io.jitp.broker.store;

import java.time.Instant;

/**
 * An enrollment token as stored: never the secret, only its SHA-256.
 *
 * @param id the token id (a UUID), used to list and revoke it
 * @param tokenHash lowercase hex SHA-256 of the secret
 * @param caId the CA bound by id, or {@code null} for the fleet's current CA at enrollment time
 * @param fleetName the fleet whose role alias the device gets
 * @param thingName the one thing name allowed, or {@code null} when {@code thingPattern} is set
 * @param thingPattern a regular expression thing names must match, or {@code null}
 * @param maxUses how many certificates the token may issue
 * @param usesLeft how many it may still issue
 * @param serverKeygen whether the broker may generate the device key
 * @param expiresAt when the token stops working
 * @param revokedAt when it was revoked, or {@code null}
 * @param createdBy the API token name that created it
 * @param createdAt when it was created
 * @param lastUsedAt when it last issued a certificate, or {@code null}
 */
public record TokenRecord(String id, String tokenHash, String caId, String fleetName, String thingName,
        String thingPattern, int maxUses, int usesLeft, boolean serverKeygen, Instant expiresAt, Instant revokedAt,
        String createdBy, Instant createdAt, Instant lastUsedAt) {

    /** ACTIVE, USED (no use left), EXPIRED or REVOKED at {@code now}. */
    public String state(Instant now) {
        if (revokedAt != null) {
            return "REVOKED";
        }
        if (usesLeft <= 0) {
            return "USED";
        }
        if (!expiresAt.isAfter(now)) {
            return "EXPIRED";
        }
        return "ACTIVE";
    }

    @Override
    public String toString() {
        return "TokenRecord[id=" + id + ", fleet=" + fleetName + ", ca=" + caId + ", thing="
                + (thingName != null ? thingName : "~" + thingPattern) + ", usesLeft=" + usesLeft + "/" + maxUses
                + ", expiresAt=" + expiresAt + ", revoked=" + (revokedAt != null) + "]";
    }
}
