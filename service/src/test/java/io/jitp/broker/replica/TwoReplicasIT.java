package io.jitp.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.emulator.Emulator;
import io.jitp.emulator.EmulatorConfig;
import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Outcome;
import io.jitp.emulator.fault.Surface;
import io.jitp.testsupport.BrokerProcess;
import io.jitp.testsupport.External;
import io.restassured.RestAssured;
import io.restassured.config.SSLConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Two broker processes (the packaged jar) on one PostgreSQL schema and one emulator: what one writes the other
 * serves, a restart loses nothing, a registration raced on both replicas happens once, and a broker killed
 * (SIGKILL) after AWS IoT registered a CA but before it recorded that is repaired by the next call.
 */
class TwoReplicasIT {

    static final String KEK = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @TempDir
    static Path dir;

    static Emulator emulator;
    static IotClient iot;
    static String schema;
    static BrokerProcess a;
    static BrokerProcess b;

    @BeforeAll
    static void start() {
        External.requirePostgresUrl();
        emulator = Emulator.start(EmulatorConfig.builder().host("127.0.0.1").apiPort(0).credentialsPort(0).build());
        iot = IotClient.builder().region(Region.of(emulator.endpoints().region()))
                .endpointOverride(java.net.URI.create(emulator.endpoints().apiEndpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        emulator.endpoints().accessKeyId(), emulator.endpoints().secretAccessKey())))
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
                .build();
        schema = "jitp_replicas_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        a = replica("a", KEK);
        b = replica("b", KEK);
    }

    @AfterAll
    static void stop() throws Exception {
        for (BrokerProcess replica : new BrokerProcess[]{a, b}) {
            if (replica != null) {
                replica.close();
            }
        }
        if (iot != null) {
            iot.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (schema != null) {
            try (var connection = java.sql.DriverManager.getConnection(External.requirePostgresUrl());
                    var statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void whatOneReplicaWrites_theOtherServes_andARestartLosesNothing() {
        String name = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        String id = api(a).contentType(ContentType.JSON).body(Map.of("name", name)).post("/v1/cas").then()
                .statusCode(201).extract().path("id");

        api(b).get("/v1/cas/" + name).then().statusCode(200);
        a.close();
        a = replica("a", KEK);

        assertThat(api(a).get("/v1/cas/" + id).jsonPath().getString("name")).isEqualTo(name);
        assertThat(api(b).accept("application/x-pem-file").get("/v1/cas/" + id + "/certificate").asString())
                .startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void aRegistrationRacedOnBothReplicas_happensOnceInIot() throws Exception {
        String id = api(a).contentType(ContentType.JSON).body(Map.of("name", "race-" + UUID.randomUUID()
                .toString().substring(0, 8))).post("/v1/cas").then().statusCode(201).extract().path("id");
        long registerOk = emulator.faults().count(Surface.CONTROL_PLANE, "RegisterCACertificate", Outcome.OK);

        CompletableFuture<Response> onA = CompletableFuture.supplyAsync(() -> register(a, id));
        CompletableFuture<Response> onB = CompletableFuture.supplyAsync(() -> register(b, id));
        List<Response> responses = List.of(onA.get(120, TimeUnit.SECONDS), onB.get(120, TimeUnit.SECONDS));

        for (Response response : responses) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
            assertThat(response.jsonPath().getString("registration.step")).isEqualTo("REGISTERED");
        }
        awaitCount("RegisterCACertificate", 0);
        assertThat(emulator.faults().count(Surface.CONTROL_PLANE, "RegisterCACertificate", Outcome.OK) - registerOk)
                .isEqualTo(1);
        assertThat(iot.listCACertificatesPaginator(r -> r.pageSize(250)).certificates().stream()
                .filter(c -> c.certificateId().equals(id)).count()).isEqualTo(1);
    }

    @Test
    void aBrokerKilledAfterIotRegisteredTheCa_isRepairedByTheNextCall() throws Exception {
        String id = api(a).contentType(ContentType.JSON).body(Map.of("name", "crash-" + UUID.randomUUID()
                .toString().substring(0, 8))).post("/v1/cas").then().statusCode(201).extract().path("id");
        long codes = emulator.faults().total(Surface.CONTROL_PLANE, "GetRegistrationCode");
        long registerAll = emulator.faults().total(Surface.CONTROL_PLANE, "RegisterCACertificate");
        // Every IoT call now takes 4 s before the emulator acts on it: the kill lands while RegisterCACertificate
        // is in flight, and the emulator still carries it out, as AWS would for a client that vanished.
        emulator.faults().set(Surface.CONTROL_PLANE, FaultSettings.NONE.withLatency(1.0, 4000));
        long registerArrived = emulator.faults().arrived(Surface.CONTROL_PLANE, "RegisterCACertificate");
        CompletableFuture.runAsync(() -> register(a, id));
        awaitCount("GetRegistrationCode", codes + 1);
        // The kill lands once RegisterCACertificate has reached the emulator, during its 4 s delay.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> emulator.faults().arrived(Surface.CONTROL_PLANE,
                        "RegisterCACertificate") > registerArrived);
        a.kill();
        emulator.faults().set(Surface.CONTROL_PLANE, FaultSettings.NONE);
        awaitCount("RegisterCACertificate", registerAll + 1);

        Response repaired = register(b, id);

        assertThat(repaired.statusCode()).as(repaired.asString()).isEqualTo(200);
        assertThat(repaired.jsonPath().getBoolean("registration.adopted")).isTrue();
        assertThat(emulator.faults().total(Surface.CONTROL_PLANE, "RegisterCACertificate") - registerAll)
                .as("the killed broker's call and the repairing call").isEqualTo(2);
        assertThat(emulator.faults().total(Surface.CONTROL_PLANE, "GetRegistrationCode") - codes).isEqualTo(1);
        a = replica("a", KEK);
    }

    @Test
    void aReplicaWithAnotherKek_isNeverReady() {
        try (BrokerProcess wrong = replica("wrong-kek", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")) {
            api(a).contentType(ContentType.JSON).body(Map.of("name", "kek-" + UUID.randomUUID().toString()
                    .substring(0, 8))).post("/v1/cas").then().statusCode(201);

            Response ready = api(wrong).get("/q/health/ready");

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.asString()).contains("key-store");
        }
    }

    private static void awaitCount(String operation, long count) {
        Awaitility.await(operation + " called " + count + " times").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> emulator.faults().total(Surface.CONTROL_PLANE, operation) >= count);
    }

    private static Response register(BrokerProcess replica, String id) {
        return api(replica).contentType(ContentType.JSON).body(Map.of("mode", "DEFAULT"))
                .post("/v1/cas/" + id + "/registration");
    }

    private static BrokerProcess replica(String name, String kek) {
        Map<String, String> environment = new HashMap<>();
        environment.put("JITP_DATABASE_URL", External.requirePostgresUrl());
        environment.put("JITP_DATABASE_SCHEMA", schema);
        environment.put("JITP_KEYS_KEK", kek);
        environment.put("JITP_IOT_REGION", emulator.endpoints().region());
        environment.put("JITP_IOT_ENDPOINT_OVERRIDE", emulator.endpoints().apiEndpoint());
        environment.put("AWS_ACCESS_KEY_ID", emulator.endpoints().accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", emulator.endpoints().secretAccessKey());
        environment.put("JITP_IOT_RETRY_DELAY", "20ms");
        return BrokerProcess.start(JAR, dir.resolve(name), environment);
    }

    private static RequestSpecification api(BrokerProcess replica) {
        try (InputStream in = Files.newInputStream(replica.dataDir().resolve("tls").resolve("ca.crt"))) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("broker", CertificateFactory.getInstance("X.509").generateCertificate(in));
            String token = Files.readString(replica.dataDir().resolve("admin-token"), StandardCharsets.US_ASCII)
                    .strip();
            return RestAssured.given().baseUri(replica.url())
                    .config(RestAssured.config().sslConfig(SSLConfig.sslConfig().trustStore(trust)))
                    .header("Authorization", "Bearer " + token);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
