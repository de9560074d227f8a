package io.jitp.broker.store;

import org.junit.jupiter.api.BeforeEach;

import io.jitp.broker.config.DatabaseConfigSourceFactory;
import io.jitp.broker.testing.PostgresProfile;
import io.jitp.testsupport.External;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresStoreTest extends StoreContract {

    @BeforeEach
    void requirePostgres() {
        External.requirePostgresUrl();
    }

    @Override
    String expectedKind() {
        return DatabaseConfigSourceFactory.POSTGRESQL;
    }
}
