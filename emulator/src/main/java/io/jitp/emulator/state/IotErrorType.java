package io.jitp.emulator.state;

import io.jitp.error.Reason;

/**
 * The AWS IoT error types the emulator answers with, each with the HTTP status the service model gives it
 * (reference/aws-iot.md section 1.3). The name is what goes into {@code x-amzn-ErrorType} and {@code __type}.
 */
public enum IotErrorType {
    /** Generic validation failure. */
    INVALID_REQUEST("InvalidRequestException", 400),
    /** Throttled; 400, not 429, on the control plane. */
    THROTTLING("ThrottlingException", 400),
    /** A certificate is unparsable or not valid for the operation. */
    CERTIFICATE_VALIDATION("CertificateValidationException", 400),
    /** The verification certificate does not prove the registration code. */
    REGISTRATION_CODE_VALIDATION("RegistrationCodeValidationException", 400),
    /** A bad IoT policy document. */
    MALFORMED_POLICY("MalformedPolicyException", 400),
    /** Not authorised. */
    UNAUTHORIZED("UnauthorizedException", 401),
    /** The caller is authenticated but may not perform the operation. */
    ACCESS_DENIED("AccessDeniedException", 403),
    /** The signature does not match or has expired. */
    INVALID_SIGNATURE("InvalidSignatureException", 403),
    /** The access key id is unknown. */
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 403),
    /** No SigV4 authorisation in the request. */
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 403),
    /** The resource does not exist. */
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
    /** The operation is not allowed in the certificate's current state. */
    CERTIFICATE_STATE("CertificateStateException", 406),
    /** The resource exists already. */
    RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException", 409),
    /** Several registered CAs could have signed the certificate. */
    CERTIFICATE_CONFLICT("CertificateConflictException", 409),
    /** The resource is still attached or referenced. */
    DELETE_CONFLICT("DeleteConflictException", 409),
    /** The expected version does not match. */
    VERSION_CONFLICT("VersionConflictException", 409),
    /** Too many versions. */
    VERSIONS_LIMIT_EXCEEDED("VersionsLimitExceededException", 409),
    /** A limit was exceeded. */
    LIMIT_EXCEEDED("LimitExceededException", 410),
    /** The request body is larger than the emulator accepts. */
    PAYLOAD_TOO_LARGE("InvalidRequestException", 413),
    /** A failure of the service. */
    INTERNAL_FAILURE("InternalFailureException", 500),
    /** The service is unavailable. */
    SERVICE_UNAVAILABLE("ServiceUnavailableException", 503);

    private final String wireName;
    private final int status;

    IotErrorType(String wireName, int status) {
        this.wireName = wireName;
        this.status = status;
    }

    /** The error code on the wire, e.g. {@code ResourceNotFoundException}. */
    public String wireName() {
        return wireName;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The jitp reason closest to this error, for callers that embed the emulator. */
    public Reason reason() {
        return switch (status) {
            case 400 -> Reason.INVALID_INPUT;
            case 401 -> Reason.UNAUTHENTICATED;
            case 403 -> Reason.FORBIDDEN;
            case 404 -> Reason.NOT_FOUND;
            case 413 -> Reason.TOO_LARGE;
            case 500 -> Reason.INTERNAL;
            case 503 -> Reason.UNAVAILABLE;
            default -> Reason.CONFLICT;
        };
    }
}
