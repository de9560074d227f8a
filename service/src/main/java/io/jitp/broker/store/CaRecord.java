package io.jitp.broker.store;

import java.time.Instant;

/**
 * A CA as the broker stores it.
 *
 * @param id the AWS IoT certificate id of the CA certificate (hex SHA-256 of its DER encoding)
 * @param name the name shared by the generations of a rotated CA
 * @param generation 1 for the first CA of a name, +1 for each rotation
 * @param status where the CA is in its local life: CURRENT (signs new devices), STANDBY, RETIRING, RETIRED
 * @param origin CREATED by the broker or IMPORTED
 * @param subject the CA subject (RFC 4514)
 * @param keyType the key type label (p256, rsa2048, …)
 * @param serial the certificate serial number in hex
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param certificatePem the CA certificate
 * @param sealedKey the private key sealed by {@code KeyEncryption}, {@code null} once destroyed
 * @param profile the issuance profile as JSON
 * @param rotatedFrom the id of the CA this one replaced, or {@code null}
 * @param createdAt when it was stored
 * @param updatedAt when it last changed
 * @param rowVersion optimistic-locking counter
 */
public record CaRecord(String id, String name, int generation, String status, String origin, String subject,
        String keyType, String serial, Instant notBefore, Instant notAfter, String certificatePem, String sealedKey,
        String profile, String rotatedFrom, Instant createdAt, Instant updatedAt, long rowVersion) {

    /** Signs new device certificates for its name. */
    public static final String CURRENT = "CURRENT";
    /** Created by a rotation and being registered; becomes CURRENT when its registration is done. */
    public static final String STANDBY = "STANDBY";
    /** Replaced by a rotation; devices it signed keep working until it is retired. */
    public static final String RETIRING = "RETIRING";
    /** Deactivated in AWS IoT (and possibly deleted there); kept for the record. */
    public static final String RETIRED = "RETIRED";

    /** This record with another status. */
    public CaRecord withStatus(String newStatus) {
        return new CaRecord(id, name, generation, newStatus, origin, subject, keyType, serial, notBefore, notAfter,
                certificatePem, sealedKey, profile, rotatedFrom, createdAt, updatedAt, rowVersion);
    }

    /** This record with another profile. */
    public CaRecord withProfile(String newProfile) {
        return new CaRecord(id, name, generation, status, origin, subject, keyType, serial, notBefore, notAfter,
                certificatePem, sealedKey, newProfile, rotatedFrom, createdAt, updatedAt, rowVersion);
    }

    /** This record without its private key. */
    public CaRecord withoutKey() {
        return new CaRecord(id, name, generation, status, origin, subject, keyType, serial, notBefore, notAfter,
                certificatePem, null, profile, rotatedFrom, createdAt, updatedAt, rowVersion);
    }

    @Override
    public String toString() {
        return "CaRecord[id=" + id + ", name=" + name + ", generation=" + generation + ", status=" + status
                + ", key=" + (sealedKey == null ? "destroyed" : "sealed") + "]";
    }
}
