package io.jitp.broker.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jitp.broker.iot.EmbeddedEmulator;
import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Fixtures;
import io.jitp.broker.testing.Iot;
import io.jitp.broker.testing.Problems;
import io.jitp.emulator.fault.FaultSettings;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.DescribeProvisioningTemplateResponse;
import software.amazon.awssdk.services.iot.model.TemplateType;

/** Templates stored in the embedded emulator through the broker. */
@QuarkusTest
class TemplateApiTest {

    @TestHTTPResource(tls = true)
    URL url;

    @Inject
    IotClient iot;

    @Inject
    EmbeddedEmulator embedded;

    @Test
    void put_createsAJitpTemplate_thenIsIdempotent_thenVersionsAChangedBody() {
        String name = Fixtures.name("tpl");

        Response created = put(name, Fixtures.putTemplate(Fixtures.thingFromCommonName("PolicyA")));
        Response same = put(name, Fixtures.putTemplate(Fixtures.thingFromCommonName("PolicyA")));
        Response changed = put(name, Fixtures.putTemplate(Fixtures.thingFromCommonName("PolicyB")));

        assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
        assertThat(created.jsonPath().getString("changed")).isEqualTo("created");
        assertThat(same.jsonPath().getString("changed")).isEqualTo("unchanged");
        assertThat(changed.jsonPath().getString("changed")).isEqualTo("new-version");
        DescribeProvisioningTemplateResponse inIot = iot.describeProvisioningTemplate(b -> b.templateName(name));
        assertThat(inIot.type()).isEqualTo(TemplateType.JITP);
        assertThat(inIot.provisioningRoleArn()).isEqualTo(Fixtures.PROVISIONING_ROLE);
        assertThat(inIot.templateBody()).contains("PolicyB").doesNotContain("PolicyA");
        assertThat(changed.jsonPath().getInt("defaultVersionId")).isGreaterThan(created.jsonPath()
                .getInt("defaultVersionId"));
        Api.operator(url).get("/v1/templates/" + name).then().statusCode(200)
                .body("body.Resources.policy.Properties.PolicyName", org.hamcrest.Matchers.equalTo("PolicyB"));
        assertThat(Api.operator(url).get("/v1/templates").jsonPath().getList("name")).contains(name);
    }

    @Test
    void put_invalidTemplate_listsEveryViolation_andStoresNothing() {
        String name = Fixtures.name("bad");
        Map<String, Object> body = new HashMap<>(Fixtures.thingFromCommonName("P"));
        body.put("Conditions", Map.of());
        Map<String, Object> resources = new HashMap<>();
        resources.put("thing", Map.of("Type", "AWS::IoT::Thing", "Properties", Map.of("ThingName",
                Map.of("Ref", "Undeclared"))));
        body.put("Resources", resources);

        Response refused = put(name, Fixtures.putTemplate(body));

        Problems.assertProblem(refused, 400, "invalid-input", null);
        assertThat(refused.jsonPath().getList("violations")).hasSizeGreaterThanOrEqualTo(2);
        Problems.assertProblem(Api.operator(url).get("/v1/templates/" + name), 404, "not-found", null);
    }

    @Test
    void put_badRequests_areProblems() {
        Problems.assertProblem(put("has space", Fixtures.putTemplate(Fixtures.thingFromCommonName("P"))), 400,
                "invalid-input", "name");
        Problems.assertProblem(put(Fixtures.name("t"), Map.of("body", "{\"Resources\":{}}",
                "provisioningRoleArn", Fixtures.PROVISIONING_ROLE)), 400, "invalid-input", "body");
        Problems.assertProblem(put(Fixtures.name("t"), Map.of("body", Fixtures.thingFromCommonName("P"))), 400,
                "invalid-input", "provisioningRoleArn");
        Problems.assertProblem(Api.operator(url).get("/v1/templates/" + Fixtures.name("none")), 404, "not-found",
                null);
        Problems.assertProblem(Api.admin(url).delete("/v1/templates/" + Fixtures.name("none")), 404, "not-found",
                null);
    }

    @Test
    void render_withParametersOrCertificate_showsWhatJitpWouldCreate() {
        String name = Fixtures.name("render");
        put(name, Fixtures.putTemplate(Fixtures.thingFromCommonName("DevicePolicy"))).then().statusCode(200);

        Response plan = Api.operator(url).contentType(ContentType.JSON)
                .body(Map.of("parameters", Map.of("AWS::IoT::Certificate::CommonName", "sensor-17",
                        "AWS::IoT::Certificate::Id", "a".repeat(64))))
                .post("/v1/templates/" + name + "/render");
        Response missing = Api.operator(url).contentType(ContentType.JSON)
                .body(Map.of("parameters", Map.of("AWS::IoT::Certificate::Id", "a".repeat(64))))
                .post("/v1/templates/" + name + "/render");

        assertThat(plan.statusCode()).as(plan.asString()).isEqualTo(200);
        assertThat(plan.asString()).contains("sensor-17", "DevicePolicy");
        Problems.assertProblem(missing, 400, "invalid-input", null);
        assertThat(missing.asString()).contains("CommonName");
    }

    @Test
    void render_againstADeviceCertificate_takesTheThingNameFromItsSubject() {
        String name = Fixtures.name("render-cert");
        put(name, Fixtures.putTemplate(Fixtures.withOrganization("DevicePolicy"))).then().statusCode(200);
        io.jitp.pki.CertificateAuthority ca = io.jitp.pki.CertificateAuthority.create(
                new io.jitp.pki.RootCaRequest(null, null, null));
        String device = ca.issueWithNewKey(io.jitp.pki.KeyType.P256, "pump-42",
                io.jitp.pki.SubjectNames.parse("O=Acme", "subject"), null, null).certificate().pem();
        String bare = ca.issueWithNewKey(io.jitp.pki.KeyType.P256, "pump-43", null, null, null).certificate().pem();

        Response plan = Api.operator(url).contentType(ContentType.JSON).body(Map.of("certificatePem", device))
                .post("/v1/templates/" + name + "/render");
        Response lacking = Api.operator(url).contentType(ContentType.JSON).body(Map.of("certificatePem", bare))
                .post("/v1/templates/" + name + "/render");

        assertThat(plan.statusCode()).as(plan.asString()).isEqualTo(200);
        assertThat(plan.asString()).contains("pump-42", "Acme");
        Problems.assertProblem(lacking, 400, "invalid-input", null);
        assertThat(lacking.asString()).contains("Organization");
    }

    @Test
    void template_needingAFieldTheProfileLacks_isRefusedForThatCa() {
        String template = Fixtures.name("org");
        put(template, Fixtures.putTemplate(Fixtures.withOrganization("DevicePolicy"))).then().statusCode(200);
        String plain = Fixtures.name("plain");
        String withO = Fixtures.name("witho");
        Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", plain)).post("/v1/cas").then()
                .statusCode(201);
        Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", withO, "profile",
                Fixtures.profileWithOrganization())).post("/v1/cas").then().statusCode(201);

        Response refused = Api.admin(url).contentType(ContentType.JSON).body(Map.of("templateName", template))
                .post("/v1/cas/" + plain + "/registration");
        Response accepted = Api.admin(url).contentType(ContentType.JSON).body(Map.of("templateName", template))
                .post("/v1/cas/" + withO + "/registration");

        Problems.assertProblem(refused, 403, "forbidden", null);
        assertThat(refused.asString()).contains("Organization");
        assertThat(Api.operator(url).get("/v1/cas/" + plain).jsonPath().getString("registration")).isNull();
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(200);
        Problems.assertProblem(Api.admin(url).contentType(ContentType.JSON).body(Map.of("keyTypes",
                List.of("p256"))).put("/v1/cas/" + withO + "/profile"), 403, "forbidden", null);
        Problems.assertProblem(Api.admin(url).delete("/v1/templates/" + template), 409, "conflict", null);
    }

    @Test
    void put_changedRoleEnabledAndDescription_updatesTheTemplateInIot() {
        String name = Fixtures.name("settings");
        put(name, Fixtures.putTemplate(Fixtures.thingFromCommonName("PolicyA"))).then().statusCode(200);
        String otherRole = "arn:aws:iam::123456789012:role/OtherProvisioning";

        Response updated = put(name, Map.of("body", Fixtures.thingFromCommonName("PolicyA"),
                "provisioningRoleArn", otherRole, "enabled", false, "description", "changed"));

        assertThat(updated.statusCode()).as(updated.asString()).isEqualTo(200);
        assertThat(updated.jsonPath().getString("changed")).isEqualTo("updated");
        DescribeProvisioningTemplateResponse inIot = iot.describeProvisioningTemplate(b -> b.templateName(name));
        assertThat(inIot.provisioningRoleArn()).isEqualTo(otherRole);
        assertThat(inIot.enabled()).isFalse();
        assertThat(inIot.description()).isEqualTo("changed");
        assertThat(inIot.defaultVersionId()).isEqualTo(1);
    }

    @Test
    void put_whenTheUpdateFails_leavesTheTemplateAsItWas_andARepeatCompletesIt() {
        String name = Fixtures.name("atomic");
        put(name, Fixtures.putTemplate(Fixtures.thingFromCommonName("PolicyA"))).then().statusCode(200);
        String otherRole = "arn:aws:iam::123456789012:role/OtherProvisioning";
        Map<String, Object> change = Map.of("body", Fixtures.thingFromCommonName("PolicyB"),
                "provisioningRoleArn", otherRole);
        Iot emulator = new Iot(embedded.emulator().orElseThrow());

        Response failed;
        try {
            emulator.faults("UpdateProvisioningTemplate", FaultSettings.NONE.withInternalError(1.0));
            failed = put(name, change);
        } finally {
            emulator.healthy();
        }
        DescribeProvisioningTemplateResponse afterFailure = iot.describeProvisioningTemplate(b -> b
                .templateName(name));
        List<Integer> versionsAfterFailure = versions(name);
        Response repeated = put(name, change);

        Problems.assertProblem(failed, 503, "unavailable", null);
        assertThat(afterFailure.templateBody()).contains("PolicyA").doesNotContain("PolicyB");
        assertThat(afterFailure.provisioningRoleArn()).isEqualTo(Fixtures.PROVISIONING_ROLE);
        assertThat(afterFailure.defaultVersionId()).isEqualTo(1);
        assertThat(versionsAfterFailure).containsExactly(1);
        assertThat(repeated.statusCode()).as(repeated.asString()).isEqualTo(200);
        assertThat(repeated.jsonPath().getString("changed")).isEqualTo("new-version");
        DescribeProvisioningTemplateResponse done = iot.describeProvisioningTemplate(b -> b.templateName(name));
        assertThat(done.templateBody()).contains("PolicyB");
        assertThat(done.provisioningRoleArn()).isEqualTo(otherRole);
    }

    @Test
    void put_aSixthBody_prunesTheOldestVersionThatIsNotTheDefault() {
        String name = Fixtures.name("prune");
        for (int i = 1; i <= 5; i++) {
            put(name, Fixtures.putTemplate(Fixtures.thingFromCommonName("Policy" + i))).then().statusCode(200);
        }
        assertThat(versions(name)).containsExactly(1, 2, 3, 4, 5);

        Response sixth = put(name, Fixtures.putTemplate(Fixtures.thingFromCommonName("Policy6")));
        Response seventh = put(name, Fixtures.putTemplate(Fixtures.thingFromCommonName("Policy7")));

        assertThat(sixth.statusCode()).as(sixth.asString()).isEqualTo(200);
        assertThat(seventh.statusCode()).as(seventh.asString()).isEqualTo(200);
        assertThat(versions(name)).containsExactly(3, 4, 5, 6, 7);
        DescribeProvisioningTemplateResponse inIot = iot.describeProvisioningTemplate(b -> b.templateName(name));
        assertThat(inIot.defaultVersionId()).isEqualTo(7);
        assertThat(inIot.templateBody()).contains("Policy7");
    }

    @Test
    void put_aRoleArnThatIsNotAnArn_isRefusedNamingTheField() {
        Response refused = put(Fixtures.name("arn"), Map.of("body", Fixtures.thingFromCommonName("P"),
                "provisioningRoleArn", "arn:aws:s3:::not-a-role-at-all"));

        Problems.assertProblem(refused, 400, "invalid-input", "provisioningRoleArn");
    }

    private List<Integer> versions(String name) {
        return iot.listProvisioningTemplateVersions(b -> b.templateName(name)).versions().stream()
                .map(v -> v.versionId()).sorted().toList();
    }

    private Response put(String name, Map<String, Object> body) {
        return Api.admin(url).contentType(ContentType.JSON).body(body).put("/v1/templates/" + name);
    }
}
