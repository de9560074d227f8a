package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.UUID;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;

/**
 * One emulator and one SDK client per test class. The emulator is in memory; its 1 s provisioning delay outlasts
 * the JDK HTTP client's immediate resend of a GET whose connection was closed, so a JITP first contact fails.
 */
abstract class EmulatorTestBase {

    /** A minimal valid JITP template: the thing is named after the certificate's CN. */
    static final String JITP_BODY = "{\"Parameters\":{\"AWS::IoT::Certificate::CommonName\":{\"Type\":\"String\"},"
            + "\"AWS::IoT::Certificate::Id\":{\"Type\":\"String\"}},\"Resources\":{\"thing\":{\"Type\":"
            + "\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Ref\":\"AWS::IoT::Certificate::CommonName\"}}},"
            + "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{\"CertificateId\":"
            + "{\"Ref\":\"AWS::IoT::Certificate::Id\"},\"Status\":\"ACTIVE\"}}}}";

    static Emulator emulator;
    static IotClient iot;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.start(EmulatorConfig.builder().provisioningDelay(Duration.ofSeconds(1)).build());
        iot = SdkClients.iot(emulator.endpoints());
    }

    @AfterAll
    static void stopEmulator() {
        if (iot != null) {
            iot.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Asserts that the call fails with the modeled exception class, the HTTP status and the error code.
     *
     * @return the exception, for further checks
     */
    static <T extends AwsServiceException> T assertAwsError(ThrowingCallable call, Class<T> type, int status,
            String code) {
        T error = catchThrowableOfType(type, call);
        assertThat(error).as("expected %s", type.getSimpleName()).isNotNull();
        assertThat(error.statusCode()).isEqualTo(status);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(error.awsErrorDetails().errorMessage()).isNotBlank();
        assertThat(error.requestId()).isNotBlank();
        return error;
    }

    /** Registers a CA in DEFAULT mode with a proper verification certificate; returns its id. */
    static String registerCa(TestPki.Issued ca, boolean active, boolean autoRegistration,
            software.amazon.awssdk.services.iot.model.RegistrationConfig config) {
        String code = iot.getRegistrationCode().registrationCode();
        TestPki.Issued verification = TestPki.verification(code, ca);
        return iot.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification.certificatePem())
                .setAsActive(active)
                .allowAutoRegistration(autoRegistration)
                .registrationConfig(config)
                .certificateMode(CertificateMode.DEFAULT)).certificateId();
    }
}
