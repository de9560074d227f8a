package io.jitp.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** Small named values of the broker itself (e.g. the key-encryption check value). */
@ApplicationScoped
public class MetaStore {

    private final Database database;

    public MetaStore(Database database) {
        this.database = database;
    }

    /** The value stored under {@code name}. */
    public Optional<String> get(String name) {
        return database.transaction(connection -> read(connection, name));
    }

    /** Stores {@code value} under {@code name} unless a value is there; returns the value that is stored. */
    public String putIfAbsent(String name, String value) {
        try {
            return database.transaction(connection -> {
                Optional<String> existing = read(connection, name);
                if (existing.isPresent()) {
                    return existing.get();
                }
                try (PreparedStatement insert = connection
                        .prepareStatement("INSERT INTO broker_meta (name, meta_value) VALUES (?, ?)")) {
                    insert.setString(1, name);
                    insert.setString(2, value);
                    insert.executeUpdate();
                }
                return value;
            });
        } catch (RuntimeException e) {
            // Another replica inserted first: its value is the one.
            return get(name).orElseThrow(() -> e);
        }
    }

    private static Optional<String> read(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection
                .prepareStatement("SELECT meta_value FROM broker_meta WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }
}
