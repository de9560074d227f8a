package io.jitp.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

/**
 * CAs and their AWS IoT registrations. Updates are optimistic: each row carries a version, and an update that
 * finds another version fails with a conflict instead of overwriting a concurrent change (two replicas).
 */
@ApplicationScoped
public class CaStore {

    private static final String CA_COLUMNS = "id, name, generation, status, origin, subject, key_type, serial, "
            + "not_before, not_after, certificate_pem, sealed_key, profile, rotated_from, created_at, updated_at, "
            + "row_version";
    private static final String REGISTRATION_COLUMNS = "ca_id, mode, set_as_active, auto_registration, "
            + "template_name, step, registration_code, verification_pem, certificate_arn, iot_status, adopted, "
            + "attempts, created_at, updated_at, row_version";

    private final Database database;

    public CaStore(Database database) {
        this.database = database;
    }

    /** Stores a new CA; a CA with the same id (same certificate) is a conflict. */
    public CaRecord insert(CaRecord ca) {
        return database.transaction(connection -> insert(connection, ca));
    }

    /** Stores a new CA inside a caller's transaction. */
    public CaRecord insert(Connection connection, CaRecord ca) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CaRecord stored = new CaRecord(ca.id(), ca.name(), ca.generation(), ca.status(), ca.origin(), ca.subject(),
                ca.keyType(), ca.serial(), ca.notBefore(), ca.notAfter(), ca.certificatePem(), ca.sealedKey(),
                ca.profile(), ca.rotatedFrom(), now, now, 1);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ca (" + CA_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindCa(insert, stored);
            insert.executeUpdate();
        }
        return stored;
    }

    /** The CA with this id. */
    public Optional<CaRecord> find(String id) {
        return database.transaction(connection -> find(connection, id));
    }

    /** The CA with this id, read inside a caller's transaction. */
    public Optional<CaRecord> find(Connection connection, String id) throws SQLException {
        return one(connection, "SELECT " + CA_COLUMNS + " FROM ca WHERE id = ?", id);
    }

    /** The current generation of a name (the CA that signs new devices). */
    public Optional<CaRecord> findCurrent(String name) {
        return database.transaction(connection -> one(connection,
                "SELECT " + CA_COLUMNS + " FROM ca WHERE name = ? AND status = '" + CaRecord.CURRENT + "'", name));
    }

    /** Every CA, newest first within a name. */
    public List<CaRecord> list() {
        return database.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + CA_COLUMNS + " FROM ca ORDER BY name, generation DESC")) {
                return many(select);
            }
        });
    }

    /** One sealed CA key, if any CA still holds its key (to check the KEK against). */
    public Optional<String> anySealedKey() {
        return database.transaction(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT sealed_key FROM ca WHERE sealed_key IS NOT NULL ORDER BY created_at "
                            + "LIMIT 1")) {
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** The highest generation of a name, 0 when there is none. */
    public int lastGeneration(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection
                .prepareStatement("SELECT MAX(generation) FROM ca WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    /** Writes a changed CA if nobody changed it since it was read; returns the stored record. */
    public CaRecord update(CaRecord ca) {
        return database.transaction(connection -> update(connection, ca));
    }

    /** Writes a changed CA inside a caller's transaction. */
    public CaRecord update(Connection connection, CaRecord ca) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (PreparedStatement update = connection.prepareStatement("UPDATE ca SET status = ?, sealed_key = ?, "
                + "profile = ?, updated_at = ?, row_version = ? WHERE id = ? AND row_version = ?")) {
            update.setString(1, ca.status());
            setNullable(update, 2, ca.sealedKey());
            update.setString(3, ca.profile());
            update.setLong(4, now.toEpochMilli());
            update.setLong(5, ca.rowVersion() + 1);
            update.setString(6, ca.id());
            update.setLong(7, ca.rowVersion());
            requireOne(update.executeUpdate(), "CA " + ca.id());
        }
        return new CaRecord(ca.id(), ca.name(), ca.generation(), ca.status(), ca.origin(), ca.subject(),
                ca.keyType(), ca.serial(), ca.notBefore(), ca.notAfter(), ca.certificatePem(), ca.sealedKey(),
                ca.profile(), ca.rotatedFrom(), ca.createdAt(), now, ca.rowVersion() + 1);
    }

    /** The registration of a CA. */
    public Optional<RegistrationRecord> findRegistration(String caId) {
        return database.transaction(connection -> findRegistration(connection, caId));
    }

    /** The registration of a CA, read inside a caller's transaction. */
    public Optional<RegistrationRecord> findRegistration(Connection connection, String caId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + REGISTRATION_COLUMNS + " FROM ca_registration WHERE ca_id = ?")) {
            select.setString(1, caId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(registration(rows)) : Optional.empty();
            }
        }
    }

    /** Every registration. */
    public List<RegistrationRecord> listRegistrations() {
        return database.transaction(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT " + REGISTRATION_COLUMNS + " FROM ca_registration")) {
                List<RegistrationRecord> registrations = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        registrations.add(registration(rows));
                    }
                }
                return registrations;
            }
        });
    }

    /** Stores the first registration request of a CA; a second request for the same CA is a conflict. */
    public RegistrationRecord insertRegistration(RegistrationRecord registration) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RegistrationRecord stored = new RegistrationRecord(registration.caId(), registration.mode(),
                registration.setAsActive(), registration.autoRegistration(), registration.templateName(),
                registration.step(), registration.registrationCode(), registration.verificationPem(),
                registration.certificateArn(), registration.iotStatus(), registration.adopted(),
                registration.attempts(), now, now, 1);
        return database.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ca_registration ("
                    + REGISTRATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindRegistration(insert, stored);
                insert.executeUpdate();
            }
            return stored;
        });
    }

    /** Writes a changed registration if nobody changed it since it was read; returns the stored record. */
    public RegistrationRecord updateRegistration(RegistrationRecord registration) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RegistrationRecord stored = new RegistrationRecord(registration.caId(), registration.mode(),
                registration.setAsActive(), registration.autoRegistration(), registration.templateName(),
                registration.step(), registration.registrationCode(), registration.verificationPem(),
                registration.certificateArn(), registration.iotStatus(), registration.adopted(),
                registration.attempts(), registration.createdAt(), now, registration.rowVersion() + 1);
        return database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE ca_registration SET mode = ?, "
                    + "set_as_active = ?, auto_registration = ?, template_name = ?, step = ?, registration_code = ?, "
                    + "verification_pem = ?, certificate_arn = ?, iot_status = ?, adopted = ?, attempts = ?, "
                    + "updated_at = ?, row_version = ? WHERE ca_id = ? AND row_version = ?")) {
                update.setString(1, stored.mode());
                update.setBoolean(2, stored.setAsActive());
                update.setBoolean(3, stored.autoRegistration());
                setNullable(update, 4, stored.templateName());
                update.setString(5, stored.step());
                setNullable(update, 6, stored.registrationCode());
                setNullable(update, 7, stored.verificationPem());
                setNullable(update, 8, stored.certificateArn());
                setNullable(update, 9, stored.iotStatus());
                update.setBoolean(10, stored.adopted());
                update.setInt(11, stored.attempts());
                update.setLong(12, now.toEpochMilli());
                update.setLong(13, stored.rowVersion());
                update.setString(14, stored.caId());
                update.setLong(15, registration.rowVersion());
                requireOne(update.executeUpdate(), "registration of CA " + stored.caId());
            }
            return stored;
        });
    }

    private static void requireOne(int updated, String what) {
        if (updated != 1) {
            throw new JitpException(Reason.CONFLICT, what + " was changed by another request", null,
                    "repeat the request; it resumes from the state now stored", null, null);
        }
    }

    private static Optional<CaRecord> one(Connection connection, String sql, String value) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, value);
            List<CaRecord> found = many(select);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<CaRecord> many(PreparedStatement select) throws SQLException {
        List<CaRecord> cas = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                cas.add(new CaRecord(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8),
                        Instant.ofEpochMilli(rows.getLong(9)), Instant.ofEpochMilli(rows.getLong(10)),
                        rows.getString(11), rows.getString(12), rows.getString(13), rows.getString(14),
                        Instant.ofEpochMilli(rows.getLong(15)), Instant.ofEpochMilli(rows.getLong(16)),
                        rows.getLong(17)));
            }
        }
        return cas;
    }

    private static RegistrationRecord registration(ResultSet rows) throws SQLException {
        return new RegistrationRecord(rows.getString(1), rows.getString(2), rows.getBoolean(3), rows.getBoolean(4),
                rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9),
                rows.getString(10), rows.getBoolean(11), rows.getInt(12), Instant.ofEpochMilli(rows.getLong(13)),
                Instant.ofEpochMilli(rows.getLong(14)), rows.getLong(15));
    }

    private static void bindCa(PreparedStatement statement, CaRecord ca) throws SQLException {
        statement.setString(1, ca.id());
        statement.setString(2, ca.name());
        statement.setInt(3, ca.generation());
        statement.setString(4, ca.status());
        statement.setString(5, ca.origin());
        statement.setString(6, ca.subject());
        statement.setString(7, ca.keyType());
        statement.setString(8, ca.serial());
        statement.setLong(9, ca.notBefore().toEpochMilli());
        statement.setLong(10, ca.notAfter().toEpochMilli());
        statement.setString(11, ca.certificatePem());
        setNullable(statement, 12, ca.sealedKey());
        statement.setString(13, ca.profile());
        setNullable(statement, 14, ca.rotatedFrom());
        statement.setLong(15, ca.createdAt().toEpochMilli());
        statement.setLong(16, ca.updatedAt().toEpochMilli());
        statement.setLong(17, ca.rowVersion());
    }

    private static void bindRegistration(PreparedStatement statement, RegistrationRecord registration)
            throws SQLException {
        statement.setString(1, registration.caId());
        statement.setString(2, registration.mode());
        statement.setBoolean(3, registration.setAsActive());
        statement.setBoolean(4, registration.autoRegistration());
        setNullable(statement, 5, registration.templateName());
        statement.setString(6, registration.step());
        setNullable(statement, 7, registration.registrationCode());
        setNullable(statement, 8, registration.verificationPem());
        setNullable(statement, 9, registration.certificateArn());
        setNullable(statement, 10, registration.iotStatus());
        statement.setBoolean(11, registration.adopted());
        statement.setInt(12, registration.attempts());
        statement.setLong(13, registration.createdAt().toEpochMilli());
        statement.setLong(14, registration.updatedAt().toEpochMilli());
        statement.setLong(15, registration.rowVersion());
    }

    static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
