package io.jitp.cli.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Enrollment end to end, as a user runs it: an operator mints tokens with {@code jitp token}, devices enroll with
 * {@code jitp device enroll} against a real broker process, get credentials with {@code jitp credentials get --dir}
 * from the broker's embedded emulator (JITP's first failure absorbed) and prove them with STS; then the device is
 * revoked and its next exchange fails with the reason.
 */
@QuarkusMainTest
class DeviceCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/";

    @TempDir
    static Path dir;

    static BrokerProcess broker;

    @BeforeAll
    static void startBroker() {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void enrollWithCsr_getCredentials_sts_thenRevoke(QuarkusMainLauncher launcher) throws Exception {
        String fleet = fleet(launcher, "csr", false);
        String thing = "pump-" + UUID.randomUUID().toString().substring(0, 8);
        Path device = dir.resolve("device-" + thing);
        Path cache = dir.resolve("cache-" + thing);

        LaunchResult minted = jitp(launcher, "token", "create", "--fleet", fleet, "--thing", thing, "-o", "json");
        assertThat(minted.exitCode()).as(minted.getErrorOutput()).isZero();
        String token = JSON.readTree(minted.getOutput()).path("token").asText();
        LaunchResult enrolled = enroll(launcher, token, thing, device);
        LaunchResult again = enroll(launcher, token, thing, device);
        LaunchResult credentials = launcher.launch("credentials", "get", "--dir", device.toString(), "--format",
                "json", "--cache-dir", cache.toString(), "-v");

        assertThat(enrolled.exitCode()).as(enrolled.getErrorOutput()).isZero();
        assertThat(enrolled.getOutput()).contains("enrolled:", thing, "jitp credentials get --dir");
        assertThat(Files.getPosixFilePermissions(device.resolve("deviceCert.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(device.resolve("deviceCertAndCACert.crt")).exists();
        assertThat(device.resolve("rootCA.pem")).exists();
        assertThat(Files.readString(device.resolve("trustBundle.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        JsonNode config = JSON.readTree(device.resolve("device.json").toFile());
        assertThat(config.path("thingName").asText()).isEqualTo(thing);
        assertThat(config.path("roleAlias").asText()).isEqualTo(fleet + "-role-alias");
        assertThat(config.path("credentialsEndpoint").asText()).isEqualTo(endpoints().path("credentialsEndpoint")
                .asText());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.getErrorOutput()).contains("exists", "--force");
        assertThat(credentials.exitCode()).as(credentials.getErrorOutput()).isZero();
        JsonNode issued = JSON.readTree(credentials.getOutput());
        assertThat(issued.path("attempts").size()).as("JITP's first-contact failure was absorbed")
                .isGreaterThan(1);
        assertThat(sts(issued).getCallerIdentity().arn())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/EnrolledDevices/" + thing);

        LaunchResult list = jitp(launcher, "device", "list", "--fleet", fleet);
        LaunchResult show = jitp(launcher, "device", "show", thing);
        LaunchResult unconfirmed = jitp(launcher, "device", "revoke", thing, "--confirm", "other");
        LaunchResult revoked = jitp(launcher, "device", "revoke", thing, "--confirm", thing);
        LaunchResult revokedAgain = jitp(launcher, "device", "revoke", thing, "--confirm", thing);
        LaunchResult refused = launcher.launch("credentials", "get", "--dir", device.toString(), "--refresh",
                "--cache-dir", cache.toString());

        assertThat(list.getOutput()).contains("THING", thing, "ACTIVE");
        assertThat(show.getOutput()).contains("status:", "ACTIVE", "CERTIFICATE");
        assertThat(unconfirmed.exitCode()).isEqualTo(1);
        assertThat(unconfirmed.getErrorOutput()).contains("confirm");
        assertThat(revoked.exitCode()).as(revoked.getErrorOutput()).isZero();
        assertThat(revoked.getOutput()).contains("REVOKED", "revoked now: 1 certificate");
        assertThat(revokedAgain.getOutput()).contains("nothing (already revoked)");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.getErrorOutput()).contains("not ACTIVE", "revoked", "jitp device enroll");
    }

    @Test
    void serverKeygen_onACustodialFleet_thenCredentials(QuarkusMainLauncher launcher) throws Exception {
        String fleet = fleet(launcher, "line", true);
        String prefix = "unit-" + UUID.randomUUID().toString().substring(0, 6);
        Path tokenFile = dir.resolve(prefix + ".token");
        Path device = dir.resolve("device-" + prefix);

        LaunchResult minted = jitp(launcher, "token", "create", "--fleet", fleet, "--thing-pattern", prefix + "-[0-9]+",
                "--uses", "2", "--server-keygen", "--save", tokenFile.toString());
        LaunchResult noKeygen = jitp(launcher, "token", "create", "--fleet", fleet, "--thing", prefix + "-9");
        LaunchResult enrolled = launcher.launch("device", "enroll", "--broker", broker.url(), "--ca-file",
                caFile(), "--token-file", tokenFile.toString(), "--thing", prefix + "-1", "--dir", device.toString(),
                "--server-keygen", "--key-type", "p384", "-o", "json");
        LaunchResult wrongName = launcher.launch("device", "enroll", "--broker", broker.url(), "--ca-file",
                caFile(), "--token-file", tokenFile.toString(), "--thing", "elsewhere-1", "--dir",
                dir.resolve("elsewhere").toString(), "--server-keygen");
        LaunchResult credentials = launcher.launch("credentials", "get", "--dir", device.toString(), "--format",
                "json", "--no-cache");
        LaunchResult tokens = jitp(launcher, "token", "list");

        assertThat(minted.exitCode()).as(minted.getErrorOutput()).isZero();
        assertThat(minted.getOutput()).contains("token:", "jitpe_", "shown once");
        assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(enrolled.exitCode()).as(enrolled.getErrorOutput()).isZero();
        JsonNode answer = JSON.readTree(enrolled.getOutput());
        assertThat(answer.path("custodial").asBoolean()).isTrue();
        assertThat(answer.has("privateKeyPem")).isFalse();
        assertThat(Files.readString(device.resolve("deviceCert.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(wrongName.exitCode()).isEqualTo(1);
        assertThat(wrongName.getErrorOutput()).contains("does not match", "thingName");
        assertThat(dir.resolve("elsewhere")).doesNotExist();
        assertThat(credentials.exitCode()).as(credentials.getErrorOutput()).isZero();
        assertThat(sts(JSON.readTree(credentials.getOutput())).getCallerIdentity().arn())
                .endsWith("/EnrolledDevices/" + prefix + "-1");
        assertThat(tokens.getOutput()).contains("ID", fleet, prefix + "-[0-9]+").doesNotContain("jitpe_");

        LaunchResult second = launcher.launch("device", "enroll", "--broker", broker.url(), "--ca-file", caFile(),
                "--token-file", tokenFile.toString(), "--thing", prefix + "-2", "--dir",
                dir.resolve("device-" + prefix + "-2").toString(), "--server-keygen");
        assertThat(second.exitCode()).as(second.getErrorOutput()).isZero();
        JsonNode paged = JSON.readTree(jitp(launcher, "device", "list", "--fleet", fleet, "--page-size", "1", "-o",
                "json").getOutput());
        assertThat(paged.findValuesAsText("thingName")).containsExactly(prefix + "-1", prefix + "-2");
        JsonNode limited = JSON.readTree(jitp(launcher, "device", "list", "--fleet", fleet, "--page-size", "1",
                "--limit", "1", "-o", "json").getOutput());
        assertThat(limited.findValuesAsText("thingName")).containsExactly(prefix + "-1");
        LaunchResult badPage = jitp(launcher, "device", "list", "--page-size", "0");
        assertThat(badPage.exitCode()).isEqualTo(2);
        assertThat(badPage.getErrorOutput()).contains("--page-size");

        String id = JSON.readTree(jitp(launcher, "token", "list", "-o", "json").getOutput()).get(0).path("id")
                .asText();
        LaunchResult revoked = jitp(launcher, "token", "revoke", id);
        assertThat(revoked.exitCode()).as(revoked.getErrorOutput()).isZero();
        assertThat(revoked.getOutput()).contains("REVOKED");
        assertThat(noKeygen.exitCode()).isZero();
    }

    /** A fleet as an admin sets one up: JITP template, CA registered with it, fleet with the CA. */
    private static String fleet(QuarkusMainLauncher launcher, String prefix, boolean custodial) throws Exception {
        String fleet = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path template = dir.resolve(fleet + "-template.json");
        Files.writeString(template, """
                {"Parameters": {"AWS::IoT::Certificate::CommonName": {"Type": "String"},
                                "AWS::IoT::Certificate::Id": {"Type": "String"}},
                 "Resources": {"thing": {"Type": "AWS::IoT::Thing",
                                         "Properties": {"ThingName": {"Ref": "AWS::IoT::Certificate::CommonName"}}},
                               "certificate": {"Type": "AWS::IoT::Certificate",
                                               "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"},
                                                              "Status": "ACTIVE"}},
                               "policy": {"Type": "AWS::IoT::Policy",
                                          "Properties": {"PolicyName": "POLICY"}}}}
                """.replace("POLICY", fleet + "-device-policy"));
        List<LaunchResult> steps = new ArrayList<>();
        steps.add(jitp(launcher, "template", "put", fleet + "-jitp", template.toString(), "--role-arn",
                ROLE + "JitpProvisioning"));
        steps.add(jitp(launcher, "ca", "create", "--name", fleet + "-ca", "--subject", "CN=" + fleet + " Root"));
        steps.add(jitp(launcher, "ca", "register", fleet + "-ca", "--template", fleet + "-jitp"));
        steps.add(jitp(launcher, "fleet", "ensure", fleet, "--role-arn", ROLE + "EnrolledDevices", "--ca",
                fleet + "-ca", "--template", fleet + "-jitp", custodial ? "--custodial" : "--no-custodial"));
        for (LaunchResult step : steps) {
            assertThat(step.exitCode()).as(step.getErrorOutput()).isZero();
        }
        assertThat(steps.get(3).getOutput()).contains("custodial:", String.valueOf(custodial));
        return fleet;
    }

    private static LaunchResult enroll(QuarkusMainLauncher launcher, String token, String thing, Path device) {
        return launcher.launch("device", "enroll", "--broker", broker.url(), "--ca-file", caFile(), "--token", token,
                "--thing", thing, "--dir", device.toString());
    }

    private static String caFile() {
        return broker.dataDir().resolve("tls/ca.crt").toString();
    }

    private static JsonNode endpoints() throws Exception {
        return JSON.readTree(broker.dataDir().resolve("emulator/endpoints.json").toFile());
    }

    private static StsClient sts(JsonNode credentials) throws Exception {
        JsonNode endpoints = endpoints();
        return StsClient.builder()
                .endpointOverride(URI.create(endpoints.path("stsEndpoint").asText()))
                .region(Region.of(endpoints.path("region").asText()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.path("accessKeyId").asText(), credentials.path("secretAccessKey").asText(),
                        credentials.path("sessionToken").asText())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static LaunchResult jitp(QuarkusMainLauncher launcher, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--broker", broker.url(), "--data-dir", broker.dataDir().toString()));
        return launcher.launch(all.toArray(String[]::new));
    }
}
