package io.jitp.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jitp.error.JitpException;

class CsrTest {

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void build_everyKeyType_signsWithTheKeysAlgorithmAndVerifies(KeyType type) {
        Csr csr = Csr.build(type.generate(), SubjectNames.parseDevice("CN=d1,O=Acme", "subject"));

        assertThat(csr.signatureVerifies()).isTrue();
        assertThat(csr.keyType()).contains(type);
        assertThat(csr.signatureAlgorithmName().replace("-", "")).isEqualToIgnoringCase(type.signatureAlgorithm());
    }

    @Test
    void parse_pemAndDer_giveTheSameRequest() {
        Csr built = TestPki.csr(KeyType.P256, "CN=d1,OU=Sensors,C=DE,ST=Bavaria,dnQualifier=q1,serialNumber=42");

        Csr fromPem = Csr.parse(built.pem().getBytes(StandardCharsets.US_ASCII), "csr");
        Csr fromDer = Csr.parse(built.der(), "csr");

        assertThat(fromPem.der()).isEqualTo(built.der());
        assertThat(fromDer.der()).isEqualTo(built.der());
        assertThat(fromDer.subjectFields()).containsExactlyInAnyOrderEntriesOf(Map.of(SubjectField.CN, "d1",
                SubjectField.OU, "Sensors", SubjectField.C, "DE", SubjectField.ST, "Bavaria",
                SubjectField.DN_QUALIFIER, "q1", SubjectField.SERIAL_NUMBER, "42"));
    }

    @Test
    void verifyProofOfPossession_sha1Signature_isRefusedAsWeak() {
        Csr csr = TestKeys.csr(KeyType.RSA2048.generate(), "CN=d1", "SHA1withRSA");

        assertThatThrownBy(() -> csr.verifyProofOfPossession("csr"))
                .isInstanceOf(JitpException.class)
                .hasMessage("the CSR is signed with SHA1WITHRSA, which is too weak to prove possession of the key");
    }

    @Test
    void parse_certificateInsteadOfCsr_saysNoCsrFound() {
        byte[] pem = TestPki.ca(KeyType.P256).certificatePem().getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> Csr.parse(pem, "csr"))
                .isInstanceOf(JitpException.class)
                .hasMessage("the file holds no CSR (no CERTIFICATE REQUEST block)");
    }

    @Test
    void parse_badDer_saysNotValidDer() {
        assertThatThrownBy(() -> Csr.parse(new byte[]{0x30, 0x03, 0x02, 0x01}, "csr"))
                .isInstanceOf(JitpException.class)
                .hasMessage("the CSR is not a valid PKCS#10 request (its ASN.1 does not decode)");
    }

    @Test
    void toString_showsSubjectAndKey() {
        assertThat(TestPki.csr(KeyType.P256, "CN=d1").toString()).isEqualTo("Csr[subject=CN=d1, key=p256]");
    }
}
