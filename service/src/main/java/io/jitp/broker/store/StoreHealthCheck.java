package io.jitp.broker.store;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: the database answers. */
@Readiness
@ApplicationScoped
public class StoreHealthCheck implements HealthCheck {

    private final Database database;

    public StoreHealthCheck(Database database) {
        this.database = database;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            database.ping();
            return HealthCheckResponse.named("database").up().withData("kind", database.kind()).build();
        } catch (SQLException | RuntimeException e) {
            return HealthCheckResponse.named("database").down().withData("kind", database.kind())
                    .withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
