package io.jitp.cli.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.emulator.Emulator;
import io.jitp.emulator.EmulatorConfig;
import io.jitp.testsupport.Commands;
import io.jitp.testsupport.External;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The file {@code jitp template body --registration-config --role-arn ARN} prints, for a template whose policy is a
 * PolicyDocument, fed unchanged to {@code /usr/bin/aws iot register-ca-certificate --registration-config
 * file://…} against the emulator, with a CA and verification certificate made by {@code jitp pki}; then a device
 * certificate from that CA, presented with curl to the credentials provider, is provisioned just in time: the
 * thing and the policy from the document exist, and the retry gets credentials.
 */
@QuarkusMainTest
class RegistrationConfigWithAwsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVISIONING_ROLE = "arn:aws:iam::123456789012:role/JitpProvisioning";
    private static final String DEVICE_ROLE = "arn:aws:iam::123456789012:role/FleetDevices";
    private static final String TEMPLATE = """
            {
              "Parameters": {
                "AWS::IoT::Certificate::CommonName": {"Type": "String"},
                "AWS::IoT::Certificate::Id": {"Type": "String"}
              },
              "Resources": {
                "thing": {
                  "Type": "AWS::IoT::Thing",
                  "Properties": {"ThingName": {"Ref": "AWS::IoT::Certificate::CommonName"}}
                },
                "certificate": {
                  "Type": "AWS::IoT::Certificate",
                  "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}, "Status": "ACTIVE"}
                },
                "policy": {
                  "Type": "AWS::IoT::Policy",
                  "Properties": {"PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "iot:AssumeRoleWithCertificate",
                                   "Resource": "arn:aws:iot:us-east-1:123456789012:rolealias/fleet"}]
                  }}
                }
              }
            }
            """;

    static Emulator emulator;
    static String aws;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        External.requireTool("curl", "curl");
        aws = External.requireDebianAwsCli().toString();
        emulator = Emulator.start(EmulatorConfig.builder().provisioningDelay(Duration.ofMillis(300)).build());
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void registrationConfigFromJitp_registersWithTheAwsCli_andADeviceIsProvisionedJustInTime(
            QuarkusMainLauncher launcher) throws Exception {
        Files.writeString(dir.resolve("template.json"), TEMPLATE);
        ok(launcher, "pki", "ca", "--out-key", path("rootCA.key"), "--out-cert", path("rootCA.pem"), "--subject",
                "CN=JITP Root,O=Acme");
        String code = awsIot("get-registration-code", "--query", "registrationCode", "--output", "text").strip();
        ok(launcher, "pki", "verification", "--ca-cert", path("rootCA.pem"), "--ca-key", path("rootCA.key"),
                "--code", code, "--out-cert", path("verificationCert.pem"));
        LaunchResult body = ok(launcher, "template", "body", path("template.json"), "--registration-config",
                "--role-arn", PROVISIONING_ROLE);
        Files.writeString(dir.resolve("provisioning-template.json"), body.getOutput());

        JsonNode registered = JSON.readTree(awsIot("register-ca-certificate", "--ca-certificate",
                "file://rootCA.pem", "--verification-cert", "file://verificationCert.pem", "--set-as-active",
                "--allow-auto-registration", "--registration-config", "file://provisioning-template.json"));
        awsIot("create-role-alias", "--role-alias", "fleet", "--role-arn", DEVICE_ROLE);
        ok(launcher, "pki", "csr", "--thing", "pump-0042", "--out-key", path("deviceCert.key"), "--out-csr",
                path("deviceCert.csr"));
        ok(launcher, "pki", "sign", "--ca-cert", path("rootCA.pem"), "--ca-key", path("rootCA.key"), "--csr",
                path("deviceCert.csr"), "--out-cert", path("deviceCert.crt"), "--out-chain",
                path("deviceCertAndCACert.crt"));
        Commands.Result first = curl();
        Awaitility.await("the thing provisioned by JITP").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> run("describe-thing", "--thing-name", "pump-0042").exitCode() == 0);
        Commands.Result retry = Awaitility.await("credentials for the provisioned device")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(RegistrationConfigWithAwsCliTest.this::curl, result -> result.exitCode() == 0
                        && result.stdout().contains("accessKeyId"));

        JsonNode thing = JSON.readTree(awsIot("describe-thing", "--thing-name", "pump-0042"));
        String certificateArn = JSON.readTree(awsIot("list-thing-principals", "--thing-name", "pump-0042"))
                .path("principals").path(0).asText();
        JsonNode policies = JSON.readTree(awsIot("list-attached-policies", "--target", certificateArn));
        String policyName = policies.path("policies").path(0).path("policyName").asText();
        JsonNode policy = JSON.readTree(awsIot("get-policy", "--policy-name", policyName));

        assertThat(registered.path("certificateId").asText()).matches("[0-9a-f]{64}");
        assertThat(first.exitCode()).as("the first call fails while JITP runs: " + first.output()).isNotZero();
        assertThat(thing.path("thingName").asText()).isEqualTo("pump-0042");
        assertThat(certificateArn).contains(":cert/");
        assertThat(policies.path("policies")).hasSize(1);
        assertThat(policyName).matches("[0-9a-f]{64}");
        assertThat(policy.path("policyDocument").asText()).contains("iot:AssumeRoleWithCertificate",
                "rolealias/fleet");
        assertThat(JSON.readTree(retry.stdout()).path("credentials").path("accessKeyId").asText())
                .startsWith("ASIA");
    }

    private LaunchResult ok(QuarkusMainLauncher launcher, String... arguments) {
        LaunchResult result = launcher.launch(arguments);
        assertThat(result.exitCode()).as(String.join(" ", arguments) + ": " + result.getErrorOutput()).isZero();
        return result;
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private Commands.Result curl() {
        return Commands.run(dir, List.of("curl", "--silent", "--show-error", "--cert", "deviceCertAndCACert.crt",
                "--key", "deviceCert.key", "--cacert", emulator.endpoints().trustBundle(), "-H",
                "x-amzn-iot-thingname: pump-0042", "https://" + emulator.endpoints().credentialsEndpoint()
                        + "/role-aliases/fleet/credentials"));
    }

    private String awsIot(String... arguments) {
        Commands.Result result = run(arguments);
        assertThat(result.exitCode()).as(String.join(" ", arguments) + ": " + result.output()).isZero();
        return result.stdout();
    }

    private Commands.Result run(String... arguments) {
        List<String> command = new ArrayList<>(List.of("env",
                "AWS_ACCESS_KEY_ID=" + emulator.endpoints().accessKeyId(),
                "AWS_SECRET_ACCESS_KEY=" + emulator.endpoints().secretAccessKey(),
                "AWS_DEFAULT_REGION=" + emulator.endpoints().region(), "AWS_PAGER=", "AWS_CONFIG_FILE=/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true", "HOME=" + dir,
                aws, "--endpoint-url", emulator.endpoints().apiEndpoint(), "--output", "json", "iot"));
        command.addAll(List.of(arguments));
        return Commands.run(dir, command);
    }
}
