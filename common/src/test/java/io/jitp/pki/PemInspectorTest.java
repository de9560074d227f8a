package io.jitp.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.jitp.error.JitpException;

class PemInspectorTest {

    private static final char[] PASSWORD = "pw-for-test".toCharArray();

    @Test
    void inspect_deviceChain_describesBothCertificatesWithJitpParameters() {
        CertificateAuthority ca = TestPki.ca(KeyType.P256);
        IssuedCertificate device = ca.issue(new IssueRequest(TestPki.csr(KeyType.RSA2048,
                "CN=pump-1,O=Acme,serialNumber=SN-7"), null, Duration.ofDays(10), null));

        Inspection inspection = PemInspector.inspect(device.chainPem().getBytes(StandardCharsets.US_ASCII), null,
                "file");

        assertThat(inspection.items()).hasSize(2);
        Inspection.Item leaf = inspection.items().get(0);
        assertThat(leaf.kind()).isEqualTo("certificate");
        assertThat(leaf.keyType()).isEqualTo("rsa2048");
        assertThat(leaf.ca()).isFalse();
        assertThat(leaf.certificateId()).isEqualTo(device.id().value());
        assertThat(leaf.jitpParameters()).containsEntry("AWS::IoT::Certificate::CommonName", "pump-1")
                .containsEntry("AWS::IoT::Certificate::Organization", "Acme")
                .containsEntry("AWS::IoT::Certificate::SerialNumber", "SN-7")
                .containsEntry("AWS::IoT::Certificate::Id", device.id().value());
        assertThat(leaf.extensions()).extracting(Inspection.ExtensionInfo::value)
                .contains("CA:FALSE", "digitalSignature, keyEncipherment", "clientAuth");
        Inspection.Item root = inspection.items().get(1);
        assertThat(root.ca()).isTrue();
        assertThat(root.selfSigned()).isTrue();
        assertThat(root.extensions()).extracting(Inspection.ExtensionInfo::value).contains("CA:TRUE",
                "keyCertSign, cRLSign");
    }

    @Test
    void inspect_csrInDer_reportsSignatureAndWouldBeParameters() {
        Csr csr = TestPki.csr(KeyType.P384, "CN=d2,C=DE");

        Inspection.Item item = PemInspector.inspect(csr.der(), null, "file").items().get(0);

        assertThat(item.kind()).isEqualTo("csr");
        assertThat(item.signatureValid()).isTrue();
        assertThat(item.keyType()).isEqualTo("p384");
        assertThat(item.jitpParameters()).containsOnlyKeys("AWS::IoT::Certificate::CommonName",
                "AWS::IoT::Certificate::Country");
    }

    @Test
    void inspect_encryptedKeyWithoutPassword_reportsFormatOnly() {
        byte[] pem = KeyFiles.toPem(KeyType.P256.generate().getPrivate(), PASSWORD).getBytes(StandardCharsets.US_ASCII);

        Inspection.Item locked = PemInspector.inspect(pem, null, "file").items().get(0);
        Inspection.Item unlocked = PemInspector.inspect(pem, PASSWORD, "file").items().get(0);

        assertThat(locked.encrypted()).isTrue();
        assertThat(locked.keyType()).isNull();
        assertThat(locked.keyFormat()).isEqualTo("encrypted PKCS#8");
        assertThat(unlocked.keyType()).isEqualTo("p256");
        assertThat(unlocked.toString()).doesNotContain("BEGIN");
    }

    @Test
    void inspect_garbage_isRefusedWithOneLineMessage() {
        assertThatThrownBy(() -> PemInspector.inspect("not a pem".getBytes(StandardCharsets.US_ASCII), null, "file"))
                .isInstanceOf(JitpException.class)
                .hasMessage("the file contains no PEM block (no '-----BEGIN' line) and is not DER");
    }

    @Test
    void inspect_unknownPemType_namesTheType() {
        byte[] pem = "-----BEGIN FOO BAR-----\nAAAA\n-----END FOO BAR-----\n".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> PemInspector.inspect(pem, null, "file"))
                .isInstanceOf(JitpException.class)
                .hasMessage("the file holds a PEM block of a type jitp does not read (FOO BAR)");
    }
}
