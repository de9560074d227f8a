package io.jitp.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;

import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.BrokerTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class BrokerStartupTest {

    @TestHTTPResource(tls = true)
    URL url;

    @Test
    void firstStart_generatesSecretsWithOwnerOnlyModes() throws Exception {
        for (String file : new String[]{"kek", "admin-token", "tls/server.key", "tls/ca.key"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Api.dataDir().resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
        assertThat(Api.adminToken()).startsWith("jitp_").hasSize(48);
    }

    @Test
    void readiness_overHttps_reportsDatabaseAndKeyStoreUp() {
        Api.anonymous(url).when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }
}
