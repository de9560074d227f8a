package io.jitp.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.testsupport.BrokerProcess;
import io.jitp.testsupport.Commands;
import io.jitp.testsupport.External;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@code jitp ca} commands against a real broker process. */
@QuarkusMainTest
class CaCommandsTest {

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
    void createListShowExport_asAUserWouldRunThem(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult created = jitp(launcher, "ca", "create", "--name", "cli-a", "--subject", "CN=CLI Root,O=Acme",
                "--key-type", "p256", "-o", "json");
        JsonNode ca = new ObjectMapper().readTree(created.getOutput());
        LaunchResult list = jitp(launcher, "ca", "list");
        LaunchResult show = jitp(launcher, "ca", "show", "cli-a");
        LaunchResult export = jitp(launcher, "ca", "export", "cli-a", "--out", dir.resolve("rootCA.pem").toString());

        assertThat(created.exitCode()).as(created.getErrorOutput()).isZero();
        assertThat(ca.path("id").asText()).matches("[0-9a-f]{64}");
        assertThat(list.getOutput()).contains("NAME", "cli-a", "CURRENT", ca.path("id").asText());
        assertThat(show.getOutput()).contains("subject:", "CN=CLI Root,O=Acme", "key held:", "true");
        assertThat(export.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("rootCA.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        External.requireTool("openssl", "openssl");
        assertThat(Commands.runOk(dir, "openssl", "x509", "-in", "rootCA.pem", "-noout", "-subject").stdout())
                .contains("CN = CLI Root");
    }

    @Test
    void import_opensslCaWithEncryptedKey(QuarkusMainLauncher launcher) throws Exception {
        External.requireTool("openssl", "openssl");
        Commands.runOk(dir, "openssl", "genrsa", "-out", "plain.key", "2048");
        Commands.runOk(dir, "openssl", "req", "-x509", "-new", "-nodes", "-key", "plain.key", "-sha256", "-days",
                "1024", "-out", "imported.pem", "-subj", "/CN=Imported Root");
        Commands.runOk(dir, "openssl", "pkcs8", "-topk8", "-in", "plain.key", "-out", "encrypted.key", "-passout",
                "pass:correct horse");
        Files.writeString(dir.resolve("pass.txt"), "correct horse\n");

        LaunchResult imported = jitp(launcher, "ca", "import", "--name", "imported", "--cert",
                dir.resolve("imported.pem").toString(), "--key", dir.resolve("encrypted.key").toString(),
                "--password-file", dir.resolve("pass.txt").toString());

        assertThat(imported.exitCode()).as(imported.getErrorOutput()).isZero();
        assertThat(imported.getOutput()).contains("origin:", "IMPORTED", "rsa2048");
        assertThat(imported.getOutput() + imported.getErrorOutput()).doesNotContain("correct horse", "PRIVATE");
    }

    @Test
    void failures_areOneLineWithTheBrokersFieldAndFix(QuarkusMainLauncher launcher) {
        LaunchResult unknown = jitp(launcher, "ca", "show", "no-such-ca");
        LaunchResult badName = jitp(launcher, "ca", "create", "--name", "Bad Name");
        LaunchResult usage = jitp(launcher, "ca", "create");
        LaunchResult noBroker = launcher.launch("ca", "list", "--broker", "https://127.0.0.1:9", "--data-dir",
                broker.dataDir().toString());
        LaunchResult noToken = launcher.launch("ca", "list", "--broker", broker.url(), "--data-dir",
                dir.resolve("nowhere").toString(), "--ca-file", broker.dataDir().resolve("tls/ca.crt").toString());

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.getErrorOutput()).contains("jitp: CA 'no-such-ca' does not exist");
        assertThat(badName.getErrorOutput()).contains("[--name: ");
        assertThat(badName.exitCode()).isEqualTo(1);
        assertThat(badName.getErrorOutput()).contains("name").contains("lowercase");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.getErrorOutput()).contains("--name");
        assertThat(noBroker.exitCode()).isEqualTo(1);
        assertThat(noBroker.getErrorOutput()).contains("cannot reach the broker");
        assertThat(noToken.exitCode()).isEqualTo(1);
        assertThat(noToken.getErrorOutput()).contains("no API token");
        for (LaunchResult result : List.of(unknown, badName, noBroker, noToken)) {
            assertThat(result.getErrorOutput()).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void failures_nameTheCommandsOptions_notTheApisFields(QuarkusMainLauncher launcher) throws Exception {
        Path template = Files.writeString(dir.resolve("options.json"), """
                {"Resources": {"certificate": {"Type": "AWS::IoT::Certificate",
                    "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}, "Status": "ACTIVE"}}},
                 "Parameters": {"AWS::IoT::Certificate::Id": {"Type": "String"}}}
                """);

        LaunchResult badRole = jitp(launcher, "template", "put", "options-jitp", template.toString(), "--role-arn",
                "arn:aws:s3:::not-a-role");
        LaunchResult noRole = jitp(launcher, "template", "put", "options-jitp", template.toString());
        LaunchResult badTemplateName = jitp(launcher, "template", "put", "has space", template.toString(),
                "--role-arn", "arn:aws:iam::123456789012:role/JitpProvisioning");

        assertThat(badRole.exitCode()).isEqualTo(1);
        assertThat(badRole.getErrorOutput()).contains("[--role-arn: ").doesNotContain("provisioningRoleArn");
        assertThat(noRole.exitCode()).isEqualTo(1);
        assertThat(noRole.getErrorOutput()).contains("[--role-arn: ");
        assertThat(badTemplateName.getErrorOutput()).contains("[NAME: ");
    }

    @Test
    void plainHttpBroker_isAOneLineUsageError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("ca", "list", "--broker", "http://127.0.0.1:8443", "--data-dir",
                broker.dataDir().toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("--broker http://127.0.0.1:8443: the broker speaks HTTPS only",
                "https://127.0.0.1:8443", "--ca-file");
        assertThat(result.getErrorOutput().strip().lines().filter(l -> !l.isBlank()).count()).isLessThanOrEqualTo(2);
    }

    @Test
    void theBroker_listensOnLoopbackByDefault() {
        assertThat(broker.url()).startsWith("https://127.0.0.1:");
    }

    @Test
    void fleetSetUpAndCaLifecycle_throughTheCommandLine(QuarkusMainLauncher launcher) throws Exception {
        Path template = dir.resolve("template.json");
        Files.writeString(template, """
                {"Parameters": {"AWS::IoT::Certificate::CommonName": {"Type": "String"},
                                "AWS::IoT::Certificate::Id": {"Type": "String"}},
                 "Resources": {"thing": {"Type": "AWS::IoT::Thing",
                                         "Properties": {"ThingName": {"Ref": "AWS::IoT::Certificate::CommonName"}}},
                               "certificate": {"Type": "AWS::IoT::Certificate",
                                               "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"},
                                                              "Status": "ACTIVE"}},
                               "policy": {"Type": "AWS::IoT::Policy",
                                          "Properties": {"PolicyName": "flow-device-policy"}}}}
                """);
        String role = "arn:aws:iam::123456789012:role/";

        LaunchResult put = jitp(launcher, "template", "put", "flow-jitp", template.toString(), "--role-arn",
                role + "JitpProvisioning");
        LaunchResult created = jitp(launcher, "ca", "create", "--name", "flow", "-o", "json");
        String oldId = new ObjectMapper().readTree(created.getOutput()).path("id").asText();
        LaunchResult registered = jitp(launcher, "ca", "register", "flow", "--template", "flow-jitp");
        LaunchResult deactivated = jitp(launcher, "ca", "deactivate", "flow");
        LaunchResult activated = jitp(launcher, "ca", "activate", "flow");
        LaunchResult fleet = jitp(launcher, "fleet", "ensure", "flow", "--role-arn", role + "FlowDevices", "--ca",
                "flow", "--template", "flow-jitp");
        LaunchResult fleetAgain = jitp(launcher, "fleet", "ensure", "flow", "--role-arn", role + "FlowDevices",
                "--ca", "flow", "--template", "flow-jitp", "-o", "json");
        LaunchResult rotated = jitp(launcher, "ca", "rotate", "flow", "-o", "json");
        LaunchResult retired = jitp(launcher, "ca", "retire", oldId, "--confirm", oldId, "--delete-from-iot");
        LaunchResult listed = jitp(launcher, "ca", "list");
        LaunchResult refusedDelete = jitp(launcher, "template", "delete", "flow-jitp");
        LaunchResult templates = jitp(launcher, "template", "list");
        LaunchResult body = jitp(launcher, "template", "get", "flow-jitp", "--body");
        LaunchResult rendered = jitp(launcher, "template", "render", "--stored", "flow-jitp", "--param",
                "AWS::IoT::Certificate::CommonName=valve-7", "--param", "AWS::IoT::Certificate::Id=" + "b".repeat(64));
        LaunchResult renderedJson = jitp(launcher, "template", "render", "--stored", "flow-jitp", "--param",
                "AWS::IoT::Certificate::CommonName=valve-8", "--param", "AWS::IoT::Certificate::Id=" + "c".repeat(64),
                "-o", "json");
        LaunchResult both = jitp(launcher, "template", "render", template.toString(), "--stored", "flow-jitp",
                "--param", "AWS::IoT::Certificate::CommonName=x");

        assertThat(put.exitCode()).as(put.getErrorOutput()).isZero();
        assertThat(put.getOutput()).contains("changed:", "created");
        assertThat(registered.exitCode()).as(registered.getErrorOutput()).isZero();
        assertThat(registered.getOutput()).contains("REGISTERED", "flow-jitp", "DEFAULT");
        assertThat(deactivated.getOutput()).contains("iot status:", "INACTIVE");
        assertThat(activated.getOutput()).contains("ACTIVE");
        assertThat(fleet.exitCode()).as(fleet.getErrorOutput()).isZero();
        assertThat(fleet.getOutput()).contains("flow-role-alias", "flow-device-policy", "role-alias-created");
        assertThat(new ObjectMapper().readTree(fleetAgain.getOutput()).path("changed").asText())
                .isEqualTo("unchanged");
        JsonNode rotation = new ObjectMapper().readTree(rotated.getOutput());
        assertThat(rotation.path("generation").asInt()).isEqualTo(2);
        assertThat(rotation.path("rotatedFrom").asText()).isEqualTo(oldId);
        assertThat(retired.exitCode()).as(retired.getErrorOutput()).isZero();
        assertThat(retired.getOutput()).contains("RETIRED", "DELETED");
        assertThat(listed.getOutput().lines().filter(line -> line.contains(oldId)))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("RETIRED", "DELETED")
                .doesNotContain("INACTIVE");
        assertThat(refusedDelete.exitCode()).isEqualTo(1);
        assertThat(refusedDelete.getErrorOutput()).contains("attached to CA " + rotation.path("id").asText());
        assertThat(templates.getOutput()).contains("flow-jitp");
        assertThat(new ObjectMapper().readTree(body.getOutput()).path("Resources").has("thing")).isTrue();
        assertThat(rendered.exitCode()).as(rendered.getErrorOutput()).isZero();
        assertThat(rendered.getOutput()).contains("valve-7", "flow-device-policy");
        assertThat(new ObjectMapper().readTree(renderedJson.getOutput()).toString()).contains("valve-8");
        assertThat(both.exitCode()).isEqualTo(2);
    }

    @Test
    void restartOfTheEmbeddedDefault_losesNothing(QuarkusMainLauncher launcher) {
        jitp(launcher, "ca", "create", "--name", "survivor");
        LaunchResult registered = jitp(launcher, "ca", "register", "survivor", "--mode", "SNI_ONLY");

        broker.close();
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
        LaunchResult shown = jitp(launcher, "ca", "show", "survivor");
        LaunchResult deactivated = jitp(launcher, "ca", "deactivate", "survivor");

        assertThat(registered.exitCode()).as(registered.getErrorOutput()).isZero();
        assertThat(shown.exitCode()).as(shown.getErrorOutput()).isZero();
        assertThat(shown.getOutput()).contains("REGISTERED", "SNI_ONLY", "key held:");
        assertThat(deactivated.exitCode()).as("the emulator kept the CA: " + deactivated.getErrorOutput())
                .isZero();
        assertThat(deactivated.getOutput()).contains("INACTIVE");
    }

    static LaunchResult jitp(QuarkusMainLauncher launcher, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--broker", broker.url(), "--data-dir", broker.dataDir().toString()));
        return launcher.launch(all.toArray(String[]::new));
    }
}
