package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.TemplateType;
import software.amazon.awssdk.services.sts.StsClient;

/** A data directory keeps the account across restarts; it is written atomically and locked while in use. */
class PersistenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/DeviceRole";
    private static final String ALLOW = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:AssumeRoleWithCertificate\",\"Resource\":\"*\"}]}";

    @TempDir
    Path dataDir;

    private EmulatorConfig config() {
        return EmulatorConfig.builder().dataDir(dataDir).provisioningDelay(Duration.ofMillis(100)).build();
    }

    @Test
    void restart_keepsEverything_andIssuedCredentialsStayValid() throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=persisted-ca");
        TestPki.Issued device = TestPki.leaf("persisted-thing", ca);
        Endpoints first;
        String caId;
        String certificateId;
        JsonNode credentials;
        String trustBundle;
        try (Emulator emulator = Emulator.start(config()); IotClient iot = SdkClients.iot(emulator.endpoints())) {
            first = emulator.endpoints();
            trustBundle = Files.readString(Path.of(first.trustBundle()));
            caId = iot.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                    .certificateMode(CertificateMode.SNI_ONLY).setAsActive(true)).certificateId();
            certificateId = iot.registerCertificate(r -> r.certificatePem(device.certificatePem()).setAsActive(true))
                    .certificateId();
            String arn = "arn:aws:iot:us-east-1:123456789012:cert/" + certificateId;
            iot.createThing(r -> r.thingName("persisted-thing"));
            iot.attachThingPrincipal(r -> r.thingName("persisted-thing").principal(arn));
            iot.createPolicy(r -> r.policyName("persisted-policy").policyDocument(ALLOW));
            iot.attachPolicy(r -> r.policyName("persisted-policy").target(arn));
            iot.createRoleAlias(r -> r.roleAlias("persisted-alias").roleArn(ROLE));
            iot.createProvisioningTemplate(r -> r.templateName("persisted-template").type(TemplateType.JITP)
                    .templateBody(EmulatorTestBase.JITP_BODY).provisioningRoleArn(ROLE));
            credentials = JSON.readTree(new DeviceClient(first, device, List.of(ca))
                    .credentials("persisted-alias", "persisted-thing").body()).get("credentials");
        }

        try (Emulator emulator = Emulator.start(config()); IotClient iot = SdkClients.iot(emulator.endpoints())) {
            Endpoints second = emulator.endpoints();

            assertThat(second.accessKeyId()).isEqualTo(first.accessKeyId());
            assertThat(second.secretAccessKey()).isEqualTo(first.secretAccessKey());
            assertThat(Files.readString(Path.of(second.trustBundle()))).isEqualTo(trustBundle);
            assertThat(iot.describeCACertificate(r -> r.certificateId(caId)).certificateDescription().status())
                    .hasToString("ACTIVE");
            assertThat(iot.describeCertificate(r -> r.certificateId(certificateId)).certificateDescription()
                    .status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(iot.listThingPrincipals(r -> r.thingName("persisted-thing")).principals()).hasSize(1);
            assertThat(iot.listAttachedPolicies(r -> r.target("arn:aws:iot:us-east-1:123456789012:cert/"
                    + certificateId)).policies()).hasSize(1);
            assertThat(iot.describeRoleAlias(r -> r.roleAlias("persisted-alias")).roleAliasDescription().roleArn())
                    .isEqualTo(ROLE);
            assertThat(iot.describeProvisioningTemplate(r -> r.templateName("persisted-template")).type())
                    .isEqualTo(TemplateType.JITP);
            try (StsClient sts = SdkClients.sts(second, credentials.get("accessKeyId").asText(),
                    credentials.get("secretAccessKey").asText(), credentials.get("sessionToken").asText())) {
                assertThat(sts.getCallerIdentity().arn()).endsWith("assumed-role/DeviceRole/persisted-thing");
            }
            assertThat(new DeviceClient(second, device, List.of(ca)).credentials("persisted-alias",
                    "persisted-thing").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void filesHoldingSecrets_areOwnerOnly() throws Exception {
        try (Emulator emulator = Emulator.start(config())) {
            for (String file : List.of("state.json", "endpoints.json", "tls/root.key", "tls/server.key")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(file))))
                        .as(file)
                        .isEqualTo("rw-------");
            }
            JsonNode endpoints = JSON.readTree(dataDir.resolve("endpoints.json").toFile());
            assertThat(endpoints.get("apiEndpoint").asText()).isEqualTo(emulator.endpoints().apiEndpoint());
            assertThat(endpoints.get("credentialsEndpoint").asText())
                    .isEqualTo(emulator.endpoints().credentialsEndpoint());
            assertThat(endpoints.get("secretAccessKey").asText()).isEqualTo(emulator.endpoints().secretAccessKey());
            assertThat(emulator.endpoints().toString()).doesNotContain(emulator.endpoints().secretAccessKey());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("tls/root.pem"))))
                    .startsWith("rw-r");
        }
    }

    @Test
    void aDataDirectoryInUse_isRefused() {
        try (Emulator emulator = Emulator.start(config())) {
            assertThatThrownBy(() -> Emulator.start(config()))
                    .isInstanceOfSatisfying(JitpException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
                        assertThat(e.getMessage()).contains("Another emulator uses the data directory");
                    });
        }
        Emulator.start(config()).close();
    }

    @Test
    void anotherAccountOrAnUnreadableSnapshot_isRefusedWithAClearMessage() throws Exception {
        Emulator.start(config()).close();

        assertThatThrownBy(() -> Emulator.start(config().toBuilder().region("eu-west-1").build()))
                .isInstanceOfSatisfying(JitpException.class, e -> {
                    assertThat(e.field()).isEqualTo("dataDir");
                    assertThat(e.getMessage()).contains("123456789012 in us-east-1");
                });
        Files.writeString(dataDir.resolve("state.json"), "{ truncated");
        assertThatThrownBy(() -> Emulator.start(config())).isInstanceOfSatisfying(JitpException.class,
                e -> assertThat(e.getMessage()).contains("state.json is not a readable emulator snapshot"));
    }
}
