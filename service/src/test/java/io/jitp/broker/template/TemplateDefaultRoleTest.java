package io.jitp.broker.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import software.amazon.awssdk.services.iot.IotClient;

/** {@code jitp.iot.default-provisioning-role-arn} is the role of a template put without one. */
@QuarkusTest
@TestProfile(TemplateDefaultRoleTest.WithDefaultRole.class)
class TemplateDefaultRoleTest {

    static final String DEFAULT_ROLE = "arn:aws:iam::123456789012:role/DefaultProvisioning";

    /** The broker with a default provisioning role. */
    public static class WithDefaultRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jitp.iot.default-provisioning-role-arn", DEFAULT_ROLE);
        }
    }

    @TestHTTPResource(tls = true)
    URL url;

    @Inject
    IotClient iot;

    @Test
    void put_withoutARole_usesTheConfiguredDefault_andAGivenRoleWins() {
        String name = Fixtures.name("default-role");
        String other = Fixtures.name("given-role");

        Response defaulted = Api.admin(url).contentType(ContentType.JSON)
                .body(Map.of("body", Fixtures.thingFromCommonName("P"))).put("/v1/templates/" + name);
        Response given = Api.admin(url).contentType(ContentType.JSON)
                .body(Fixtures.putTemplate(Fixtures.thingFromCommonName("P"))).put("/v1/templates/" + other);

        assertThat(defaulted.statusCode()).as(defaulted.asString()).isEqualTo(200);
        assertThat(iot.describeProvisioningTemplate(b -> b.templateName(name)).provisioningRoleArn())
                .isEqualTo(DEFAULT_ROLE);
        assertThat(given.statusCode()).as(given.asString()).isEqualTo(200);
        assertThat(iot.describeProvisioningTemplate(b -> b.templateName(other)).provisioningRoleArn())
                .isEqualTo(Fixtures.PROVISIONING_ROLE);
    }
}
