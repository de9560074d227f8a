package io.jitp.cli.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.template.RegistrationConfig;
import io.jitp.template.TemplateCodec;
import io.jitp.testsupport.Commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs the packaged CLI through {@code bin/jitp}, exactly as a user does, and checks streams and exit codes. */
class TemplateLauncherIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("jitp.root", "..")).toAbsolutePath().normalize()
            .resolve("bin/jitp");
    private static final String ROLE = "arn:aws:iam::123456789012:role/JitpProvisioning";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void body_registrationConfig_writesExactlyTheDocumentToStandardOutput() throws Exception {
        Path template = golden("groups-and-attributes.json");

        Run run = jitp("template", "body", template.toString(), "--registration-config", "--role-arn", ROLE);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(RegistrationConfig.document(TemplateCodec.parse(Files.readString(template)),
                ROLE));
    }

    @Test
    void validate_invalidTemplate_exitsOneWithTheProblemsOnStandardError() throws Exception {
        Path template = Files.writeString(dir.resolve("t.json"), Files.readString(golden("thing-from-common-name.json"))
                .replace("\"AWS::IoT::Certificate::CommonName\": {\"Type\": \"String\"}",
                        "\"Location\": {\"Type\": \"String\"}"));

        Run run = jitp("template", "validate", template.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).containsExactly(
                "jitp: " + template + ": the template has 2 problems",
                "  /Parameters/Location: JITP fills parameters only from the device certificate; Location is not one"
                        + " of its eight parameters and has no Default (use one of AWS::IoT::Certificate::CommonName,"
                        + " AWS::IoT::Certificate::Organization, AWS::IoT::Certificate::OrganizationalUnit,"
                        + " AWS::IoT::Certificate::Country, AWS::IoT::Certificate::StateName,"
                        + " AWS::IoT::Certificate::SerialNumber, AWS::IoT::Certificate::DistinguishedNameQualifier,"
                        + " AWS::IoT::Certificate::Id, or give Location a Default)",
                "  /Resources/thing/Properties/ThingName/Ref: Ref names 'AWS::IoT::Certificate::CommonName', which is"
                        + " not declared in Parameters (declare it: \"Parameters\":"
                        + " {\"AWS::IoT::Certificate::CommonName\": {\"Type\": \"String\"}})");
    }

    @Test
    void render_certificateMadeByJitpPki_matchesWhatPkiInspectShows() throws Exception {
        jitpOk("pki", "ca");
        jitpOk("pki", "csr", "--thing", "pump-0042", "--subject", "O=Acme,OU=eu-plant7-line3");
        jitpOk("pki", "sign");
        JsonNode inspected = JSON.readTree(jitpOk("pki", "inspect", "deviceCert.crt", "-o", "json").out());

        Run render = jitpOk("template", "render", golden("join-and-sub-names.json").toString(), "--cert",
                "deviceCertAndCACert.crt", "-o", "json");

        JsonNode plan = JSON.readTree(render.out());
        JsonNode parameters = inspected.at("/items/0/jitpParameters");
        assertThat(plan.at("/certificate/certificateId").asText())
                .isEqualTo(inspected.at("/items/0/certificateId").asText());
        assertThat(plan.at("/thing/thingName").asText()).isEqualTo("Acme_pump-0042");
        assertThat(plan.at("/thing/attributes/line").asText()).isEqualTo("plant7");
        parameters.properties().forEach(p -> assertThat(plan.at("/parameters").get(p.getKey()))
                .as(p.getKey()).isEqualTo(p.getValue()));
    }

    @Test
    void render_certificateFromJitpPkiWithoutADeclaredField_namesTheFieldToAdd() throws Exception {
        jitpOk("pki", "ca");
        jitpOk("pki", "csr", "--thing", "pump-0043");
        jitpOk("pki", "sign");

        Run run = jitp("template", "render", golden("groups-and-attributes.json").toString(), "--cert",
                "deviceCert.crt");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).hasSize(5)
                .contains("  /Parameters/AWS::IoT::Certificate::Organization: the certificate's subject has no O"
                        + " (Organization, OID 2.5.4.10), which the template declares as"
                        + " AWS::IoT::Certificate::Organization (issue the certificate with O=... in its subject, or"
                        + " remove AWS::IoT::Certificate::Organization from the template)");
        assertThat(run.err()).startsWith("jitp: " + dir.resolve("groups-and-attributes.json") + ": the certificate"
                + " cannot be provisioned with this template: 4 parameters have no value");
    }

    @Test
    void render_unknownOption_isAUsageErrorWithExitTwo() throws Exception {
        Run run = jitp("template", "render", golden("thing-from-common-name.json").toString(), "--certificate", "x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("jitp: Unknown options: '--certificate'");
    }

    private Run jitp(String... arguments) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(arguments));
        Commands.Result result = Commands.run(dir, command);
        return new Run(result.exitCode(), result.stdout(), result.stderr());
    }

    private Run jitpOk(String... arguments) {
        Run run = jitp(arguments);
        assertThat(run.exitCode()).as("jitp %s: %s", List.of(arguments), run.err()).isZero();
        return run;
    }

    private Path golden(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/templates/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }
}
