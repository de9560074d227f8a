package io.jitp.broker.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jitp.broker.security.KeyEncryption;
import io.jitp.pki.KeyFiles;

/**
 * The device ledger: every certificate the broker issued, with its thing, CA, fleet, validity and status, and the
 * sealed private key of custodial devices. Several certificates may belong to one thing (re-enrollment); the
 * current one is the newest ACTIVE one.
 */
@ApplicationScoped
public class DeviceStore {

    /** Largest page {@link #list} returns. */
    public static final int MAX_LIMIT = 1000;

    private static final String COLUMNS = "thing_name, certificate_id, serial, ca_id, fleet_name, not_before, "
            + "not_after, status, certificate_pem, custodial_key IS NOT NULL, token_id, issued_at, revoked_at";

    private final Database database;
    private final KeyEncryption encryption;

    public DeviceStore(Database database, KeyEncryption encryption) {
        this.database = database;
        this.encryption = encryption;
    }

    /**
     * Records an issued certificate inside a caller's transaction (the one that consumes the enrollment token),
     * issued now unless the record says when.
     *
     * @param sealedKey the private key sealed with {@link #sealCustodialKey}, or {@code null}
     */
    public DeviceRecord insert(Connection connection, DeviceRecord device, String sealedKey) throws SQLException {
        Instant now = (device.issuedAt() != null ? device.issuedAt() : Instant.now()).truncatedTo(ChronoUnit.MILLIS);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device_certificate (thing_name, "
                + "certificate_id, serial, ca_id, fleet_name, not_before, not_after, status, certificate_pem, "
                + "custodial_key, token_id, issued_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, device.thingName());
            insert.setString(2, device.certificateId());
            insert.setString(3, device.serial());
            insert.setString(4, device.caId());
            CaStore.setNullable(insert, 5, device.fleetName());
            insert.setLong(6, device.notBefore().toEpochMilli());
            insert.setLong(7, device.notAfter().toEpochMilli());
            insert.setString(8, DeviceRecord.ACTIVE);
            insert.setString(9, device.certificatePem());
            CaStore.setNullable(insert, 10, sealedKey);
            CaStore.setNullable(insert, 11, device.tokenId());
            insert.setLong(12, now.toEpochMilli());
            insert.setNull(13, Types.BIGINT);
            insert.executeUpdate();
        }
        return new DeviceRecord(device.thingName(), device.certificateId(), device.serial(), device.caId(),
                device.fleetName(), device.notBefore(), device.notAfter(), DeviceRecord.ACTIVE,
                device.certificatePem(), sealedKey != null, device.tokenId(), now, null);
    }

    /** Seals a device private key (PKCS#8 PEM bytes) for {@link #insert}; bound to the certificate id. */
    public String sealCustodialKey(String certificateId, byte[] privateKeyPem) {
        return encryption.seal(privateKeyPem, owner(certificateId));
    }

    /** The newest ACTIVE certificate of a thing. */
    public Optional<DeviceRecord> findCurrent(String thingName) {
        return database.transaction(connection -> first(connection, "SELECT " + COLUMNS + " FROM device_certificate "
                + "WHERE thing_name = ? AND status = '" + DeviceRecord.ACTIVE + "' "
                + "ORDER BY issued_at DESC, certificate_id", thingName));
    }

    /** The certificate with this id. */
    public Optional<DeviceRecord> findByCertificateId(String certificateId) {
        return database.transaction(connection -> first(connection,
                "SELECT " + COLUMNS + " FROM device_certificate WHERE certificate_id = ?", certificateId));
    }

    /** Every certificate of a thing, newest first. */
    public List<DeviceRecord> history(String thingName) {
        return database.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM device_certificate WHERE thing_name = ? ORDER BY issued_at DESC, certificate_id")) {
                select.setString(1, thingName);
                return many(select);
            }
        });
    }

    /**
     * Certificates by thing name then newest first, optionally only of one fleet and/or status, from a position
     * (keyset paging: a page never repeats or skips rows that existed when the first page was read).
     *
     * @param fleetName only this fleet, or {@code null} for all
     * @param status only this status, or {@code null} for all
     * @param after only rows after this one in the listing order, or {@code null} from the start
     * @param limit at most this many (capped at {@link #MAX_LIMIT} + 1, so a caller can tell whether more follow)
     */
    public List<DeviceRecord> list(String fleetName, String status, Position after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM device_certificate WHERE 1 = 1");
        if (fleetName != null) {
            sql.append(" AND fleet_name = ?");
        }
        if (status != null) {
            sql.append(" AND status = ?");
        }
        if (after != null) {
            sql.append(" AND (thing_name > ? OR (thing_name = ? AND (issued_at < ? OR (issued_at = ? "
                    + "AND certificate_id > ?))))");
        }
        sql.append(" ORDER BY thing_name, issued_at DESC, certificate_id LIMIT ?");
        return database.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                int index = 1;
                if (fleetName != null) {
                    select.setString(index++, fleetName);
                }
                if (status != null) {
                    select.setString(index++, status);
                }
                if (after != null) {
                    select.setString(index++, after.thingName());
                    select.setString(index++, after.thingName());
                    select.setLong(index++, after.issuedAt().toEpochMilli());
                    select.setLong(index++, after.issuedAt().toEpochMilli());
                    select.setString(index++, after.certificateId());
                }
                select.setInt(index, Math.max(1, Math.min(limit, MAX_LIMIT + 1)));
                return many(select);
            }
        });
    }

    /**
     * A row's place in the listing order of {@link #list}.
     *
     * @param thingName its thing
     * @param issuedAt when it was issued
     * @param certificateId its certificate id
     */
    public record Position(String thingName, Instant issuedAt, String certificateId) {

        /** The position of a listed row. */
        public static Position of(DeviceRecord device) {
            return new Position(device.thingName(), device.issuedAt(), device.certificateId());
        }
    }

    /**
     * Marks a certificate REVOKED; returns whether this call changed it (false when it was revoked already, so
     * that repeating a revocation is safe).
     */
    public boolean markRevoked(String certificateId) {
        long now = Instant.now().toEpochMilli();
        return database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE device_certificate SET status = ?, "
                    + "revoked_at = ? WHERE certificate_id = ? AND status = ?")) {
                update.setString(1, DeviceRecord.REVOKED);
                update.setLong(2, now);
                update.setString(3, certificateId);
                update.setString(4, DeviceRecord.ACTIVE);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * The custodial private key of a certificate as PKCS#8 PEM characters, decrypted; empty when the broker holds
     * no key for it. The caller clears the array after use.
     */
    public Optional<char[]> custodialKeyPem(String certificateId) {
        Optional<String> sealed = database.transaction(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT custodial_key FROM device_certificate WHERE certificate_id = ?")) {
                select.setString(1, certificateId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
        return sealed.map(blob -> {
            byte[] pem = encryption.open(blob, owner(certificateId));
            try {
                CharBuffer chars = StandardCharsets.US_ASCII.decode(ByteBuffer.wrap(pem));
                char[] result = Arrays.copyOf(chars.array(), chars.limit());
                Arrays.fill(chars.array(), '\0');
                return result;
            } finally {
                Arrays.fill(pem, (byte) 0);
            }
        });
    }

    /** The custodial private key of a certificate; empty when the broker holds no key for it. */
    public Optional<PrivateKey> custodialKey(String certificateId) {
        return custodialKeyPem(certificateId).map(pem -> {
            byte[] bytes = new String(pem).getBytes(StandardCharsets.US_ASCII);
            try {
                return KeyFiles.parse(bytes, null, "custodialKey").key();
            } finally {
                Arrays.fill(bytes, (byte) 0);
                Arrays.fill(pem, '\0');
            }
        });
    }

    private static String owner(String certificateId) {
        return "device:" + certificateId;
    }

    private static Optional<DeviceRecord> first(Connection connection, String sql, String value)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, value);
            select.setMaxRows(1);
            List<DeviceRecord> found = many(select);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<DeviceRecord> many(PreparedStatement select) throws SQLException {
        List<DeviceRecord> devices = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long revokedAt = rows.getLong(13);
                Instant revoked = rows.wasNull() ? null : Instant.ofEpochMilli(revokedAt);
                devices.add(new DeviceRecord(rows.getString(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5), Instant.ofEpochMilli(rows.getLong(6)),
                        Instant.ofEpochMilli(rows.getLong(7)), rows.getString(8), rows.getString(9),
                        rows.getBoolean(10), rows.getString(11), Instant.ofEpochMilli(rows.getLong(12)), revoked));
            }
        }
        return devices;
    }
}
