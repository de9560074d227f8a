package io.jitp.broker.iot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ThrottlingException;

class IotGatewayTest {

    @Test
    void transient_isThrottling5xxAndUnreachable_only() {
        assertThat(IotGateway.isTransient(error(ThrottlingException.builder(), 400, "ThrottlingException")))
                .isTrue();
        assertThat(IotGateway.isTransient(error(IotException.builder(), 503, "ServiceUnavailableException")))
                .isTrue();
        assertThat(IotGateway.isTransient(error(IotException.builder(), 500, "InternalFailureException")))
                .isTrue();
        assertThat(IotGateway.isTransient(SdkClientException.create("connection refused"))).isTrue();
        assertThat(IotGateway.isTransient(error(IotException.builder(), 400, "InvalidRequestException")))
                .isFalse();
        assertThat(IotGateway.isTransient(error(IotException.builder(), 409, "ResourceAlreadyExistsException")))
                .isFalse();
    }

    @Test
    void translate_namesIotsErrorWithoutAJavaClassName() {
        JitpException denied = IotGateway.translate("CreateRoleAlias",
                error(IotException.builder(), 403, "AccessDeniedException"));
        JitpException invalid = IotGateway.translate("RegisterCACertificate",
                error(IotException.builder(), 400, "CertificateValidationException"));
        JitpException exhausted = IotGateway.translate("GetRegistrationCode",
                error(ThrottlingException.builder(), 400, "ThrottlingException"));
        JitpException unreachable = IotGateway.translate("ListCACertificates",
                SdkClientException.create("Unable to execute HTTP request"));

        assertThat(denied.reason()).isEqualTo(Reason.UPSTREAM);
        assertThat(denied.getMessage()).contains("CreateRoleAlias", "AccessDenied").doesNotContain("Exception");
        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(exhausted.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(exhausted.getMessage()).contains("retries exhausted");
        assertThat(unreachable.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(unreachable.fix()).contains("jitp.iot.region");
    }

    private static IotException error(IotException.Builder builder, int status, String code) {
        return (IotException) builder.statusCode(status).message("message from IoT")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("message from IoT").build())
                .build();
    }
}
