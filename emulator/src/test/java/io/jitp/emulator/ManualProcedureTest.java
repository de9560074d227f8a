package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.template.RegistrationConfig;
import io.jitp.template.TemplateCodec;
import io.jitp.testsupport.External;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The manual JITP procedure, run exactly as a user runs it: openssl makes the CA, verification and device
 * certificates, the Debian AWS CLI v2 registers them, curl exchanges the device certificate for credentials, and
 * the AWS CLI proves them with STS. The registration-config file is written by the same io.jitp.template code
 * that {@code jitp template body --registration-config --role-arn ARN} runs.
 */
class ManualProcedureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVISIONING_ROLE = "arn:aws:iam::123456789012:role/JitpProvisioning";
    private static final String DEVICE_ROLE = "arn:aws:iam::123456789012:role/DeviceRole";
    /** The template as a user keeps it in git: readable JSON, the policy named (created with the CLI). */
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
                "policy": {"Type": "AWS::IoT::Policy", "Properties": {"PolicyName": "DeviceCredentials"}}
              }
            }
            """;

    static Emulator emulator;
    static String aws;

    @BeforeAll
    static void start() {
        External.requireTool("openssl", "openssl");
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

    private static String[] awsIot(String... arguments) {
        String[] command = new String[arguments.length + 4];
        command[0] = aws;
        command[1] = "--endpoint-url";
        command[2] = emulator.endpoints().apiEndpoint();
        command[3] = "iot";
        System.arraycopy(arguments, 0, command, 4, arguments.length);
        return command;
    }

    private static void openssl(Shell shell, String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "openssl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        shell.ok(command);
    }

    private static void deviceCertificate(Shell shell, String thing) {
        openssl(shell, "genrsa", "-out", "deviceCert.key", "2048");
        openssl(shell, "req", "-new", "-key", "deviceCert.key", "-out", "deviceCert.csr", "-subj", "/CN=" + thing);
        openssl(shell, "x509", "-req", "-in", "deviceCert.csr", "-CA", "rootCA.pem", "-CAkey", "rootCA.key",
                "-CAcreateserial", "-out", "deviceCert.crt", "-days", "365", "-sha256");
    }

    private static Shell.Result curl(Shell shell, String thing) {
        return shell.run("curl", "--silent", "--show-error", "--cert", "deviceCertAndCACert.crt", "--key",
                "deviceCert.key", "--cacert", emulator.endpoints().trustBundle(), "-H",
                "x-amzn-iot-thingname: " + thing, "https://" + emulator.endpoints().credentialsEndpoint()
                        + "/role-aliases/fleet/credentials");
    }

    @Test
    void manualProcedure_firstCallFails_retryGetsCredentials_stsKnowsThem(@TempDir Path work) throws Exception {
        Shell shell = new Shell(work).awsCli(emulator.endpoints());

        openssl(shell, "genrsa", "-out", "rootCA.key", "2048");
        openssl(shell, "req", "-x509", "-new", "-nodes", "-key", "rootCA.key", "-sha256", "-days", "1024", "-out",
                "rootCA.pem", "-subj", "/CN=Manual Root CA/O=Acme");
        String code = shell.ok(awsIot("get-registration-code", "--query", "registrationCode", "--output", "text"))
                .trim();
        openssl(shell, "genrsa", "-out", "verificationCert.key", "2048");
        openssl(shell, "req", "-new", "-key", "verificationCert.key", "-out", "verificationCert.csr", "-subj",
                "/CN=" + code);
        openssl(shell, "x509", "-req", "-in", "verificationCert.csr", "-CA", "rootCA.pem", "-CAkey", "rootCA.key",
                "-CAcreateserial", "-out", "verificationCert.pem", "-days", "500", "-sha256");
        Files.writeString(work.resolve("template.json"), TEMPLATE);
        Files.writeString(work.resolve("provisioning-template.json"), RegistrationConfig.document(
                TemplateCodec.read(Files.readString(work.resolve("template.json"))), PROVISIONING_ROLE));
        JsonNode registered = JSON.readTree(shell.ok(awsIot("register-ca-certificate", "--ca-certificate",
                "file://rootCA.pem", "--verification-cert", "file://verificationCert.pem", "--set-as-active",
                "--allow-auto-registration", "--registration-config", "file://provisioning-template.json")));
        shell.ok(awsIot("create-role-alias", "--role-alias", "fleet", "--role-arn", DEVICE_ROLE,
                "--credential-duration-seconds", "3600"));
        Files.writeString(work.resolve("policy.json"), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"iot:AssumeRoleWithCertificate\",\"Resource\":"
                + "\"arn:aws:iot:us-east-1:123456789012:rolealias/fleet\"}]}");
        shell.ok(awsIot("create-policy", "--policy-name", "DeviceCredentials", "--policy-document",
                "file://policy.json"));
        deviceCertificate(shell, "thing-1");
        Files.writeString(work.resolve("deviceCertAndCACert.crt"), Files.readString(work.resolve("deviceCert.crt"))
                + Files.readString(work.resolve("rootCA.pem")));
        String certificateId = TestPki.idOf(work.resolve("deviceCert.crt"));

        Shell.Result first = curl(shell, "thing-1");
        Instant deadline = Instant.now().plusSeconds(30);
        String status;
        do {
            Thread.sleep(50);
            status = shell.ok(awsIot("describe-certificate", "--certificate-id", certificateId, "--query",
                    "certificateDescription.status", "--output", "text")).trim();
        } while (!status.equals("ACTIVE") && Instant.now().isBefore(deadline));
        Shell.Result retry = curl(shell, "thing-1");

        assertThat(registered.get("certificateId").asText()).matches("[0-9a-f]{64}");
        assertThat(first.exitCode()).as(first.stderr()).isEqualTo(52);
        assertThat(first.stderr()).contains("Empty reply from server");
        assertThat(status).isEqualTo("ACTIVE");
        assertThat(retry.exitCode()).as(retry.stderr()).isZero();
        JsonNode credentials = JSON.readTree(retry.stdout()).get("credentials");
        assertThat(credentials.get("accessKeyId").asText()).startsWith("ASIA");
        assertThat(shell.ok(awsIot("list-thing-principals", "--thing-name", "thing-1", "--query", "principals[0]",
                "--output", "text")).trim()).endsWith(":cert/" + certificateId);
        Shell.Result identity = shell.run(Map.of("AWS_ACCESS_KEY_ID", credentials.get("accessKeyId").asText(),
                "AWS_SECRET_ACCESS_KEY", credentials.get("secretAccessKey").asText(), "AWS_SESSION_TOKEN",
                credentials.get("sessionToken").asText()), aws, "--endpoint-url",
                emulator.endpoints().stsEndpoint(), "sts", "get-caller-identity", "--query", "Arn", "--output",
                "text");
        assertThat(identity.exitCode()).as(identity.stderr()).isZero();
        assertThat(identity.stdout().trim()).isEqualTo("arn:aws:sts::123456789012:assumed-role/DeviceRole/thing-1");
    }

    @Test
    void keptAliveConnections_andResumedTlsSessions_areServed(@TempDir Path work) throws Exception {
        Shell shell = new Shell(work).awsCli(emulator.endpoints());
        TestPki.Issued ca = TestPki.ca("CN=Resumption CA");
        TestPki.Issued device = TestPki.leaf("resumer", ca);
        Files.writeString(work.resolve("deviceCert.key"), device.keyPem());
        Files.writeString(work.resolve("deviceCertAndCACert.crt"), device.certificatePem() + ca.certificatePem());
        Files.writeString(work.resolve("ca.pem"), ca.certificatePem());
        Files.writeString(work.resolve("device.pem"), device.certificatePem());
        Files.writeString(work.resolve("policy.json"), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"iot:AssumeRoleWithCertificate\",\"Resource\":\"*\"}]}");
        shell.ok(awsIot("register-ca-certificate", "--ca-certificate", "file://ca.pem", "--certificate-mode",
                "SNI_ONLY", "--set-as-active"));
        String arn = JSON.readTree(shell.ok(awsIot("register-certificate", "--certificate-pem", "file://device.pem",
                "--set-as-active"))).get("certificateArn").asText();
        shell.ok(awsIot("create-policy", "--policy-name", "AnyAlias", "--policy-document", "file://policy.json"));
        shell.ok(awsIot("attach-policy", "--policy-name", "AnyAlias", "--target", arn));
        shell.run(awsIot("create-role-alias", "--role-alias", "fleet", "--role-arn", DEVICE_ROLE));
        String url = "https://" + emulator.endpoints().credentialsEndpoint() + "/role-aliases/fleet/credentials";

        Shell.Result twice = shell.run("curl", "-sv", "-o", "/dev/null", "-o", "/dev/null", "--cert",
                "deviceCertAndCACert.crt", "--key", "deviceCert.key", "--cacert", emulator.endpoints().trustBundle(),
                url, url);

        assertThat(twice.exitCode()).as(twice.stderr()).isZero();
        assertThat(twice.stderr()).contains("Re-using existing connection");
        assertThat(twice.stderr().split("HTTP/1.1 200", -1)).hasSize(3);
        for (String version : new String[]{"-tls1_2", "-tls1_3"}) {
            Files.deleteIfExists(work.resolve("session.pem"));
            String first = opensslRequest(shell, version, "-sess_out");
            String resumed = opensslRequest(shell, version, "-sess_in");
            assertThat(first).contains("New, TLSv1." + version.charAt(6)).contains("HTTP/1.1 200");
            assertThat(resumed).as(version).contains("Reused, TLSv1." + version.charAt(6)).contains("HTTP/1.1 200");
        }
    }

    /** One HTTP request over openssl s_client, saving or resuming the TLS session in session.pem. */
    private static String opensslRequest(Shell shell, String version, String sessionOption) throws Exception {
        Path request = Files.createTempFile("request", ".txt");
        Files.writeString(request, "GET /role-aliases/fleet/credentials HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        try {
            return shell.ok("sh", "-c", "openssl s_client -connect " + emulator.endpoints().credentialsEndpoint()
                    + " " + version + " -cert deviceCertAndCACert.crt -key deviceCert.key -CAfile "
                    + emulator.endpoints().trustBundle() + " " + sessionOption + " session.pem -ign_eof < " + request
                    + " 2>/dev/null");
        } finally {
            Files.deleteIfExists(request);
        }
    }

    @Test
    void cliErrors_pagination_andPatch(@TempDir Path work) throws Exception {
        Shell shell = new Shell(work).awsCli(emulator.endpoints());
        for (int i = 0; i < 5; i++) {
            shell.ok(awsIot("create-thing", "--thing-name", "paged-" + i, "--attribute-payload",
                    "{\"attributes\":{\"batch\":\"paged\"}}"));
        }
        Files.writeString(work.resolve("template.json"), TEMPLATE);

        Shell.Result missing = shell.run(awsIot("describe-thing", "--thing-name", "no-such-thing"));
        JsonNode paged = JSON.readTree(shell.ok(awsIot("list-things", "--attribute-name", "batch",
                "--attribute-value", "paged", "--page-size", "2")));
        String body = TemplateCodec.toBody(TemplateCodec.read(TEMPLATE));
        shell.ok(awsIot("create-provisioning-template", "--template-name", "cli-template", "--type", "JITP",
                "--template-body", body, "--provisioning-role-arn", PROVISIONING_ROLE, "--no-enabled"));
        shell.ok(awsIot("update-provisioning-template", "--template-name", "cli-template", "--enabled",
                "--description", "patched"));
        JsonNode described = JSON.readTree(shell.ok(awsIot("describe-provisioning-template", "--template-name",
                "cli-template")));

        assertThat(missing.exitCode()).isEqualTo(254);
        assertThat(missing.stderr()).contains("(ResourceNotFoundException)").contains("no-such-thing");
        assertThat(paged.get("things")).hasSize(5);
        assertThat(described.get("enabled").asBoolean()).isTrue();
        assertThat(described.get("description").asText()).isEqualTo("patched");
        assertThat(described.get("templateBody").asText()).isEqualTo(body);
    }
}
