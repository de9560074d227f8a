package io.jitp.broker.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jitp.broker.store.CaRecord;
import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** {@code jitp.ca.key-cache-ttl=0s} unseals the CA key for every operation. */
@QuarkusTest
@TestProfile(CaKeyCacheDisabledTest.NoCache.class)
class CaKeyCacheDisabledTest {

    @TestHTTPResource(tls = true)
    URL url;

    @Inject
    CaService cas;

    @Test
    void everyOperation_opensTheKeyAgain() {
        String id = Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", Fixtures.name("nocache")))
                .post("/v1/cas").then().statusCode(201).extract().jsonPath().getString("id");
        CaRecord ca = cas.resolve(id);
        assertThat(cas.authority(ca)).isNotSameAs(cas.authority(ca));
        assertThat(cas.authority(ca).id().value()).isEqualTo(id);
    }

    /** The key cache switched off. */
    public static class NoCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jitp.ca.key-cache-ttl", "0s");
        }
    }
}
