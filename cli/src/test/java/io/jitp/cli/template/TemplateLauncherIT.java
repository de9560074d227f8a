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

import io.jitp.template.RegistrationConfig;
import io.jitp.template.TemplateCodec;

/** Runs the packaged CLI through {@code bin/jitp}, exactly as a user does, and checks streams and exit codes. */
class TemplateLauncherIT {

    private static final Path LAUNCHER = Path.of("..", "bin", "jitp").toAbsolutePath().normalize();
    private static final String ROLE = "arn:aws:iam::123456789012:role/JitpProvisioning";

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
    void render_unknownOption_isAUsageErrorWithExitTwo() throws Exception {
        Run run = jitp("template", "render", golden("thing-from-common-name.json").toString(), "--certificate", "x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("jitp: Unknown options: '--certificate'");
    }

    private Run jitp(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("jitp finished").isTrue();
        return new Run(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    private Path golden(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/templates/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }
}
