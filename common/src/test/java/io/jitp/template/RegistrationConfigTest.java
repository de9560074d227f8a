package io.jitp.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.error.JitpException;
import io.jitp.testsupport.External;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class RegistrationConfigTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/JitpProvisioning";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void document_isTheRegistrationConfigShapeWithTheCanonicalBody() throws Exception {
        ProvisioningTemplate template = Goldens.template(Goldens.POLICY_DOCUMENT);

        String document = RegistrationConfig.document(template, ROLE);

        JsonNode parsed = JSON.readTree(document);
        assertThat(parsed.properties()).extracting(Map.Entry::getKey)
                .containsExactly("templateBody", "roleArn");
        assertThat(parsed.get("templateBody").asText()).isEqualTo(TemplateCodec.toBody(template));
        assertThat(parsed.get("roleArn").asText()).isEqualTo(ROLE);
        assertThat(document).isEqualTo("{\n  \"templateBody\": " + TemplateCodec.toEscapedBody(template)
                + ",\n  \"roleArn\": \"" + ROLE + "\"\n}\n");
    }

    @Test
    void parse_document_givesTheSameTemplateBack() {
        ProvisioningTemplate template = Goldens.template(Goldens.JOIN_AND_SUB_NAMES);

        RegistrationConfig config = RegistrationConfig.parse(RegistrationConfig.document(template, ROLE));

        assertThat(config.roleArn()).isEqualTo(ROLE);
        assertThat(config.template()).isEqualTo(template);
    }

    @Test
    void of_roleThatIsNotAnIamRoleArn_isRefused() {
        ProvisioningTemplate template = Goldens.template(Goldens.THING_FROM_COMMON_NAME);

        assertThatThrownBy(() -> RegistrationConfig.of(template, "arn:aws:iam::123456789012:user/alice"))
                .isInstanceOfSatisfying(JitpException.class, e -> {
                    assertThat(e.field()).isEqualTo("roleArn");
                    assertThat(e.getMessage()).isEqualTo("'arn:aws:iam::123456789012:user/alice' is not an IAM role"
                            + " ARN");
                    assertThat(e.fix()).contains("arn:aws:iam::123456789012:role/");
                });
    }

    @Test
    void parse_configProblems_nameTheMember() {
        List<String> documents = List.of("{\"templateBody\": \"{}\"}", "{\"roleArn\": \"" + ROLE + "\"}",
                "{\"templateBody\": \"{}\", \"roleArn\": \"" + ROLE + "\", \"templateName\": \"t\"}",
                "{\"templateBody\": \"{}\", \"role\": \"x\"}", "{\"templateName\": \"bad name\"}");

        assertThat(documents).map(document -> {
            try {
                RegistrationConfig.parse(document);
                return "accepted";
            } catch (JitpException e) {
                return e.field() + " " + e.getMessage();
            }
        }).containsExactly(
                "/roleArn an inline templateBody needs the roleArn AWS IoT assumes to provision",
                "/templateBody the registration config has neither templateBody nor templateName",
                "/templateName the registration config has both templateBody and templateName",
                "/role unknown registration-config member 'role'",
                "/templateName 'bad name' is not a template name");
    }

    @Test
    void template_configNamingATemplate_explainsWhereTheBodyIs() {
        RegistrationConfig config = RegistrationConfig.parse("{\"templateName\": \"fleet-jitp\"}");

        assertThatThrownBy(config::template)
                .isInstanceOf(JitpException.class)
                .hasMessageContaining("names the provisioning template 'fleet-jitp'");
    }

    /**
     * Feeds the document to the real AWS CLI ({@code register-ca-certificate --registration-config file://...})
     * pointed at a loopback listener, and checks the request the CLI sends carries the template unchanged.
     */
    @Test
    void document_isReadUnchangedByTheAwsCli(@TempDir Path dir) throws Exception {
        Path aws = External.requireDebianAwsCli();
        ProvisioningTemplate template = Goldens.template(Goldens.JOIN_AND_SUB_NAMES);
        Path config = Files.writeString(dir.resolve("provisioning-template.json"),
                RegistrationConfig.document(template, ROLE));
        Path ca = Files.writeString(dir.resolve("rootCA.pem"), TestDevices.ca().certificatePem());

        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String[]> request = CompletableFuture.supplyAsync(() -> answerOnce(server));
            ProcessBuilder builder = new ProcessBuilder(aws.toString(), "iot", "register-ca-certificate",
                    "--ca-certificate", "file://" + ca, "--set-as-active", "--allow-auto-registration",
                    "--registration-config", "file://" + config,
                    "--endpoint-url", "http://127.0.0.1:" + server.getLocalPort(), "--region", "us-east-1",
                    "--output", "json")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("cli.out").toFile());
            builder.environment().put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
            builder.environment().put("AWS_SECRET_ACCESS_KEY", "not-a-secret");
            builder.environment().put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
            builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
            builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            Process cli = builder.start();
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(dir.resolve("cli.out"));
            assertThat(cli.exitValue()).as("aws cli output: %s", output).isZero();

            String[] received = request.get(10, TimeUnit.SECONDS);
            assertThat(received[0]).startsWith("POST /cacertificate?")
                    .contains("setAsActive=true").contains("allowAutoRegistration=true");
            JsonNode body = JSON.readTree(received[1]);
            assertThat(body.at("/registrationConfig/templateBody").asText()).isEqualTo(TemplateCodec.toBody(template));
            assertThat(body.at("/registrationConfig/roleArn").asText()).isEqualTo(ROLE);
            assertThat(TemplateCodec.parse(body.at("/registrationConfig/templateBody").asText())).isEqualTo(template);
        }
    }

    private static String[] answerOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String head = readHead(in);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            byte[] answer = ("{\"certificateArn\":\"arn:aws:iot:us-east-1:123456789012:cacert/" + "0".repeat(64)
                    + "\",\"certificateId\":\"" + "0".repeat(64) + "\"}").getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-amzn-RequestId: test\r\n"
                    + "Connection: close\r\nContent-Length: " + answer.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(answer);
            out.flush();
            return new String[]{head.substring(0, head.indexOf("\r\n")), body};
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the end of the request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
