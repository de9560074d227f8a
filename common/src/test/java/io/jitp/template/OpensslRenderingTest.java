package io.jitp.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.pki.Csr;
import io.jitp.testsupport.External;

/** Renders the golden templates for a device certificate and a CSR made by openssl, as in the manual procedure. */
class OpensslRenderingTest {

    private static final String SUBJECT = "/CN=dev-0001/O=Acme/OU=eu-plant7-line3/C=DE/serialNumber=SN-42";

    @TempDir
    static Path dir;
    private static Path openssl;

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl = External.requireTool("openssl", "openssl");
        run("genrsa", "-out", "rootCA.key", "2048");
        run("req", "-x509", "-new", "-nodes", "-key", "rootCA.key", "-sha256", "-days", "2", "-subj",
                "/CN=jitp openssl test root", "-out", "rootCA.pem");
        run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "deviceCert.key");
        run("req", "-new", "-key", "deviceCert.key", "-subj", SUBJECT, "-out", "deviceCert.csr");
        run("x509", "-req", "-in", "deviceCert.csr", "-CA", "rootCA.pem", "-CAkey", "rootCA.key", "-CAcreateserial",
                "-days", "1", "-sha256", "-out", "deviceCert.crt");
        Files.writeString(dir.resolve("deviceCertAndCACert.crt"),
                Files.readString(dir.resolve("deviceCert.crt")) + Files.readString(dir.resolve("rootCA.pem")));
        run("x509", "-in", "deviceCert.crt", "-outform", "DER", "-out", "deviceCert.der");
    }

    @Test
    void render_opensslDeviceCertificate_usesItsSubjectAndTheSha256OfItsDer() throws Exception {
        String expectedId = run("dgst", "-sha256", "-r", "deviceCert.der").split(" ")[0];

        ProvisioningPlan plan = TemplateEngine.render(Goldens.template(Goldens.GROUPS_AND_ATTRIBUTES),
                TemplateParameters.fromCertificatePem(Files.readString(dir.resolve("deviceCert.crt"))));

        assertThat(plan.certificate().certificateId()).isEqualTo(expectedId).hasSize(64);
        assertThat(plan.thing().thingName()).isEqualTo("dev-0001");
        assertThat(plan.thing().attributes()).containsExactly(Map.entry("channel", "stable"),
                Map.entry("manufacturer", "Acme"), Map.entry("serial", "SN-42"), Map.entry("site", "eu-plant7-line3"));
        assertThat(plan.thing().thingGroups()).containsExactly("eu-plant7-line3", "DE");
    }

    @Test
    void render_deviceCertAndCaChain_usesTheDeviceCertificate() throws Exception {
        String expectedId = run("dgst", "-sha256", "-r", "deviceCert.der").split(" ")[0];

        ProvisioningPlan plan = TemplateEngine.render(Goldens.template(Goldens.JOIN_AND_SUB_NAMES),
                TemplateParameters.fromCertificatePem(Files.readString(dir.resolve("deviceCertAndCACert.crt"))));

        assertThat(plan.certificate().certificateId()).isEqualTo(expectedId);
        assertThat(plan.thing().thingName()).isEqualTo("Acme_dev-0001");
        assertThat(plan.thing().attributes()).containsEntry("line", "plant7");
    }

    @Test
    void render_opensslCsr_fillsTheSubjectParameters() throws Exception {
        ProvisioningPlan plan = TemplateEngine.render(Goldens.template(Goldens.THING_FROM_COMMON_NAME),
                TemplateParameters.fromCsr(Csr.parse(Files.readAllBytes(dir.resolve("deviceCert.csr")), "csr")));

        assertThat(plan.thing().thingName()).isEqualTo("dev-0001");
        assertThat(plan.certificate().certificateId()).isNull();
    }

    @Test
    void render_derCertificate_isReadLikePem() throws Exception {
        ProvisioningPlan fromDer = TemplateEngine.render(Goldens.template(Goldens.THING_FROM_COMMON_NAME),
                TemplateParameters.fromCertificateFile(Files.readAllBytes(dir.resolve("deviceCert.der")), "der"));

        assertThat(fromDer.certificate().certificateId()).isEqualTo(run("dgst", "-sha256", "-r", "deviceCert.der")
                .split(" ")[0]);
    }

    @Test
    void fromCertificate_repeatedAndMultiValuedFields_takeTheFirstValueUnescaped() throws Exception {
        run("req", "-new", "-key", "deviceCert.key", "-multivalue-rdn", "-subj",
                "/CN=dev-6+O=Acme\\, Inc./OU=first/OU=second", "-out", "multi.csr");
        run("x509", "-req", "-in", "multi.csr", "-CA", "rootCA.pem", "-CAkey", "rootCA.key", "-CAcreateserial",
                "-days", "1", "-out", "multi.crt");

        TemplateParameters parameters = TemplateParameters.fromCertificatePem(
                Files.readString(dir.resolve("multi.crt")));

        assertThat(parameters.values()).containsEntry("AWS::IoT::Certificate::CommonName", "dev-6")
                .containsEntry("AWS::IoT::Certificate::Organization", "Acme, Inc.")
                .containsEntry("AWS::IoT::Certificate::OrganizationalUnit", "first")
                .containsOnlyKeys("AWS::IoT::Certificate::CommonName", "AWS::IoT::Certificate::Organization",
                        "AWS::IoT::Certificate::OrganizationalUnit", "AWS::IoT::Certificate::Id");
    }

    private static String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(openssl.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", arguments[0], output).isZero();
        return output.trim();
    }
}
