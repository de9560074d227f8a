package io.jitp.broker.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jitp.broker.ca.CaService;
import io.jitp.broker.iot.EmbeddedEmulator;
import io.jitp.broker.store.Database;
import io.jitp.broker.store.DeviceStore;
import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.CustodialDevices;
import io.jitp.broker.testing.Fixtures;
import io.jitp.broker.testing.Problems;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import software.amazon.awssdk.services.iot.IotClient;

/** Breaks one thing at a time in the emulator and checks that the doctor names it, with a fix. */
@QuarkusTest
class DoctorTest {

    @TestHTTPResource(tls = true)
    URL url;

    @Inject
    CaService cas;

    @Inject
    DeviceStore devices;

    @Inject
    Database database;

    @Inject
    IotClient iot;

    @Inject
    EmbeddedEmulator embedded;

    static CustodialDevices fleet;

    @BeforeEach
    void fleet() {
        if (fleet == null) {
            fleet = CustodialDevices.create(url, cas, devices, database);
        }
    }

    @AfterEach
    void clock() {
        embedded.shiftClock(Duration.ZERO);
    }

    @Test
    void provisionedDevice_isHealthy_everyCheckOk() {
        CustodialDevices.Device device = provisioned("ok");

        Response report = doctor(device.thing());

        assertThat(report.statusCode()).as(report.asString()).isEqualTo(200);
        assertThat(report.jsonPath().getString("status")).as(report.asString()).isEqualTo("ok");
        assertThat(report.jsonPath().getList("checks.name")).contains("ledger", "ca", "certificate", "thing",
                "attachment", "role-alias", "policy", "clock");
        assertThat(report.jsonPath().getString("certificateId")).isEqualTo(device.certificateId());
    }

    @Test
    void newDevice_notYetRegistered_willBeProvisionedOnFirstContact() {
        CustodialDevices.Device device = fleet.custodial(Fixtures.name("new"));

        Response report = doctor(device.thing());

        assertThat(report.jsonPath().getString("status")).isEqualTo("warn");
        assertThat(check(report, "certificate")).containsEntry("status", "warn");
        assertThat((String) check(report, "certificate").get("message")).contains("first contact");
        assertThat(check(report, "thing")).containsEntry("status", "warn");
    }

    @Test
    void inactiveCertificate_isNamed() {
        CustodialDevices.Device device = provisioned("inactive");
        iot.updateCertificate(b -> b.certificateId(device.certificateId()).newStatus("INACTIVE"));

        Map<String, Object> check = check(doctor(device.thing()), "certificate");

        assertThat(check).containsEntry("status", "fail");
        assertThat((String) check.get("message")).contains("INACTIVE");
        assertThat((String) check.get("fix")).contains("update-certificate");
    }

    @Test
    void revokedCertificate_isNamed() {
        CustodialDevices.Device device = provisioned("revoked");
        iot.updateCertificate(b -> b.certificateId(device.certificateId()).newStatus("REVOKED"));

        Map<String, Object> check = check(doctor(device.thing()), "certificate");

        assertThat(check).containsEntry("status", "fail");
        assertThat((String) check.get("message")).contains("REVOKED");
    }

    @Test
    void detachedThing_isNamed() {
        CustodialDevices.Device device = provisioned("detached");
        String arn = iot.describeCertificate(b -> b.certificateId(device.certificateId())).certificateDescription()
                .certificateArn();
        iot.detachThingPrincipal(b -> b.thingName(device.thing()).principal(arn));

        Map<String, Object> check = check(doctor(device.thing()), "attachment");

        assertThat(check).containsEntry("status", "fail");
        assertThat((String) check.get("fix")).contains("attach-thing-principal");
    }

    @Test
    void detachedPolicy_isNamed() {
        CustodialDevices.Device device = provisioned("nopolicy");
        String arn = iot.describeCertificate(b -> b.certificateId(device.certificateId())).certificateDescription()
                .certificateArn();
        iot.detachPolicy(b -> b.policyName(fleet.fleet() + "-device-policy").target(arn));

        Map<String, Object> check = check(doctor(device.thing()), "policy");

        assertThat(check).containsEntry("status", "fail");
        assertThat((String) check.get("message")).contains("iot:AssumeRoleWithCertificate");
        assertThat((String) check.get("fix")).contains("attach-policy");
    }

    @Test
    void policyWithoutTheAlias_isNamed() {
        CustodialDevices.Device device = provisioned("otheralias");
        String other = Fixtures.name("alias");
        iot.createRoleAlias(b -> b.roleAlias(other).roleArn(Fixtures.DEVICE_ROLE).credentialDurationSeconds(3600));

        Map<String, Object> check = check(doctorWithAlias(device.thing(), other), "policy");

        assertThat(check).containsEntry("status", "fail");
        assertThat((String) check.get("message")).contains("rolealias/" + other);
    }

    @Test
    void missingRoleAlias_isNamed() {
        CustodialDevices.Device device = provisioned("noalias");

        Map<String, Object> check = check(doctorWithAlias(device.thing(), Fixtures.name("missing")), "role-alias");

        assertThat(check).containsEntry("status", "fail");
        assertThat((String) check.get("message")).contains("does not exist");
    }

    @Test
    void inactiveCa_andCaWithoutAutoRegistration_areNamed() {
        CustodialDevices own = CustodialDevices.create(url, cas, devices, database);
        CustodialDevices.Device device = own.custodial(Fixtures.name("ca"));
        Api.operator(url).post("/v1/devices/" + device.thing() + "/credentials").then().statusCode(200);
        iot.updateCACertificate(b -> b.certificateId(own.caId()).newAutoRegistrationStatus("DISABLE"));

        Map<String, Object> noAutoRegistration = check(doctor(device.thing()), "ca");
        iot.updateCACertificate(b -> b.certificateId(own.caId()).newStatus("INACTIVE"));
        Map<String, Object> inactive = check(doctor(device.thing()), "ca");

        assertThat(noAutoRegistration).containsEntry("status", "warn");
        assertThat((String) noAutoRegistration.get("message")).contains("auto-registration is off");
        assertThat(inactive).containsEntry("status", "fail");
        assertThat((String) inactive.get("message")).contains("INACTIVE");
    }

    @Test
    void clockSkew_isMeasuredFromIotsDateHeader() {
        CustodialDevices.Device device = provisioned("clock");

        embedded.shiftClock(Duration.ofMinutes(2));
        Map<String, Object> behind = check(doctor(device.thing()), "clock");
        embedded.shiftClock(Duration.ofMinutes(-10));
        Map<String, Object> ahead = check(doctor(device.thing()), "clock");

        assertThat(behind).containsEntry("status", "warn");
        assertThat((String) behind.get("message")).contains("behind");
        assertThat(ahead).containsEntry("status", "fail");
        assertThat((String) ahead.get("message")).contains("ahead of");
        assertThat((String) ahead.get("fix")).contains("NTP");
    }

    @Test
    void unknownThing_failsWithAFix_andBadNamesAreRefused() {
        Response report = doctor(Fixtures.name("ghost"));

        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.jsonPath().getString("status")).isEqualTo("fail");
        assertThat(check(report, "certificate")).containsEntry("status", "fail");
        Problems.assertProblem(Api.operator(url).get("/v1/devices/bad%20name/doctor"), 400, "invalid-input",
                "thing");
        Problems.assertProblem(Api.anonymous(url).get("/v1/devices/x/doctor"), 401, "unauthenticated",
                "Authorization");
    }

    private CustodialDevices.Device provisioned(String prefix) {
        CustodialDevices.Device device = fleet.custodial(Fixtures.name(prefix));
        Api.operator(url).post("/v1/devices/" + device.thing() + "/credentials").then().statusCode(200);
        return device;
    }

    private Response doctor(String thing) {
        return Api.operator(url).get("/v1/devices/" + thing + "/doctor");
    }

    private Response doctorWithAlias(String thing, String alias) {
        return Api.operator(url).queryParam("roleAlias", alias).get("/v1/devices/" + thing + "/doctor");
    }

    private static Map<String, Object> check(Response report, String name) {
        List<Map<String, Object>> checks = report.jsonPath().getList("checks");
        return checks.stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + report.asString()));
    }
}
