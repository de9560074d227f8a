package io.jitp.broker.store;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.jitp.broker.config.DatabaseConfigSourceFactory;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;

/**
 * The one database of this broker: the embedded H2 file or PostgreSQL, whichever datasource configuration made
 * active (see {@link DatabaseConfigSourceFactory}). Every store runs its SQL through {@link #transaction}: one
 * code path for both databases.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);

    private final AgroalDataSource dataSource;
    private final String kind;

    public Database(@DataSource(DatabaseConfigSourceFactory.EMBEDDED) InjectableInstance<AgroalDataSource> embedded,
            @DataSource(DatabaseConfigSourceFactory.POSTGRESQL) InjectableInstance<AgroalDataSource> postgresql) {
        if (postgresql.getHandle().getBean().isActive()) {
            this.dataSource = postgresql.get();
            this.kind = DatabaseConfigSourceFactory.POSTGRESQL;
        } else {
            this.dataSource = embedded.get();
            this.kind = DatabaseConfigSourceFactory.EMBEDDED;
        }
        LOG.infof("Database selected [kind=%s]", kind);
    }

    /** {@code embedded} or {@code postgresql}. */
    public String kind() {
        return kind;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new JitpException(Reason.CONFLICT, "the resource already exists", null,
                        "use another name, or update the existing one", null, e);
            }
            throw new JitpException(Reason.UNAVAILABLE, "the database failed; try again", null, null, null, e);
        }
    }

    /** Checks that the database answers (readiness). */
    public void ping() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                throw new SQLException("connection is not valid");
            }
        }
    }

    /** Whether a failure is a unique-key violation (SQLSTATE 23505 in both H2 and PostgreSQL). */
    public static boolean isUniqueViolation(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Work done inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs against the transaction's connection. */
        T run(Connection connection) throws SQLException;
    }
}
