package io.jitp.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

/** The issue's rejection cases: each refused with a JitpException of its own message, never a parser's. */
class RejectionTest {

    private static final CertificateAuthority CA = TestPki.ca(KeyType.P256);

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("tampered CSR signature", (Runnable) () -> CA.issue(new IssueRequest(Csr.parse(
                        TestPki.tamperSignature(TestPki.csr(KeyType.P256, "CN=d1").der()), "csr"), null, null,
                        null)), Reason.INVALID_INPUT, "the CSR signature does not verify"),
                Arguments.of("RSA-1024 CSR", (Runnable) () -> CA.issue(new IssueRequest(TestKeys.csr(
                        TestKeys.rsa1024(), "CN=d1", "SHA256withRSA"), null, null, null)), Reason.FORBIDDEN,
                        "key type RSA-1024 is not allowed"),
                Arguments.of("mismatched CA key", (Runnable) () -> CertificateAuthority.of(CA.certificate(),
                        KeyType.P256.generate().getPrivate()), Reason.INVALID_INPUT,
                        "the private key does not match the CA certificate's public key"),
                Arguments.of("non-CA certificate", (Runnable) () -> {
                    KeyAndCertificate device = CA.issueWithNewKey(KeyType.P256, "d1", null, null, null);
                    CertificateAuthority.of(device.certificate().certificate(), device.privateKey());
                }, Reason.INVALID_INPUT, "the certificate is not a CA certificate"),
                Arguments.of("truncated PEM", (Runnable) () -> Pem.certificate(truncated(), "the CA certificate",
                        "caCertificate"), Reason.INVALID_INPUT, "is truncated"),
                Arguments.of("garbage PEM", (Runnable) () -> Pem.certificate("hello, world\n".getBytes(
                        StandardCharsets.US_ASCII), "the CA certificate", "caCertificate"), Reason.INVALID_INPUT,
                        "contains no PEM block"),
                Arguments.of("corrupt base64 in PEM", (Runnable) () -> Pem.certificate(("-----BEGIN CERTIFICATE-----\n"
                        + "!!!!notbase64@@@@\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII),
                        "the CA certificate", "caCertificate"), Reason.INVALID_INPUT, "is corrupt"),
                Arguments.of("CSR missing a required field", (Runnable) () -> CA.issue(new IssueRequest(
                        TestPki.csr(KeyType.P256, "CN=d1"), null, Duration.ofDays(1), IssuancePolicy.defaults()
                                .withRequiredFields(Set.of(SubjectField.SERIAL_NUMBER)))),
                        Reason.FORBIDDEN, "subject field serialNumber is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejection_isJitpExceptionWithItsOwnMessage(String name, Runnable action, Reason reason, String message) {
        JitpException failure = catchThrowableOfType(JitpException.class, action::run);

        assertThat(failure).as(name).isNotNull();
        assertThat(failure.reason()).isEqualTo(reason);
        assertThat(failure.getMessage()).contains(message).doesNotContain("Exception").doesNotContain("org.");
        assertThat(failure.field()).isNotBlank();
    }

    @Test
    void rejections_haveDistinctMessages() {
        Set<String> messages = new HashSet<>();

        rejections().forEach(arguments -> messages.add(catchThrowableOfType(JitpException.class,
                ((Runnable) arguments.get()[1])::run).getMessage()));

        assertThat(messages).hasSize((int) rejections().count());
    }

    private static byte[] truncated() {
        String pem = CA.certificatePem();
        return pem.substring(0, pem.length() / 2).getBytes(StandardCharsets.US_ASCII);
    }

}
