package io.jitp.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.jitp.error.JitpException;
import io.jitp.testsupport.Commands;
import io.jitp.testsupport.External;

/**
 * Interoperability with openssl in both directions, with the commands of the manual JITP procedure: what jitp
 * writes passes {@code openssl verify -x509_strict}, and what openssl writes is imported and signed by jitp.
 */
class OpensslInteropTest {

    private static final String PASSWORD = "s3cret-Pass";

    @TempDir
    Path dir;

    private String openssl;

    @BeforeEach
    void requireOpenssl() {
        openssl = External.requireTool("openssl", "openssl").toString();
    }

    @ParameterizedTest
    @CsvSource({"RSA2048,RSA2048", "RSA4096,P256", "P256,P256", "P384,RSA3072", "P256,P384"})
    void chainMadeByJitp_passesOpensslVerifyX509Strict(KeyType caType, KeyType deviceType) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(new RootCaRequest(caType, null, null));
        Csr csr = Csr.build(deviceType.generate(), SubjectNames.parseDevice("CN=sensor-1,O=Acme", "subject"));
        IssuedCertificate device = ca.issue(new IssueRequest(csr, null, Duration.ofDays(30), null));
        write("rootCA.pem", ca.certificatePem());
        write("deviceCert.crt", device.pem());
        write("deviceCertAndCACert.crt", device.chainPem());

        Commands.Result verify = Commands.runOk(dir, openssl, "verify", "-x509_strict", "-purpose", "sslclient",
                "-CAfile", "rootCA.pem", "deviceCert.crt");
        Commands.Result chain = Commands.runOk(dir, openssl, "verify", "-x509_strict", "-CAfile", "rootCA.pem",
                "deviceCertAndCACert.crt");

        assertThat(verify.stdout()).contains("deviceCert.crt: OK");
        assertThat(chain.stdout()).contains("OK");
        TestPki.validatePath(device.certificate(), ca.certificate());
    }

    @Test
    void verificationCertificate_passesOpensslVerifyAndCarriesTheCode() throws Exception {
        CertificateAuthority ca = TestPki.ca(KeyType.RSA2048);
        String code = "0123456789abcdef".repeat(4);
        write("rootCA.pem", ca.certificatePem());
        write("verificationCert.pem", ca.verificationCertificate(code, null).certificate().pem());

        Commands.runOk(dir, openssl, "verify", "-x509_strict", "-CAfile", "rootCA.pem", "verificationCert.pem");
        Commands.Result subject = Commands.runOk(dir, openssl, "x509", "-in", "verificationCert.pem", "-noout",
                "-subject", "-nameopt", "RFC2253");

        assertThat(subject.stdout().strip()).isEqualTo("subject=CN=" + code);
    }

    @Test
    void manualProcedureFiles_madeByOpenssl_areImportedSignedAndVerify() throws Exception {
        Commands.runOk(dir, openssl, "genrsa", "-out", "rootCA.key", "2048");
        Commands.runOk(dir, openssl, "req", "-x509", "-new", "-nodes", "-key", "rootCA.key", "-sha256", "-days",
                "1024", "-out", "rootCA.pem", "-subj", "/C=US/O=Acme/CN=Acme Root");
        Commands.runOk(dir, openssl, "genrsa", "-out", "deviceCert.key", "2048");
        Commands.runOk(dir, openssl, "req", "-new", "-key", "deviceCert.key", "-out", "deviceCert.csr", "-subj",
                "/C=US/O=Acme/CN=thing-42");

        CertificateAuthority ca = CertificateAuthority.load(read("rootCA.pem"), read("rootCA.key"), null);
        IssuedCertificate device = ca.issue(new IssueRequest(Csr.parse(read("deviceCert.csr"), "csr"), null, null,
                null));
        write("deviceCert.crt", device.pem());

        // Not -x509_strict: openssl 3 itself refuses its own manual-procedure CA there (no keyUsage on the CA).
        Commands.Result verify = Commands.runOk(dir, openssl, "verify", "-CAfile", "rootCA.pem", "deviceCert.crt");
        assertThat(verify.stdout()).contains("deviceCert.crt: OK");
        TestPki.validatePath(device.certificate(), ca.certificate());
        assertThat(device.subjectFields()).containsEntry(SubjectField.CN, "thing-42")
                .containsEntry(SubjectField.C, "US");
        Commands.Result modulus = Commands.runOk(dir, openssl, "x509", "-in", "deviceCert.crt", "-noout", "-modulus");
        Commands.Result keyModulus = Commands.runOk(dir, openssl, "rsa", "-in", "deviceCert.key", "-noout",
                "-modulus");
        assertThat(modulus.stdout()).isEqualTo(keyModulus.stdout());
    }

    @Test
    void opensslCaKeys_inEveryForm_areImported() throws Exception {
        Commands.runOk(dir, openssl, "ecparam", "-name", "prime256v1", "-genkey", "-out", "sec1.key");
        Commands.runOk(dir, openssl, "genrsa", "-traditional", "-out", "pkcs1.key", "2048");
        Commands.runOk(dir, openssl, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out",
                "pkcs8.key");
        Commands.runOk(dir, openssl, "genpkey", "-algorithm", "RSA", "-aes256", "-pass", "pass:" + PASSWORD, "-out",
                "encrypted.key");
        Commands.runOk(dir, openssl, "genrsa", "-traditional", "-aes256", "-passout", "pass:" + PASSWORD, "-out",
                "legacy.key", "2048");

        for (String name : List.of("sec1", "pkcs1", "pkcs8", "encrypted", "legacy")) {
            Commands.runOk(dir, openssl, "req", "-x509", "-new", "-key", name + ".key", "-passin", "pass:" + PASSWORD,
                    "-sha256", "-days", "1024", "-out", name + ".pem", "-subj", "/CN=" + name);

            CertificateAuthority ca = CertificateAuthority.load(read(name + ".pem"), read(name + ".key"),
                    PASSWORD.toCharArray());

            assertThat(SubjectField.CN.valueIn(Certificates.subject(ca.certificate()))).contains(name);
        }
        assertThat(KeyFiles.parse(read("sec1.key"), null, "key").format()).isEqualTo(KeyFiles.Format.SEC1);
        assertThat(KeyFiles.parse(read("pkcs1.key"), null, "key").format()).isEqualTo(KeyFiles.Format.PKCS1);
        assertThat(KeyFiles.parse(read("encrypted.key"), PASSWORD.toCharArray(), "key").format())
                .isEqualTo(KeyFiles.Format.ENCRYPTED_PKCS8);
        assertThat(KeyFiles.parse(read("legacy.key"), PASSWORD.toCharArray(), "key").format())
                .isEqualTo(KeyFiles.Format.ENCRYPTED_LEGACY);
    }

    @Test
    void opensslCaWithOtherKey_isRefusedAsMismatch() throws Exception {
        Commands.runOk(dir, openssl, "genrsa", "-out", "rootCA.key", "2048");
        Commands.runOk(dir, openssl, "genrsa", "-out", "other.key", "2048");
        Commands.runOk(dir, openssl, "req", "-x509", "-new", "-nodes", "-key", "rootCA.key", "-sha256", "-days",
                "1024", "-out", "rootCA.pem", "-subj", "/CN=Root");

        assertThatThrownBy(() -> CertificateAuthority.load(read("rootCA.pem"), read("other.key"), null))
                .isInstanceOf(JitpException.class)
                .hasMessage("the private key does not match the CA certificate's public key");
    }

    @Test
    void opensslRsa1024Csr_isRefusedByPolicy() throws Exception {
        Commands.runOk(dir, openssl, "genrsa", "-out", "weak.key", "1024");
        Commands.runOk(dir, openssl, "req", "-new", "-key", "weak.key", "-out", "weak.csr", "-subj", "/CN=weak");

        assertThatThrownBy(() -> TestPki.ca(KeyType.P256).issue(new IssueRequest(Csr.parse(read("weak.csr"), "csr"),
                null, null, null)))
                .isInstanceOf(JitpException.class)
                .hasMessage("key type RSA-1024 is not allowed by the issuance policy");
    }

    @Test
    void encryptedKeyWrittenByJitp_isReadByOpenssl() throws Exception {
        CertificateAuthority ca = TestPki.ca(KeyType.P256);
        KeyFiles.write(dir.resolve("rootCA.key"), ca.privateKey(), PASSWORD.toCharArray(), false, "outKey");
        write("rootCA.pem", ca.certificatePem());

        Commands.Result parameters = Commands.runOk(dir, openssl, "asn1parse", "-in", "rootCA.key");
        Commands.Result keyPublic = Commands.runOk(dir, openssl, "pkey", "-in", "rootCA.key", "-passin",
                "pass:" + PASSWORD, "-pubout");
        Commands.Result certPublic = Commands.runOk(dir, openssl, "x509", "-in", "rootCA.pem", "-noout", "-pubkey");
        Commands.Result wrong = Commands.run(dir, List.of(openssl, "pkey", "-in", "rootCA.key", "-passin",
                "pass:wrong", "-noout"));

        assertThat(parameters.stdout()).contains("PBES2", "PBKDF2", "aes-256-cbc", "hmacWithSHA256");
        assertThat(keyPublic.stdout()).isEqualTo(certPublic.stdout());
        assertThat(wrong.exitCode()).isNotZero();
    }

    @Test
    void pkcs12WrittenByJitp_isReadByOpensslWithItsPassword() throws Exception {
        CertificateAuthority ca = TestPki.ca(KeyType.P256);
        KeyAndCertificate device = ca.issueWithNewKey(KeyType.P256, "thing-1", null, null, null);
        byte[] p12 = Bundles.pkcs12(device.privateKey(), List.of(device.certificate().certificate(),
                ca.certificate()), PASSWORD.toCharArray(), "thing-1");
        Files.write(dir.resolve("device.p12"), p12);

        Commands.Result dump = Commands.runOk(dir, openssl, "pkcs12", "-in", "device.p12", "-passin",
                "pass:" + PASSWORD, "-nodes");

        assertThat(dump.stdout()).contains("friendlyName: thing-1", "-----BEGIN PRIVATE KEY-----",
                "subject=CN = thing-1");
        assertThat(dump.stdout().split("BEGIN CERTIFICATE", -1)).hasSize(3);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(Files.newInputStream(dir.resolve("device.p12")), PASSWORD.toCharArray());
        assertThat(((X509Certificate) store.getCertificate("thing-1")).getSerialNumber())
                .isEqualTo(device.certificate().serialNumber());
    }

    @Test
    void csrBuiltByJitp_isVerifiedAndSignedByOpenssl() throws Exception {
        Csr csr = Csr.build(KeyType.P256.generate(), SubjectNames.parseDevice("CN=d1,serialNumber=SN9", "s"));
        write("deviceCert.csr", csr.pem());
        CertificateAuthority ca = TestPki.ca(KeyType.RSA2048);
        KeyFiles.write(dir.resolve("rootCA.key"), ca.privateKey(), null, false, "k");
        write("rootCA.pem", ca.certificatePem());

        Commands.Result check = Commands.runOk(dir, openssl, "req", "-in", "deviceCert.csr", "-verify", "-noout");
        Commands.runOk(dir, openssl, "x509", "-req", "-in", "deviceCert.csr", "-CA", "rootCA.pem", "-CAkey",
                "rootCA.key", "-CAcreateserial", "-out", "deviceCert.crt", "-days", "365", "-sha256");

        assertThat(check.output()).containsIgnoringCase("verify OK");
        X509Certificate signed = Pem.certificate(read("deviceCert.crt"), "c", "c");
        assertThat(Certificates.subjectFields(signed)).containsEntry(SubjectField.SERIAL_NUMBER, "SN9");
    }

    @Test
    void certificateId_equalsOpensslSha256Fingerprint() throws Exception {
        CertificateAuthority ca = TestPki.ca(KeyType.P256);
        write("rootCA.pem", ca.certificatePem());

        Commands.Result fingerprint = Commands.runOk(dir, openssl, "x509", "-in", "rootCA.pem", "-noout",
                "-fingerprint", "-sha256");

        String expected = fingerprint.stdout().strip().replaceFirst(".*=", "").replace(":", "").toLowerCase();
        assertThat(ca.id().value()).isEqualTo(expected);
    }

    private void write(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
    }

    private byte[] read(String name) throws Exception {
        return Files.readAllBytes(dir.resolve(name));
    }
}
