package io.jitp.cli.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.pki.Certificates;
import io.jitp.pki.Csr;
import io.jitp.pki.Pem;
import io.jitp.pki.SubjectField;
import io.jitp.testsupport.Commands;
import io.jitp.testsupport.External;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code jitp pki} commands run through the application's real command line: exit codes, the one-line error
 * on stderr, the files written and their modes. {@code PkiCommandIT} runs the same tests against the packaged
 * application (the fast-jar, or the native binary when one was built).
 */
@QuarkusMainTest
class PkiCommandTest {

    private static final String PRIVATE = "rw-------";
    private static final Pattern QUARKUS_INFO = Pattern.compile("^\\S+ \\S+ INFO +\\[io\\.quarkus\\]");

    @TempDir
    Path dir;

    @Test
    void ca_defaultProfile_writesKey0600AndCaCertificate(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("pki", "ca", "--out-key", path("rootCA.key"), "--out-cert",
                path("rootCA.pem"), "--subject", "CN=Acme Root,O=Acme", "--days", "1024");

        assertThat(result.exitCode()).as(stderr(result)).isZero();
        assertThat(result.getOutput()).contains("Wrote", "CA certificate id: ");
        assertThat(mode("rootCA.key")).isEqualTo(PRIVATE);
        assertThat(read("rootCA.key")).startsWith("-----BEGIN PRIVATE KEY-----");
        X509Certificate ca = certificate("rootCA.pem");
        assertThat(Certificates.isCa(ca)).isTrue();
        assertThat(ca.getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
        assertThat(Certificates.subjectFields(ca)).containsEntry(SubjectField.O, "Acme");
        assertThat(result.getOutput()).contains(Certificates.id(ca).value());
    }

    @Test
    void ca_existingFilesWithoutForce_exitsOneAndKeepsThem(QuarkusMainLauncher launcher) throws Exception {
        Files.writeString(dir.resolve("rootCA.pem"), "keep me");

        LaunchResult result = launcher.launch("pki", "ca", "--out-key", path("rootCA.key"), "--out-cert",
                path("rootCA.pem"), "--key-type", "p256");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(stderr(result)).isEqualTo("jitp: " + path("rootCA.pem") + " already exists [--out-cert: "
                + "choose another file name, remove it, or pass --force to overwrite it]");
        assertThat(read("rootCA.pem")).isEqualTo("keep me");
        assertThat(dir.resolve("rootCA.key")).doesNotExist();
    }

    @Test
    void ca_force_replacesExistingFiles(QuarkusMainLauncher launcher) throws Exception {
        Files.writeString(dir.resolve("rootCA.pem"), "old");
        Files.writeString(dir.resolve("rootCA.key"), "old");

        LaunchResult result = launcher.launch("pki", "ca", "--out-key", path("rootCA.key"), "--out-cert",
                path("rootCA.pem"), "--key-type", "p384", "--force");

        assertThat(result.exitCode()).as(stderr(result)).isZero();
        assertThat(certificate("rootCA.pem").getSigAlgName()).isEqualToIgnoringCase("SHA384withECDSA");
        assertThat(mode("rootCA.key")).isEqualTo(PRIVATE);
    }

    @Test
    void ca_unknownKeyType_isUsageErrorWithExitTwo(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("pki", "ca", "--out-key", path("k"), "--out-cert", path("c"),
                "--key-type", "rsa1024");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(stderr(result)).contains("Invalid value for option '--key-type': unknown key type "
                + "'rsa1024' (use one of rsa2048, rsa3072, rsa4096, p256, p384)", "Try 'jitp pki ca --help'");
    }

    @Test
    void ca_zeroDays_isUsageErrorWithExitTwo(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("pki", "ca", "--out-key", path("k"), "--out-cert", path("c"),
                "--days", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(stderr(result)).contains("--days must be between 1 and 36500, not 0");
        assertThat(dir.resolve("k")).doesNotExist();
    }

    @Test
    void ca_badCountryInSubject_exitsOneNamingTheField(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("pki", "ca", "--out-key", path("k"), "--out-cert", path("c"),
                "--subject", "CN=Root,C=Germany");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(stderr(result)).isEqualTo("jitp: subject field C must be a two-letter ISO 3166 country "
                + "code, not 'Germany' [--subject: use e.g. C=US or C=DE]");
    }

    @Test
    void passwordFile_encryptsCaKeyAndIsNeededToSign(QuarkusMainLauncher launcher) throws Exception {
        Files.writeString(dir.resolve("ca.pass"), "pa55-word\n");
        makeCa(launcher, "--key-type", "p256", "--password-file", path("ca.pass"));
        makeCsr(launcher, "pump-7");

        LaunchResult withoutPassword = launcher.launch(signArguments());
        LaunchResult withPassword = launcher.launch(signArguments("--password-file", path("ca.pass")));

        assertThat(read("rootCA.key")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(mode("rootCA.key")).isEqualTo(PRIVATE);
        assertThat(withoutPassword.exitCode()).isEqualTo(1);
        assertThat(stderr(withoutPassword)).isEqualTo("jitp: the private key is encrypted and no password "
                + "was given [--ca-key: give the key's password]");
        assertThat(withPassword.exitCode()).as(stderr(withPassword)).isZero();
    }

    @Test
    void verification_code_writesCertificateSignedByCa(QuarkusMainLauncher launcher) throws Exception {
        makeCa(launcher);
        String code = "9f".repeat(32);

        LaunchResult result = launcher.launch("pki", "verification", "--ca-cert", path("rootCA.pem"), "--ca-key",
                path("rootCA.key"), "--code", code, "--out-cert", path("verificationCert.pem"), "--out-key",
                path("verificationCert.key"));

        assertThat(result.exitCode()).as(stderr(result)).isZero();
        X509Certificate verification = certificate("verificationCert.pem");
        verification.verify(certificate("rootCA.pem").getPublicKey());
        assertThat(Certificates.subjectFields(verification)).containsEntry(SubjectField.CN, code);
        assertThat(mode("verificationCert.key")).isEqualTo(PRIVATE);
        assertThat(result.getOutput()).contains("aws iot register-ca-certificate");
    }

    @Test
    void verification_withoutCode_isUsageErrorWithExitTwo(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("pki", "verification", "--out-cert", path("v.pem"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(stderr(result)).contains("Missing required option: '--code=CODE'");
    }

    @Test
    void csr_thingAndSubject_writesKey0600AndSignedCsr(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("pki", "csr", "--thing", "pump-0042", "--subject",
                "O=Acme,OU=Pumps,serialNumber=SN0042", "--out-key", path("deviceCert.key"), "--out-csr",
                path("deviceCert.csr"), "--key-type", "rsa2048");

        assertThat(result.exitCode()).as(stderr(result)).isZero();
        assertThat(mode("deviceCert.key")).isEqualTo(PRIVATE);
        Csr csr = Csr.parse(Files.readAllBytes(dir.resolve("deviceCert.csr")), "csr");
        assertThat(csr.signatureVerifies()).isTrue();
        assertThat(csr.keyDescription()).isEqualTo("rsa2048");
        assertThat(csr.subjectFields()).containsEntry(SubjectField.CN, "pump-0042")
                .containsEntry(SubjectField.SERIAL_NUMBER, "SN0042");
    }

    @Test
    void csr_invalidThingName_exitsOneAndWritesNothing(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("pki", "csr", "--thing", "pump 42", "--out-key", path("k"),
                "--out-csr", path("c"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(stderr(result)).isEqualTo("jitp: 'pump 42' is not a valid AWS IoT thing name "
                + "[--thing: use 1 to 128 letters, digits, ':', '_' or '-']");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void sign_csr_writesCertificateAndChainThatOpensslVerifies(QuarkusMainLauncher launcher) throws Exception {
        makeCa(launcher);
        makeCsr(launcher, "pump-1");

        LaunchResult result = launcher.launch(signArguments("--days", "30"));

        assertThat(result.exitCode()).as(stderr(result)).isZero();
        X509Certificate device = certificate("deviceCert.crt");
        assertThat(read("deviceCertAndCACert.crt")).isEqualTo(read("deviceCert.crt") + read("rootCA.pem"));
        assertThat(Certificates.subjectFields(device)).containsEntry(SubjectField.CN, "pump-1");
        assertThat(result.getOutput()).contains("AWS IoT certificate id: " + Certificates.id(device).value());
        String openssl = External.requireTool("openssl", "openssl").toString();
        Commands.Result verify = Commands.runOk(dir, openssl, "verify", "-x509_strict", "-CAfile", "rootCA.pem",
                "deviceCert.crt");
        assertThat(verify.stdout()).contains("deviceCert.crt: OK");
    }

    @Test
    void sign_daysBeyondThePolicyOrTheCa_isAUsageErrorNamingDays(QuarkusMainLauncher launcher) throws Exception {
        makeCa(launcher, "--days", "100");
        makeCsr(launcher, "pump-2");

        LaunchResult tooLong = launcher.launch(signArguments("--days", "4000"));
        LaunchResult outlastsCa = launcher.launch(signArguments("--days", "200"));
        LaunchResult defaulted = launcher.launch(signArguments());

        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(stderr(tooLong)).contains("--days 4000", "at most 3650").doesNotContain("Exception");
        assertThat(outlastsCa.exitCode()).isEqualTo(2);
        assertThat(stderr(outlastsCa)).contains("--days 200 outlasts the CA", "give at most 99");
        assertThat(Files.exists(dir.resolve("deviceCert.crt")) && defaulted.exitCode() == 0)
                .as("the default 365 days is shortened to the CA's end: " + stderr(defaulted)).isTrue();
    }

    @Test
    void keyType_unknown_isAUsageErrorListingTheValidOnes(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("pki", "ca", "--out-key", path("k"), "--out-cert", path("c"),
                "--key-type", "rsa1024");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(stderr(result)).contains("rsa1024", "rsa2048", "rsa3072", "rsa4096", "p256", "p384");
    }

    @Test
    void sign_tamperedCsr_exitsOneAndWritesNothing(QuarkusMainLauncher launcher) throws Exception {
        makeCa(launcher);
        makeCsr(launcher, "pump-1");
        Csr csr = Csr.parse(Files.readAllBytes(dir.resolve("deviceCert.csr")), "csr");
        byte[] der = csr.der();
        der[der.length - 3] ^= 0x01;
        Files.write(dir.resolve("deviceCert.csr"), der);

        LaunchResult result = launcher.launch(signArguments());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(stderr(result)).startsWith("jitp: the CSR signature does not verify")
                .contains("proof of possession failed", "[--csr:");
        assertThat(dir.resolve("deviceCert.crt")).doesNotExist();
        assertThat(dir.resolve("deviceCertAndCACert.crt")).doesNotExist();
    }

    @Test
    void sign_keyOfAnotherCa_exitsOneBlamingCaKey(QuarkusMainLauncher launcher) throws Exception {
        makeCa(launcher);
        makeCsr(launcher, "pump-1");
        launcher.launch("pki", "ca", "--out-key", path("other.key"), "--out-cert", path("other.pem"));

        LaunchResult result = launcher.launch("pki", "sign", "--ca-cert", path("rootCA.pem"), "--ca-key",
                path("other.key"), "--csr", path("deviceCert.csr"), "--out-cert", path("deviceCert.crt"),
                "--out-chain", path("deviceCertAndCACert.crt"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(stderr(result)).isEqualTo("jitp: the private key does not match the CA certificate's "
                + "public key [--ca-key: give the key the CA certificate was made for]");
    }

    @Test
    void sign_garbageCsr_exitsOneWithoutStackTrace(QuarkusMainLauncher launcher) throws Exception {
        makeCa(launcher);
        Files.writeString(dir.resolve("deviceCert.csr"), "this is not a CSR\n");

        LaunchResult result = launcher.launch(signArguments());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(stderr(result)).isEqualTo("jitp: the CSR contains no PEM block (no '-----BEGIN' line) "
                + "and is not DER [--csr: give a PEM file such as openssl writes, or a DER file]");
    }

    @Test
    void inspect_chainAsJson_givesIdsAndJitpParameters(QuarkusMainLauncher launcher) throws Exception {
        makeCa(launcher);
        makeCsr(launcher, "pump-1");
        launcher.launch(signArguments());

        LaunchResult result = launcher.launch("pki", "inspect", path("deviceCertAndCACert.crt"), "-o", "json");

        assertThat(result.exitCode()).as(stderr(result)).isZero();
        JsonNode items = new ObjectMapper().readTree(result.getOutput()).get("items");
        assertThat(items).hasSize(2);
        String id = Certificates.id(certificate("deviceCert.crt")).value();
        assertThat(items.get(0).get("certificateId").asText()).isEqualTo(id);
        assertThat(items.get(0).get("jitpParameters").get("AWS::IoT::Certificate::CommonName").asText())
                .isEqualTo("pump-1");
        assertThat(items.get(1).get("ca").asBoolean()).isTrue();
    }

    @Test
    void inspect_keyAsText_showsTypeButNoKeyMaterial(QuarkusMainLauncher launcher) throws Exception {
        makeCsr(launcher, "pump-1");
        String keyBody = read("deviceCert.key").lines().skip(1).findFirst().orElseThrow();

        LaunchResult result = launcher.launch("pki", "inspect", path("deviceCert.key"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("private-key", "key type:     p256", "key format:   PKCS#8")
                .doesNotContain(keyBody);
    }

    @Test
    void inspect_missingFile_exitsOne(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("pki", "inspect", path("nope.pem"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(stderr(result)).isEqualTo("jitp: " + path("nope.pem") + " does not exist [FILE: check "
                + "the path given to FILE]");
    }

    @Test
    void help_ofEveryPkiCommand_documentsExitCodes(QuarkusMainLauncher launcher) {
        for (String command : List.of("ca", "verification", "csr", "sign", "inspect")) {
            LaunchResult result = launcher.launch("pki", command, "--help");

            assertThat(result.exitCode()).isZero();
            assertThat(result.getOutput()).contains("Exit codes:", "0   success", "1   failure",
                    "2   usage error", "Examples:");
        }
    }

    private void makeCa(QuarkusMainLauncher launcher, String... more) {
        List<String> arguments = new ArrayList<>(List.of("pki", "ca", "--out-key", path("rootCA.key"), "--out-cert",
                path("rootCA.pem")));
        arguments.addAll(List.of(more));
        LaunchResult result = launcher.launch(arguments.toArray(String[]::new));
        assertThat(result.exitCode()).as(stderr(result)).isZero();
    }

    private void makeCsr(QuarkusMainLauncher launcher, String thing) {
        LaunchResult result = launcher.launch("pki", "csr", "--thing", thing, "--out-key", path("deviceCert.key"),
                "--out-csr", path("deviceCert.csr"));
        assertThat(result.exitCode()).as(stderr(result)).isZero();
    }

    private String[] signArguments(String... more) {
        List<String> arguments = new ArrayList<>(List.of("pki", "sign", "--ca-cert", path("rootCA.pem"), "--ca-key",
                path("rootCA.key"), "--csr", path("deviceCert.csr"), "--out-cert", path("deviceCert.crt"),
                "--out-chain", path("deviceCertAndCACert.crt")));
        arguments.addAll(List.of(more));
        return arguments.toArray(String[]::new);
    }

    /**
     * What the command printed on stderr. The packaged-application launcher of {@code PkiCommandIT} forces the
     * {@code io.quarkus} log category to INFO to see the application start; those lines are the harness's, not
     * the command's, and are left out.
     */
    static String stderr(LaunchResult result) {
        return result.getErrorStream().stream()
                .filter(line -> !QUARKUS_INFO.matcher(line).find())
                .collect(Collectors.joining("\n"));
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private String read(String name) throws Exception {
        return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
    }

    private String mode(String name) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)));
    }

    private X509Certificate certificate(String name) throws Exception {
        return Pem.certificate(Files.readAllBytes(dir.resolve(name)), name, "file");
    }

}
