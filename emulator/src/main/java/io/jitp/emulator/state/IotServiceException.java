package io.jitp.emulator.state;

import io.jitp.error.JitpException;

/**
 * A refusal by the emulated AWS IoT service: an error type from the service model, a message safe for the
 * caller and, for {@code ResourceAlreadyExistsException}, the id and ARN of the existing resource.
 */
public final class IotServiceException extends JitpException {

    private static final long serialVersionUID = 1L;

    private final IotErrorType type;
    private final String resourceId;
    private final String resourceArn;

    /**
     * @param type the error type on the wire
     * @param message a message safe for the caller
     * @param resourceId the existing resource's id (already-exists errors), or {@code null}
     * @param resourceArn the existing resource's ARN (already-exists errors), or {@code null}
     */
    public IotServiceException(IotErrorType type, String message, String resourceId, String resourceArn) {
        super(type.reason(), message, null, null, null, null);
        this.type = type;
        this.resourceId = resourceId;
        this.resourceArn = resourceArn;
    }

    /** An error of the given type. */
    public static IotServiceException of(IotErrorType type, String message) {
        return new IotServiceException(type, message, null, null);
    }

    /** {@code InvalidRequestException}. */
    public static IotServiceException invalid(String message) {
        return of(IotErrorType.INVALID_REQUEST, message);
    }

    /** {@code ResourceNotFoundException}. */
    public static IotServiceException notFound(String message) {
        return of(IotErrorType.RESOURCE_NOT_FOUND, message);
    }

    /** {@code ResourceAlreadyExistsException} naming the existing resource. */
    public static IotServiceException alreadyExists(String message, String resourceId, String resourceArn) {
        return new IotServiceException(IotErrorType.RESOURCE_ALREADY_EXISTS, message, resourceId, resourceArn);
    }

    /** The error type on the wire. */
    public IotErrorType type() {
        return type;
    }

    /** The existing resource's id, or {@code null}. */
    public String resourceId() {
        return resourceId;
    }

    /** The existing resource's ARN, or {@code null}. */
    public String resourceArn() {
        return resourceArn;
    }
}
