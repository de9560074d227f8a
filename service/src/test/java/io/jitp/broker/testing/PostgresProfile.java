package io.jitp.broker.testing;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The broker on PostgreSQL; shared by every test class that needs it, so the application starts once for them. */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
