package io.jitp.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Enrollment tokens. A use is taken by one conditional {@code UPDATE} (uses left, not revoked, not expired), so a
 * token issues exactly {@code maxUses} certificates however many replicas and requests race for it; the caller
 * takes the use in the transaction that records the certificate.
 */
@ApplicationScoped
public class TokenStore {

    private static final String COLUMNS = "id, token_hash, ca_id, fleet_name, thing_name, thing_pattern, max_uses, "
            + "uses_left, server_keygen, expires_at, revoked_at, created_by, created_at, last_used_at";

    private final Database database;

    public TokenStore(Database database) {
        this.database = database;
    }

    /** Stores a new token. */
    public TokenRecord insert(TokenRecord token) {
        return database.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO enrollment_token (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, token.id());
                insert.setString(2, token.tokenHash());
                CaStore.setNullable(insert, 3, token.caId());
                CaStore.setNullable(insert, 4, token.fleetName());
                CaStore.setNullable(insert, 5, token.thingName());
                CaStore.setNullable(insert, 6, token.thingPattern());
                insert.setInt(7, token.maxUses());
                insert.setInt(8, token.usesLeft());
                insert.setBoolean(9, token.serverKeygen());
                insert.setLong(10, token.expiresAt().toEpochMilli());
                setInstant(insert, 11, token.revokedAt());
                insert.setString(12, token.createdBy());
                insert.setLong(13, token.createdAt().toEpochMilli());
                setInstant(insert, 14, token.lastUsedAt());
                insert.executeUpdate();
            }
            return token;
        });
    }

    /** The token with this secret hash. */
    public Optional<TokenRecord> findByHash(String tokenHash) {
        return database.transaction(connection -> one(connection, "token_hash", tokenHash));
    }

    /** The token with this id. */
    public Optional<TokenRecord> find(String id) {
        return database.transaction(connection -> one(connection, "id", id));
    }

    /** The token with this id, read inside a caller's transaction. */
    public Optional<TokenRecord> find(Connection connection, String id) throws SQLException {
        return one(connection, "id", id);
    }

    /** Every token, newest first. */
    public List<TokenRecord> list() {
        return database.transaction(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT " + COLUMNS + " FROM enrollment_token ORDER BY created_at DESC, id")) {
                return many(select);
            }
        });
    }

    /**
     * Takes one use of a token inside the caller's transaction: true when a use was left and the token was neither
     * revoked nor expired at {@code now}. Concurrent callers serialize on the row; exactly {@code usesLeft} win.
     */
    public boolean consume(Connection connection, String id, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE enrollment_token SET "
                + "uses_left = uses_left - 1, last_used_at = ? WHERE id = ? AND uses_left > 0 "
                + "AND revoked_at IS NULL AND expires_at > ?")) {
            update.setLong(1, now.toEpochMilli());
            update.setString(2, id);
            update.setLong(3, now.toEpochMilli());
            return update.executeUpdate() == 1;
        }
    }

    /** Revokes a token; returns whether this call revoked it (false: already revoked). */
    public boolean revoke(String id, Instant now) {
        return database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE enrollment_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                update.setLong(1, now.toEpochMilli());
                update.setString(2, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    private static Optional<TokenRecord> one(Connection connection, String column, String value)
            throws SQLException {
        try (PreparedStatement select = connection
                .prepareStatement("SELECT " + COLUMNS + " FROM enrollment_token WHERE " + column + " = ?")) {
            select.setString(1, value);
            List<TokenRecord> found = many(select);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<TokenRecord> many(PreparedStatement select) throws SQLException {
        List<TokenRecord> tokens = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tokens.add(new TokenRecord(rows.getString(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5), rows.getString(6), rows.getInt(7), rows.getInt(8),
                        rows.getBoolean(9), Instant.ofEpochMilli(rows.getLong(10)), instant(rows, 11),
                        rows.getString(12), Instant.ofEpochMilli(rows.getLong(13)), instant(rows, 14)));
            }
        }
        return tokens;
    }

    private static Instant instant(ResultSet rows, int index) throws SQLException {
        long value = rows.getLong(index);
        return rows.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value.toEpochMilli());
        }
    }
}
