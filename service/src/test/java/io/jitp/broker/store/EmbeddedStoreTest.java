package io.jitp.broker.store;

import io.jitp.broker.config.DatabaseConfigSourceFactory;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class EmbeddedStoreTest extends StoreContract {

    @Override
    String expectedKind() {
        return DatabaseConfigSourceFactory.EMBEDDED;
    }
}
