package io.jitp.broker.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

/** Fleets (role alias + device policy). */
@ApplicationScoped
public class FleetStore {

    private static final String COLUMNS = "name, role_alias, role_arn, credential_duration_seconds, policy_name, "
            + "role_alias_arn, policy_arn, ca_name, template_name, custodial, created_at, updated_at, row_version";

    private final Database database;

    public FleetStore(Database database) {
        this.database = database;
    }

    /** The fleet with this name. */
    public Optional<FleetRecord> find(String name) {
        return database.transaction(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT " + COLUMNS + " FROM fleet WHERE name = ?")) {
                select.setString(1, name);
                List<FleetRecord> found = many(select);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    /** Every fleet by name. */
    public List<FleetRecord> list() {
        return database.transaction(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT " + COLUMNS + " FROM fleet ORDER BY name")) {
                return many(select);
            }
        });
    }

    /**
     * Inserts the fleet, or updates it when {@code previous} (the version read before) is still the stored one.
     */
    public FleetRecord save(FleetRecord fleet, FleetRecord previous) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return database.transaction(connection -> {
            if (previous == null) {
                FleetRecord stored = copy(fleet, now, now, 1);
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO fleet (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bind(insert, stored);
                    insert.executeUpdate();
                }
                return stored;
            }
            FleetRecord stored = copy(fleet, previous.createdAt(), now, previous.rowVersion() + 1);
            try (PreparedStatement update = connection.prepareStatement("UPDATE fleet SET role_alias = ?, "
                    + "role_arn = ?, credential_duration_seconds = ?, policy_name = ?, role_alias_arn = ?, "
                    + "policy_arn = ?, ca_name = ?, template_name = ?, custodial = ?, updated_at = ?, row_version = ? "
                    + "WHERE name = ? AND row_version = ?")) {
                update.setString(1, stored.roleAlias());
                update.setString(2, stored.roleArn());
                update.setInt(3, stored.credentialDurationSeconds());
                update.setString(4, stored.policyName());
                CaStore.setNullable(update, 5, stored.roleAliasArn());
                CaStore.setNullable(update, 6, stored.policyArn());
                CaStore.setNullable(update, 7, stored.caName());
                CaStore.setNullable(update, 8, stored.templateName());
                update.setBoolean(9, stored.custodial());
                update.setLong(10, now.toEpochMilli());
                update.setLong(11, stored.rowVersion());
                update.setString(12, stored.name());
                update.setLong(13, previous.rowVersion());
                if (update.executeUpdate() != 1) {
                    throw new JitpException(Reason.CONFLICT, "fleet " + fleet.name() + " was changed by another "
                            + "request", null, "repeat the request", null, null);
                }
            }
            return stored;
        });
    }

    private static FleetRecord copy(FleetRecord fleet, Instant created, Instant updated, long version) {
        return new FleetRecord(fleet.name(), fleet.roleAlias(), fleet.roleArn(), fleet.credentialDurationSeconds(),
                fleet.policyName(), fleet.roleAliasArn(), fleet.policyArn(), fleet.caName(), fleet.templateName(),
                fleet.custodial(), created, updated, version);
    }

    private static void bind(PreparedStatement statement, FleetRecord fleet) throws SQLException {
        statement.setString(1, fleet.name());
        statement.setString(2, fleet.roleAlias());
        statement.setString(3, fleet.roleArn());
        statement.setInt(4, fleet.credentialDurationSeconds());
        statement.setString(5, fleet.policyName());
        CaStore.setNullable(statement, 6, fleet.roleAliasArn());
        CaStore.setNullable(statement, 7, fleet.policyArn());
        CaStore.setNullable(statement, 8, fleet.caName());
        CaStore.setNullable(statement, 9, fleet.templateName());
        statement.setBoolean(10, fleet.custodial());
        statement.setLong(11, fleet.createdAt().toEpochMilli());
        statement.setLong(12, fleet.updatedAt().toEpochMilli());
        statement.setLong(13, fleet.rowVersion());
    }

    private static List<FleetRecord> many(PreparedStatement select) throws SQLException {
        List<FleetRecord> fleets = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                fleets.add(new FleetRecord(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                        rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8),
                        rows.getString(9), rows.getBoolean(10), Instant.ofEpochMilli(rows.getLong(11)),
                        Instant.ofEpochMilli(rows.getLong(12)), rows.getLong(13)));
            }
        }
        return fleets;
    }
}
