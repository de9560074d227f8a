package io.jitp.cli.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.testsupport.BrokerProcess;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code jitp device credentials} and {@code jitp device doctor} against a real broker process with a custodial
 * device enrolled through the API (server-side key generation).
 */
@QuarkusMainTest
class DeviceBrokerCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String THING = "cli-pump-1";

    @TempDir
    static Path dir;

    static BrokerProcess broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
        String role = "arn:aws:iam::123456789012:role/";
        call("PUT", "/v1/fleets/cli", "{\"roleArn\":\"" + role + "CliDevices\",\"custodial\":true}", null);
        call("PUT", "/v1/templates/cli-jitp", "{\"provisioningRoleArn\":\"" + role + "JitpProvisioning\",\"body\":"
                + "{\"Parameters\":{\"AWS::IoT::Certificate::CommonName\":{\"Type\":\"String\"},"
                + "\"AWS::IoT::Certificate::Id\":{\"Type\":\"String\"}},\"Resources\":{\"thing\":{\"Type\":"
                + "\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Ref\":\"AWS::IoT::Certificate::CommonName\"}}},"
                + "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{\"CertificateId\":{\"Ref\":"
                + "\"AWS::IoT::Certificate::Id\"},\"Status\":\"ACTIVE\"}},\"policy\":{\"Type\":\"AWS::IoT::Policy\","
                + "\"Properties\":{\"PolicyName\":\"cli-device-policy\"}}}}}", null);
        call("POST", "/v1/cas", "{\"name\":\"cli-ca\",\"subject\":\"CN=CLI Device Root\"}", null);
        call("POST", "/v1/cas/cli-ca/registration", "{\"templateName\":\"cli-jitp\"}", null);
        call("PUT", "/v1/fleets/cli", "{\"roleArn\":\"" + role + "CliDevices\",\"custodial\":true,\"caName\":"
                + "\"cli-ca\"}", null);
        String token = call("POST", "/v1/tokens", "{\"fleet\":\"cli\",\"thingName\":\"" + THING
                + "\",\"serverKeygen\":true}", null).path("token").asText();
        call("POST", "/v1/enrollments", "{\"thingName\":\"" + THING + "\",\"serverKeygen\":true}", token);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void credentials_inEachFormat_thenDoctorSaysOk(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult process = jitp(launcher, "device", "credentials", THING);
        LaunchResult env = jitp(launcher, "device", "credentials", THING, "--format", "env");
        LaunchResult json = jitp(launcher, "device", "credentials", THING, "--format", "json");
        LaunchResult doctor = jitp(launcher, "device", "doctor", THING);
        LaunchResult doctorJson = jitp(launcher, "device", "doctor", THING, "-o", "json");

        assertThat(process.exitCode()).as(process.getErrorOutput()).isZero();
        JsonNode document = JSON.readTree(process.getOutput());
        assertThat(document.path("Version").asInt()).isEqualTo(1);
        assertThat(document.path("AccessKeyId").asText()).startsWith("ASIA");
        assertThat(document.fieldNames()).toIterable().containsExactly("Version", "AccessKeyId", "SecretAccessKey",
                "SessionToken", "Expiration");
        assertThat(env.getOutput()).contains("export AWS_ACCESS_KEY_ID='" + document.path("AccessKeyId").asText(),
                "export AWS_SESSION_TOKEN=");
        assertThat(JSON.readTree(json.getOutput()).path("source").asText()).isEqualTo("CACHE");
        assertThat(doctor.exitCode()).as(doctor.getOutput() + doctor.getErrorOutput()).isZero();
        assertThat(doctor.getOutput()).contains("Device " + THING, "ok    certificate", "ok    policy",
                "Result: OK");
        assertThat(JSON.readTree(doctorJson.getOutput()).path("checks").size()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void unknownThing_credentialsRefused_doctorExitsFour(QuarkusMainLauncher launcher) {
        LaunchResult credentials = jitp(launcher, "device", "credentials", "cli-ghost");
        LaunchResult doctor = jitp(launcher, "device", "doctor", "cli-ghost");
        LaunchResult usage = jitp(launcher, "device", "credentials", THING, "--format", "yaml");

        assertThat(credentials.exitCode()).isEqualTo(1);
        assertThat(credentials.getErrorOutput()).contains("has no certificate issued by this broker");
        assertThat(doctor.exitCode()).isEqualTo(DeviceDoctorCommand.CHECK_FAILED);
        assertThat(doctor.getOutput()).contains("FAIL  certificate", "fix:", "Result: FAIL");
        assertThat(usage.exitCode()).isEqualTo(2);
    }

    static LaunchResult jitp(QuarkusMainLauncher launcher, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--broker", broker.url(), "--data-dir", broker.dataDir().toString()));
        return launcher.launch(all.toArray(String[]::new));
    }

    private static JsonNode call(String method, String path, String body, String token) throws Exception {
        Path data = broker.dataDir();
        String bearer = token != null ? token : Files.readString(data.resolve("admin-token")).strip();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("broker", CertificateFactory.getInstance("X.509").generateCertificate(
                Files.newInputStream(data.resolve("tls").resolve("ca.crt"))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(context).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(broker.url() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }
}
