package io.jitp.broker.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jitp.broker.iot.EmbeddedEmulator;
import io.jitp.broker.store.CaRecord;
import io.jitp.broker.store.CaStore;
import io.jitp.broker.store.RegistrationRecord;
import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Fixtures;
import io.jitp.broker.testing.Iot;
import io.jitp.broker.testing.Problems;
import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Outcome;
import io.jitp.pki.KeyAndCertificate;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CACertificate;
import software.amazon.awssdk.services.iot.model.CACertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateMode;

/**
 * Registration under AWS IoT faults and crashes: throttling and 5xx are retried, failures past the retries leave a
 * state that the next call resumes, and a broker that died after IoT registered the CA but before recording it
 * adopts the registration on the next call. Exact upstream call counts come from the emulator's counters.
 * <p>
 * The test profile allows {@code jitp.iot.max-retries} = 6, i.e. 7 attempts per call.
 */
@QuarkusTest
class RegistrationResilienceTest {

    static final int ATTEMPTS = 7;

    @TestHTTPResource(tls = true)
    URL url;

    @Inject
    EmbeddedEmulator embedded;

    @Inject
    IotClient iotClient;

    @Inject
    CaStore store;

    @Inject
    CaService cas;

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

    @Test
    void throttlingAndServerErrors_areRetried_andEachOperationSucceedsExactlyOnce() {
        String id = createCa();
        long codeOk = iot.count("GetRegistrationCode", Outcome.OK);
        long codeAll = iot.total("GetRegistrationCode");
        long registerOk = iot.count("RegisterCACertificate", Outcome.OK);
        long registerAll = iot.total("RegisterCACertificate");
        // One draw per request from a fixed seed: the same faults every run.
        embedded.emulator().orElseThrow().faults().reseed(20261203L);
        iot.faults(new FaultSettings(0.3, 0.1, 0.1, 0, 0, 0));

        Response registered = register(id);

        iot.healthy();
        assertThat(registered.statusCode()).as(registered.asString()).isEqualTo(200);
        assertThat(iot.awaitCount("GetRegistrationCode", Outcome.OK, codeOk + 1) - codeOk).isEqualTo(1);
        assertThat(iot.awaitCount("RegisterCACertificate", Outcome.OK, registerOk + 1) - registerOk).isEqualTo(1);
        long codeInjected = iot.total("GetRegistrationCode") - codeAll - 1;
        long registerInjected = iot.total("RegisterCACertificate") - registerAll - 1;
        assertThat(codeInjected + registerInjected).as("faults were injected and retried").isPositive();
        assertThat(inIot(id)).hasSize(1);
        assertThat(registered.jsonPath().getBoolean("registration.adopted")).isFalse();
    }

    @Test
    void throttledPastTheRetries_isA503_andTheRepeatedCallResumes() {
        String id = createCa();
        long codeAll = iot.total("GetRegistrationCode");
        long registerAll = iot.total("RegisterCACertificate");
        iot.faults(FaultSettings.NONE.withThrottle(1.0));

        Response failed = register(id);

        Problems.assertProblem(failed, 503, "unavailable", null);
        assertThat(failed.jsonPath().getString("detail")).contains("GetRegistrationCode", "Throttling");
        assertThat(iot.awaitTotal("GetRegistrationCode", codeAll + ATTEMPTS) - codeAll).isEqualTo(ATTEMPTS);
        assertThat(iot.count("GetRegistrationCode", Outcome.INJECTED_THROTTLE)).isGreaterThanOrEqualTo(ATTEMPTS);
        assertThat(iot.total("RegisterCACertificate") - registerAll).isZero();
        assertThat(store.findRegistration(id).orElseThrow().step()).isEqualTo(RegistrationRecord.STARTED);

        iot.healthy();
        Response resumed = register(id);

        assertThat(resumed.statusCode()).as(resumed.asString()).isEqualTo(200);
        assertThat(resumed.jsonPath().getInt("registration.attempts")).isEqualTo(2);
        assertThat(iot.awaitTotal("GetRegistrationCode", codeAll + ATTEMPTS + 1) - codeAll).isEqualTo(ATTEMPTS + 1);
        assertThat(iot.awaitTotal("RegisterCACertificate", registerAll + 1) - registerAll).isEqualTo(1);
        assertThat(inIot(id)).hasSize(1);
    }

    @Test
    void unavailableAtRegisterCaCertificate_resumesFromTheRecordedVerification() {
        String id = createCa();
        CaRecord ca = store.find(id).orElseThrow();
        RegistrationRecord atVerification = recordVerification(ca);
        long codeAll = iot.total("GetRegistrationCode");
        long registerAll = iot.total("RegisterCACertificate");
        iot.faults(FaultSettings.NONE.withUnavailable(1.0));

        Response failed = register(id);

        Problems.assertProblem(failed, 503, "unavailable", null);
        assertThat(iot.awaitTotal("RegisterCACertificate", registerAll + ATTEMPTS) - registerAll).isEqualTo(ATTEMPTS);
        assertThat(iot.count("RegisterCACertificate", Outcome.INJECTED_UNAVAILABLE)).isGreaterThanOrEqualTo(ATTEMPTS);

        iot.healthy();
        Response resumed = register(id);

        assertThat(resumed.statusCode()).as(resumed.asString()).isEqualTo(200);
        assertThat(iot.awaitTotal("RegisterCACertificate", registerAll + ATTEMPTS + 1) - registerAll)
                .isEqualTo(ATTEMPTS + 1);
        assertThat(iot.total("GetRegistrationCode") - codeAll).as("the recorded code is reused").isZero();
        assertThat(store.findRegistration(id).orElseThrow().verificationPem())
                .isEqualTo(atVerification.verificationPem());
        assertThat(inIot(id)).hasSize(1);
    }

    @Test
    void brokerKilledBetweenRegisteredInIotAndRecorded_adoptsOnTheNextCall() {
        String id = createCa();
        CaRecord ca = store.find(id).orElseThrow();
        RegistrationRecord recorded = recordVerification(ca);
        long before = iot.total("RegisterCACertificate");
        // What the broker sent just before it died: the registration took effect in IoT, the row still says
        // VERIFICATION_SIGNED. Here as INACTIVE, so the adoption must also bring IoT to the requested settings.
        iotClient.registerCACertificate(b -> b.caCertificate(ca.certificatePem())
                .verificationCertificate(recorded.verificationPem())
                .certificateMode(CertificateMode.DEFAULT)
                .setAsActive(false)
                .allowAutoRegistration(true));
        long registerAll = iot.awaitTotal("RegisterCACertificate", before + 1);
        long registerConflicts = iot.count("RegisterCACertificate", Outcome.CLIENT_ERROR);

        Response repaired = register(id);

        assertThat(repaired.statusCode()).as(repaired.asString()).isEqualTo(200);
        assertThat(repaired.jsonPath().getString("registration.step")).isEqualTo("REGISTERED");
        assertThat(repaired.jsonPath().getBoolean("registration.adopted")).isTrue();
        assertThat(repaired.jsonPath().getString("registration.certificateArn")).endsWith("cacert/" + id);
        assertThat(iot.awaitCount("RegisterCACertificate", Outcome.CLIENT_ERROR, registerConflicts + 1)
                - registerConflicts).isEqualTo(1);
        assertThat(iot.total("RegisterCACertificate") - registerAll).isEqualTo(1);
        assertThat(inIot(id)).singleElement().extracting(CACertificate::status)
                .isEqualTo(CACertificateStatus.ACTIVE);

        Response again = register(id);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(iot.total("RegisterCACertificate") - registerAll).isEqualTo(1);
    }

    private RegistrationRecord recordVerification(CaRecord ca) {
        long before = iot.total("GetRegistrationCode");
        String code = iotClient.getRegistrationCode(b -> {
        }).registrationCode();
        iot.awaitTotal("GetRegistrationCode", before + 1);
        KeyAndCertificate verification = cas.authority(ca).verificationCertificate(code, null);
        RegistrationRecord started = store.insertRegistration(new RegistrationRecord(ca.id(), "DEFAULT", true, true,
                null, RegistrationRecord.STARTED, null, null, null, null, false, 0, Instant.now(), Instant.now(),
                0));
        return store.updateRegistration(store.updateRegistration(started.withCode(code))
                .withVerification(verification.certificate().pem()));
    }

    private String createCa() {
        return Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", Fixtures.name("res")))
                .post("/v1/cas").then().statusCode(201).extract().path("id");
    }

    private Response register(String id) {
        return Api.admin(url).contentType(ContentType.JSON).body(Map.of("mode", "DEFAULT"))
                .post("/v1/cas/" + id + "/registration");
    }

    private java.util.List<CACertificate> inIot(String id) {
        return iotClient.listCACertificatesPaginator(b -> b.pageSize(250)).certificates().stream()
                .filter(c -> c.certificateId().equals(id)).toList();
    }
}
