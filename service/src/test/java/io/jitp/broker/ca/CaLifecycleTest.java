package io.jitp.broker.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jitp.broker.iot.EmbeddedEmulator;
import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Fixtures;
import io.jitp.broker.testing.Iot;
import io.jitp.broker.testing.Problems;
import io.jitp.emulator.fault.Outcome;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AutoRegistrationStatus;
import software.amazon.awssdk.services.iot.model.CACertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.DescribeCaCertificateResponse;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/** The whole life of a CA against the embedded emulator, in both registration modes. */
@QuarkusTest
class CaLifecycleTest {

    @TestHTTPResource(tls = true)
    URL url;

    @Inject
    EmbeddedEmulator embedded;

    @Inject
    IotClient iotClient;

    Iot iot;

    @BeforeEach
    void emulator() {
        iot = new Iot(embedded.emulator().orElseThrow());
        iot.healthy();
    }

    @AfterEach
    void healthy() {
        iot.healthy();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEFAULT", "SNI_ONLY"})
    void wholeLifecycle(String mode) {
        String template = Fixtures.name("tpl");
        String name = Fixtures.name("life");
        Api.admin(url).contentType(ContentType.JSON).body(Fixtures.putTemplate(Fixtures.thingFromCommonName(
                "DevicePolicy"))).put("/v1/templates/" + template).then().statusCode(200);
        String id = Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", name)).post("/v1/cas")
                .then().statusCode(201).extract().path("id");
        long codes = iot.total("GetRegistrationCode");
        long registrations = iot.total("RegisterCACertificate");

        Response registered = register(name, Map.of("mode", mode, "templateName", template));
        Response again = register(name, Map.of("mode", mode, "templateName", template));

        assertThat(registered.statusCode()).as(registered.asString()).isEqualTo(200);
        assertThat(registered.jsonPath().getString("registration.step")).isEqualTo("REGISTERED");
        assertThat(registered.jsonPath().getString("registration.status")).isEqualTo("ACTIVE");
        assertThat(registered.jsonPath().getBoolean("registration.adopted")).isFalse();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getString("registration.certificateArn"))
                .isEqualTo(registered.jsonPath().getString("registration.certificateArn"));
        assertThat(iot.awaitTotal("RegisterCACertificate", registrations + 1) - registrations).isEqualTo(1);
        assertThat(iot.total("GetRegistrationCode") - codes).isEqualTo("DEFAULT".equals(mode) ? 1 : 0);
        DescribeCaCertificateResponse inIot = describe(id);
        assertThat(inIot.certificateDescription().status()).isEqualTo(CACertificateStatus.ACTIVE);
        assertThat(inIot.certificateDescription().autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.ENABLE);
        assertThat(inIot.certificateDescription().certificateMode()).isEqualTo(CertificateMode.fromValue(mode));
        assertThat(inIot.registrationConfig().templateName()).isEqualTo(template);

        patch(name, Map.of("status", "INACTIVE")).then().statusCode(200).body("registration.status",
                org.hamcrest.Matchers.equalTo("INACTIVE"));
        assertThat(describe(id).certificateDescription().status()).isEqualTo(CACertificateStatus.INACTIVE);
        patch(name, Map.of("status", "ACTIVE", "autoRegistration", false)).then().statusCode(200);
        assertThat(describe(id).certificateDescription().status()).isEqualTo(CACertificateStatus.ACTIVE);
        assertThat(describe(id).certificateDescription().autoRegistrationStatus())
                .isEqualTo(AutoRegistrationStatus.DISABLE);
        patch(name, Map.of("autoRegistration", true)).then().statusCode(200);
        String other = Fixtures.name("tpl2");
        Api.admin(url).contentType(ContentType.JSON).body(Fixtures.putTemplate(Fixtures.thingFromCommonName(
                "OtherPolicy"))).put("/v1/templates/" + other).then().statusCode(200);
        patch(name, Map.of("templateName", other)).then().statusCode(200)
                .body("registration.templateName", org.hamcrest.Matchers.equalTo(other));
        assertThat(describe(id).registrationConfig().templateName()).isEqualTo(other);
        patch(name, Map.of("templateName", template)).then().statusCode(200);
        Problems.assertProblem(patch(name, Map.of("templateName", Fixtures.name("missing"))), 400,
                "invalid-input", "templateName");

        Response rotated = Api.admin(url).contentType(ContentType.JSON).body(Map.of()).post("/v1/cas/" + name
                + "/rotation");
        assertThat(rotated.statusCode()).as(rotated.asString()).isEqualTo(200);
        String newId = rotated.jsonPath().getString("id");
        assertThat(newId).isNotEqualTo(id);
        assertThat(rotated.jsonPath().getInt("generation")).isEqualTo(2);
        assertThat(rotated.jsonPath().getString("status")).isEqualTo("CURRENT");
        assertThat(rotated.jsonPath().getString("rotatedFrom")).isEqualTo(id);
        assertThat(rotated.jsonPath().getString("registration.mode")).isEqualTo(mode);
        assertThat(rotated.jsonPath().getString("registration.templateName")).isEqualTo(template);
        assertThat(describe(newId).certificateDescription().status()).isEqualTo(CACertificateStatus.ACTIVE);
        assertThat(describe(id).certificateDescription().status()).isEqualTo(CACertificateStatus.ACTIVE);
        Api.operator(url).get("/v1/cas/" + id).then().body("status", org.hamcrest.Matchers.equalTo("RETIRING"));
        Api.operator(url).get("/v1/cas/" + name).then().body("id", org.hamcrest.Matchers.equalTo(newId));

        Problems.assertProblem(retire(id, Map.of("confirm", "wrong")), 400, "invalid-input", "confirm");
        Problems.assertProblem(retire(newId, Map.of("confirm", newId)), 409, "conflict", null);
        Problems.assertProblem(retire(id, Map.of("confirm", id, "destroyKey", true)), 400, "invalid-input",
                "confirmDestroyKey");
        Response retired = retire(id, Map.of("confirm", id, "deleteFromIot", true, "destroyKey", true,
                "confirmDestroyKey", id));
        assertThat(retired.statusCode()).as(retired.asString()).isEqualTo(200);
        assertThat(retired.jsonPath().getString("status")).isEqualTo("RETIRED");
        assertThat(retired.jsonPath().getBoolean("keyPresent")).isFalse();
        assertThat(retired.jsonPath().getString("registration.step")).isEqualTo("DELETED");
        assertThat(retired.jsonPath().getString("registration.status")).isEqualTo("DELETED");
        assertThat(Api.operator(url).get("/v1/cas").jsonPath().getString("find { it.id == '" + id
                + "' }.registration.status")).isEqualTo("DELETED");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> describe(id))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(retire(id, Map.of("confirm", id, "deleteFromIot", true)).statusCode()).isEqualTo(200);
        Api.operator(url).accept("application/x-pem-file").get("/v1/cas/" + id + "/certificate").then()
                .statusCode(200);
        Problems.assertProblem(register(id, Map.of("mode", mode)), 409, "conflict", null);
    }

    private Response register(String ca, Map<String, Object> body) {
        return Api.admin(url).contentType(ContentType.JSON).body(new HashMap<>(body))
                .post("/v1/cas/" + ca + "/registration");
    }

    private Response patch(String ca, Map<String, Object> body) {
        return Api.admin(url).contentType(ContentType.JSON).body(body).patch("/v1/cas/" + ca + "/registration");
    }

    private Response retire(String ca, Map<String, Object> body) {
        return Api.admin(url).contentType(ContentType.JSON).body(body).post("/v1/cas/" + ca + "/retirement");
    }

    private DescribeCaCertificateResponse describe(String id) {
        return iotClient.describeCACertificate(b -> b.certificateId(id));
    }

    static long ok(Iot iot, String operation) {
        return iot.count(operation, Outcome.OK);
    }
}
