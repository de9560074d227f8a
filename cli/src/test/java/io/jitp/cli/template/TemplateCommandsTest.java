package io.jitp.cli.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.template.ProvisioningTemplate;
import io.jitp.template.RegistrationConfig;
import io.jitp.template.TemplateCodec;
import io.jitp.testsupport.External;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

@QuarkusMainTest
class TemplateCommandsTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/JitpProvisioning";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void validate_validTemplate_exitsZeroWithASummary(QuarkusMainLauncher launcher) throws Exception {
        Path file = golden("groups-and-attributes.json");

        LaunchResult result = launcher.launch("template", "validate", file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo(file + ": valid JITP template: 7 parameters, 3 resources"
                + " certificate (Certificate), policy (Policy), thing (Thing); 1267 of 10240 templateBody characters");
        assertThat(result.getErrorOutput()).isEmpty();
    }

    @Test
    void validate_invalidTemplate_exitsOneListingEveryProblem(QuarkusMainLauncher launcher) throws Exception {
        Path file = write("broken.json", golden("thing-from-common-name.json"),
                "\"Status\": \"ACTIVE\"", "\"Status\": \"Active\"",
                "\"PolicyName\": \"DevicePolicy\"", "\"PolicyName\": \"Device Policy\"");

        LaunchResult result = launcher.launch("template", "validate", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getOutput()).isEmpty();
        assertThat(result.getErrorOutput().lines().toList()).containsExactly(
                "jitp: " + file + ": the template has 2 problems",
                "  /Resources/certificate/Properties/Status: Status must be ACTIVE or INACTIVE, not 'Active'"
                        + " (write \"ACTIVE\")",
                "  /Resources/policy/Properties/PolicyName: 'Device Policy' is not a valid policy name: a policy name"
                        + " is 1 to 128 characters: letters, digits and _ + = , . @ - (change the value to match)");
    }

    @Test
    void validate_invalidTemplateAsJson_printsTheViolationsOnStandardOutput(QuarkusMainLauncher launcher)
            throws Exception {
        Path file = write("broken.json", golden("thing-from-common-name.json"), "\"Ref\": \"AWS::IoT::Certificate::"
                + "CommonName\"", "\"Fn::If\": [\"c\", \"a\", \"b\"]");

        LaunchResult result = launcher.launch("template", "validate", file.toString(), "-o", "json");

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode output = JSON.readTree(result.getOutput());
        assertThat(output.get("valid").asBoolean()).isFalse();
        assertThat(output.at("/violations/0/pointer").asText())
                .isEqualTo("/Resources/thing/Properties/ThingName/Fn::If");
        assertThat(output.at("/violations/0/message").asText()).contains("'Fn::If' is not supported");
        assertThat(output.at("/violations/0/fix").asText()).startsWith("use Ref, Fn::Join");
    }

    @Test
    void validate_validTemplateAsJson_describesIt(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("template", "validate", golden("policy-document.json").toString(),
                "--output", "json");

        assertThat(result.exitCode()).isZero();
        JsonNode output = JSON.readTree(result.getOutput());
        assertThat(output.get("valid").asBoolean()).isTrue();
        assertThat(output.get("resources").get("policy").asText()).isEqualTo("AWS::IoT::Policy");
    }

    @Test
    void validate_missingFile_exitsOneWithOneLine(QuarkusMainLauncher launcher) {
        Path missing = dir.resolve("nope.json");

        LaunchResult result = launcher.launch("template", "validate", missing.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).isEqualTo("jitp: cannot read the template: " + missing
                + " does not exist [" + missing + ": check the path]");
    }

    @Test
    void validate_directory_exitsOneWithOneLine(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("template", "validate", dir.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).isEqualTo("jitp: cannot read the template: " + dir + " is a directory ["
                + dir + ": give the path of a file]");
    }

    @Test
    void validate_notJson_namesTheLine(QuarkusMainLauncher launcher) throws Exception {
        Path file = Files.writeString(dir.resolve("t.json"), "{\n  \"Resources\": \n}\n");

        LaunchResult result = launcher.launch("template", "validate", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).startsWith("jitp: " + file + ": the template file is not valid JSON:")
                .contains("at line 3, column 1").doesNotContain("Exception");
    }

    @Test
    void validate_withoutFile_isAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("template", "validate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("Missing required parameter: 'FILE'")
                .contains("Try 'jitp template validate --help'");
    }

    @Test
    void body_printsTheTemplateBodyAsAJsonString(QuarkusMainLauncher launcher) throws Exception {
        Path file = golden("policy-document.json");

        LaunchResult result = launcher.launch("template", "body", file.toString());

        assertThat(result.exitCode()).isZero();
        ProvisioningTemplate template = TemplateCodec.parse(Files.readString(file));
        assertThat(result.getOutput()).isEqualTo(TemplateCodec.toEscapedBody(template));
        assertThat(JSON.readValue(result.getOutput(), String.class)).isEqualTo(TemplateCodec.toBody(template));
    }

    @Test
    void body_raw_printsTheBodyItself(QuarkusMainLauncher launcher) throws Exception {
        Path file = golden("thing-from-common-name.json");

        LaunchResult result = launcher.launch("template", "body", "--raw", file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo(TemplateCodec.toBody(TemplateCodec.parse(Files.readString(file))));
    }

    @Test
    void body_registrationConfig_printsTheDocumentTheAwsCliReads(QuarkusMainLauncher launcher) throws Exception {
        Path file = golden("join-and-sub-names.json");

        LaunchResult result = launcher.launch("template", "body", file.toString(), "--registration-config",
                "--role-arn", ROLE);

        assertThat(result.exitCode()).isZero();
        String expected = RegistrationConfig.document(TemplateCodec.parse(Files.readString(file)), ROLE);
        assertThat(result.getOutput() + "\n").isEqualTo(expected);
        assertThat(TemplateCodec.read(result.getOutput())).isEqualTo(TemplateCodec.parse(Files.readString(file)));
    }

    @Test
    void body_registrationConfigWithoutRole_isAUsageError(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("template", "body", golden("thing-from-common-name.json").toString(),
                "--registration-config");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).startsWith("jitp: --registration-config needs --role-arn ARN");
    }

    @Test
    void body_roleThatIsNotARoleArn_exitsOne(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("template", "body", golden("thing-from-common-name.json").toString(),
                "--registration-config", "--role-arn", "JitpProvisioning");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).startsWith("jitp: 'JitpProvisioning' is not an IAM role ARN [roleArn: ");
    }

    @Test
    void format_awsStyleRegistrationConfig_printsTheReadableTemplate(QuarkusMainLauncher launcher) throws Exception {
        Path golden = golden("policy-document.json");
        Path config = Files.writeString(dir.resolve("provisioning-template.json"),
                RegistrationConfig.document(TemplateCodec.parse(Files.readString(golden)), ROLE));

        LaunchResult result = launcher.launch("template", "format", config.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput() + "\n").isEqualTo(Files.readString(golden));
    }

    @Test
    void format_write_rewritesTheFileInCanonicalForm(QuarkusMainLauncher launcher) throws Exception {
        Path golden = golden("groups-and-attributes.json");
        Path file = Files.writeString(dir.resolve("t.json"),
                TemplateCodec.toBody(TemplateCodec.parse(Files.readString(golden))));

        LaunchResult result = launcher.launch("template", "format", "--write", file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(file)).isEqualTo(Files.readString(golden));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("t.json", "groups-and-attributes.json")
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void render_parameters_printsThePlan(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("template", "render", golden("groups-and-attributes.json").toString(),
                "--param", "AWS::IoT::Certificate::CommonName=dev-1", "--param", "AWS::IoT::Certificate::Country=DE",
                "--param", "AWS::IoT::Certificate::Organization=Acme",
                "--param", "AWS::IoT::Certificate::OrganizationalUnit=plant-7",
                "--param", "AWS::IoT::Certificate::SerialNumber=SN-1",
                "--param", "AWS::IoT::Certificate::Id=" + "c".repeat(64));

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains(
                "certificate 'certificate'\n  id            " + "c".repeat(64) + "\n  status        ACTIVE\n"
                        + "  if it exists  Status: REPLACE",
                "thing 'thing'\n  name          dev-1\n  type          sensor\n  attribute     channel = stable\n",
                "  thing group   plant-7\n  thing group   DE\n  billing group fleet-standard\n",
                "policy 'policy'\n  name          DevicePolicy (existing policy)",
                "must exist before the first connection:\n  thing type sensor\n  thing group plant-7\n",
                "JITP sequence:\n  1. AWS IoT registers certificate " + "c".repeat(64) + " as PENDING_ACTIVATION\n"
                        + "  2. create thing dev-1 (type sensor, 4 attributes, billing group fleet-standard)\n");
    }

    @Test
    void render_opensslCertificateAsJson_givesThePlanForMachines(QuarkusMainLauncher launcher) throws Exception {
        Path certificate = opensslDeviceCertificate("/CN=dev-0001/O=Acme/OU=eu-plant7-line3");

        LaunchResult result = launcher.launch("template", "render", golden("join-and-sub-names.json").toString(),
                "--cert", certificate.toString(), "-o", "json");

        assertThat(result.exitCode()).isZero();
        JsonNode plan = JSON.readTree(result.getOutput());
        assertThat(plan.at("/thing/thingName").asText()).isEqualTo("Acme_dev-0001");
        assertThat(plan.at("/thing/attributes/line").asText()).isEqualTo("plant7");
        assertThat(plan.at("/certificate/certificateId").asText()).isEqualTo(openssl("dgst", "-sha256", "-r",
                dir.resolve("device.der").toString()).split(" ")[0]);
        assertThat(plan.at("/policies/0/nameDerived").asBoolean()).isTrue();
        assertThat(plan.at("/steps/0/action").asText()).isEqualTo("REGISTER_CERTIFICATE");
    }

    @Test
    void render_overrideSettingsAsJson_useThePropertyNames(QuarkusMainLauncher launcher) throws Exception {
        Path certificate = opensslDeviceCertificate("/CN=dev-2/O=Acme/OU=a/C=DE/serialNumber=7");

        LaunchResult result = launcher.launch("template", "render", golden("groups-and-attributes.json").toString(),
                "--cert", certificate.toString(), "-o", "json");

        assertThat(result.exitCode()).isZero();
        JsonNode plan = JSON.readTree(result.getOutput());
        assertThat(plan.at("/thing/overrideSettings/AttributePayload").asText()).isEqualTo("MERGE");
        assertThat(plan.at("/certificate/overrideSettings/Status").asText()).isEqualTo("REPLACE");
        assertThat(plan.at("/prerequisites/0/kind").asText()).isEqualTo("THING_TYPE");
    }

    @Test
    void render_certificateWithoutADeclaredField_namesTheSubjectFieldToAdd(QuarkusMainLauncher launcher)
            throws Exception {
        Path certificate = opensslDeviceCertificate("/CN=dev-3/OU=line-1");
        Path template = golden("join-and-sub-names.json");

        LaunchResult result = launcher.launch("template", "render", template.toString(), "--cert",
                certificate.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getOutput()).isEmpty();
        assertThat(result.getErrorOutput().lines().toList()).containsExactly(
                "jitp: " + template + ": the certificate cannot be provisioned with this template: 1 parameter has"
                        + " no value",
                "  /Parameters/AWS::IoT::Certificate::Organization: the certificate's subject has no O (Organization,"
                        + " OID 2.5.4.10), which the template declares as AWS::IoT::Certificate::Organization (issue"
                        + " the certificate with O=... in its subject, or remove AWS::IoT::Certificate::Organization"
                        + " from the template)");
    }

    @Test
    void render_opensslCsr_leavesTheIdOpen(QuarkusMainLauncher launcher) throws Exception {
        opensslDeviceCertificate("/CN=dev-4");

        LaunchResult result = launcher.launch("template", "render", golden("thing-from-common-name.json").toString(),
                "--csr", dir.resolve("device.csr").toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("  id            (known once the certificate is issued)",
                "  name          dev-4");
    }

    @Test
    void render_undeclaredMalformedOrRepeatedParam_isAUsageErrorNamingIt(QuarkusMainLauncher launcher)
            throws Exception {
        String template = golden("thing-from-common-name.json").toString();
        String id = "AWS::IoT::Certificate::Id=" + "a".repeat(64);

        LaunchResult undeclared = launcher.launch("template", "render", template, "--param",
                "AWS::IoT::Certificate::CommonName=dev-1", "--param", id, "--param",
                "AWS::IoT::Certificate::Countyr=DE");
        LaunchResult malformed = launcher.launch("template", "render", template, "--param", "dev-1");
        LaunchResult repeated = launcher.launch("template", "render", template, "--param",
                "AWS::IoT::Certificate::CommonName=dev-1", "--param", id, "--param",
                "AWS::IoT::Certificate::CommonName=dev-2");

        assertThat(undeclared.exitCode()).isEqualTo(2);
        assertThat(undeclared.getErrorOutput()).contains("--param 'AWS::IoT::Certificate::Countyr' is not a "
                + "parameter of the template", "AWS::IoT::Certificate::CommonName");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.getErrorOutput()).contains("--param 'dev-1' must be NAME=VALUE");
        assertThat(repeated.exitCode()).isEqualTo(2);
        assertThat(repeated.getErrorOutput()).contains("--param 'AWS::IoT::Certificate::CommonName' is given more "
                + "than once");
    }

    @Test
    void render_privateKeyGivenAsTheCertificate_saysSo(QuarkusMainLauncher launcher) throws Exception {
        Path key = dir.resolve("rootCA.key");
        io.jitp.pki.KeyFiles.write(key, io.jitp.pki.KeyType.P256.generate().getPrivate(), null,
                true, "key");

        LaunchResult result = launcher.launch("template", "render", golden("thing-from-common-name.json").toString(),
                "--cert", key.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.getErrorOutput()).contains("rootCA.key is a private key, not a certificate",
                "--cert wants the device certificate").doesNotContain("Exception");
    }

    @Test
    void render_withoutASource_isAUsageError(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("template", "render", golden("thing-from-common-name.json").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("Missing required argument");
    }

    @Test
    void render_certificateAndCsrTogether_isAUsageError(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("template", "render", golden("thing-from-common-name.json").toString(),
                "--cert", "a.crt", "--csr", "a.csr");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("mutually exclusive");
    }

    @Test
    void render_fileThatIsNotACertificate_exitsOne(QuarkusMainLauncher launcher) throws Exception {
        Path notPem = Files.writeString(dir.resolve("device.crt"), "hello\n");

        LaunchResult result = launcher.launch("template", "render", golden("thing-from-common-name.json").toString(),
                "--cert", notPem.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).startsWith("jitp: the device certificate contains no PEM block");
    }

    private Path golden(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = getClass().getResourceAsStream("/templates/" + name)) {
                Files.write(file, in.readAllBytes());
            }
        }
        return file;
    }

    private Path write(String name, Path source, String... replacements) throws IOException {
        String text = Files.readString(source);
        for (int i = 0; i < replacements.length; i += 2) {
            assertThat(text).contains(replacements[i]);
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        return Files.writeString(dir.resolve(name), text);
    }

    private Path opensslDeviceCertificate(String subject) throws Exception {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", dir.resolve("ca.key").toString());
        openssl("req", "-x509", "-new", "-key", dir.resolve("ca.key").toString(), "-days", "1", "-subj",
                "/CN=jitp cli test root", "-out", dir.resolve("ca.pem").toString());
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", dir.resolve("device.key").toString());
        openssl("req", "-new", "-key", dir.resolve("device.key").toString(), "-subj", subject, "-out",
                dir.resolve("device.csr").toString());
        openssl("x509", "-req", "-in", dir.resolve("device.csr").toString(), "-CA", dir.resolve("ca.pem").toString(),
                "-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "1", "-out",
                dir.resolve("device.crt").toString());
        openssl("x509", "-in", dir.resolve("device.crt").toString(), "-outform", "DER", "-out",
                dir.resolve("device.der").toString());
        return dir.resolve("device.crt");
    }

    private String openssl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(External.requireTool("openssl", "openssl").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", arguments[0], output).isZero();
        return output.trim();
    }
}
