package io.jitp.broker.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the broker at the PostgreSQL of the machine (127.0.0.1:5432, database {@code test}), in a schema of its
 * own that is dropped when the application stops. Without PostgreSQL the broker stays on the embedded database
 * and the tests that need PostgreSQL skip (or fail in CI) through {@code External.requirePostgresUrl()}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** A KEK shared by every broker on the test database (tests only; never a real key). */
    public static final String TEST_KEK = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    /** The database URL. */
    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private String schema;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(new BrokerTestResource().start());
        if (!reachable()) {
            return config;
        }
        schema = "jitp_broker_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        config.put("jitp.database.url", URL);
        config.put("jitp.database.schema", schema);
        config.put("jitp.keys.kek", TEST_KEK);
        return config;
    }

    @Override
    public void stop() {
        if (schema != null) {
            dropSchema(schema);
        }
    }

    /** Drops a test schema and everything in it. */
    public static void dropSchema(String schema) {
        try (Connection connection = DriverManager.getConnection(URL);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }

    /** Whether PostgreSQL answers on 127.0.0.1:5432. */
    public static boolean reachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
