package io.jitp.broker.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Fixtures;
import io.jitp.broker.testing.Problems;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.RoleAliasDescription;

/** Fleet set-up (role alias + device policy) against the embedded emulator. */
@QuarkusTest
class FleetApiTest {

    @TestHTTPResource(tls = true)
    URL url;

    @Inject
    IotClient iot;

    @Test
    void ensure_createsAliasAndPolicy_thenChangesNothing_thenUpdatesTheAlias() throws Exception {
        String fleet = Fixtures.name("fleet");

        Response first = ensure(fleet, Map.of("roleArn", Fixtures.DEVICE_ROLE));
        Response second = ensure(fleet, Map.of("roleArn", Fixtures.DEVICE_ROLE));
        Response third = ensure(fleet, Map.of("roleArn", Fixtures.DEVICE_ROLE, "credentialDurationSeconds", 900));

        assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
        assertThat(first.jsonPath().getString("changed")).isEqualTo("role-alias-created,policy-created");
        assertThat(second.jsonPath().getString("changed")).isEqualTo("unchanged");
        assertThat(third.jsonPath().getString("changed")).isEqualTo("role-alias-updated");
        RoleAliasDescription alias = iot.describeRoleAlias(b -> b.roleAlias(fleet + "-role-alias"))
                .roleAliasDescription();
        assertThat(alias.roleArn()).isEqualTo(Fixtures.DEVICE_ROLE);
        assertThat(alias.credentialDurationSeconds()).isEqualTo(900);
        JsonNode policy = new ObjectMapper().readTree(iot.getPolicy(b -> b.policyName(fleet + "-device-policy"))
                .policyDocument());
        assertThat(policy.toString()).contains("iot:AssumeRoleWithCertificate", alias.roleAliasArn(),
                "iot:Connect");
        Api.operator(url).get("/v1/fleets/" + fleet).then().statusCode(200)
                .body("roleAliasArn", org.hamcrest.Matchers.equalTo(alias.roleAliasArn()));
    }

    @Test
    void ensure_existingPolicyWithAnotherDocument_isAConflictAndNotOverwritten() {
        String fleet = Fixtures.name("fleet");
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "\"iot:Publish\",\"Resource\":\"*\"}]}";
        iot.createPolicy(b -> b.policyName(fleet + "-device-policy").policyDocument(document));

        Response refused = ensure(fleet, Map.of("roleArn", Fixtures.DEVICE_ROLE));

        Problems.assertProblem(refused, 409, "conflict", null);
        assertThat(iot.getPolicy(b -> b.policyName(fleet + "-device-policy")).policyDocument())
                .contains("iot:Publish");
    }

    @Test
    void ensure_badInput_isAProblemNamingTheField() {
        Problems.assertProblem(ensure(Fixtures.name("f"), Map.of("roleArn", "not-an-arn")), 400, "invalid-input",
                "roleArn");
        Problems.assertProblem(ensure(Fixtures.name("f"), Map.of("roleArn", Fixtures.DEVICE_ROLE,
                "credentialDurationSeconds", 60)), 400, "invalid-input", "credentialDurationSeconds");
        Problems.assertProblem(ensure("Bad_Name", Map.of("roleArn", Fixtures.DEVICE_ROLE)), 400, "invalid-input",
                "name");
        Problems.assertProblem(ensure(Fixtures.name("f"), Map.of("roleArn", Fixtures.DEVICE_ROLE, "caName",
                "no-such-ca")), 404, "not-found", null);
        Problems.assertProblem(Api.operator(url).get("/v1/fleets/" + Fixtures.name("none")), 404, "not-found",
                null);
    }

    private Response ensure(String fleet, Map<String, Object> body) {
        return Api.admin(url).contentType(ContentType.JSON).body(body).put("/v1/fleets/" + fleet);
    }
}
